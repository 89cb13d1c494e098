"""What the search index reads of a page is what it read with Python's html.parser (generator/outputs/search.py).

Indexing reads every built page's article with a tokenizer of its own, and spells the character
pairs a faster way; the index must not change. ``_ParserText`` and ``_pairs_as_before`` are the
code they replaced, word for word (and ``_ARTICLE`` the article's regular expression): every page of the example, and markup our pages could carry,
must come out the same through both, so the shadow pages Pagefind indexes are unchanged.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.outputs import search
from generator.outputs.search import SKIP_CLASSES, article_text, code, page_article, page_record, pairs

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


class _ParserText(HTMLParser):
    """The article text as html.parser read it before (search.py until this change)."""

    BLOCKS = frozenset({"p", "div", "li", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "br", "caption"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if self._skip or tag in ("script", "style", "h1") or any(c in classes for c in SKIP_CLASSES):
            if tag not in ("br", "img", "input", "hr", "meta", "link"):
                self._skip.append(tag)
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _parsed(article: str) -> str:
    parser = _ParserText()
    parser.feed(article)
    return parser.text()


def _pairs_as_before(text: str) -> str:
    def amount(m: re.Match[str]) -> str:
        whole = m.group(1).replace(",", "")
        cents = m.group(2) or ""
        return f"{whole}{cents} {whole}" if cents else whole

    def run(m: re.Match[str]) -> str:
        s = m.group(0)
        if len(s) == 1:
            return f" {code(s)} "
        return " " + " ".join(code(s[i : i + 2]) for i in range(len(s) - 1)) + " "

    unmasked = search._MASK.sub(" ", text)
    return re.sub(r"\s+", " ", search._HAN_RUN.sub(run, search._AMOUNT.sub(amount, unmasked))).strip()


def test_every_page_of_the_example_reads_as_html_parser_read_it(built: Path) -> None:
    articles = 0
    for page in sorted(built.rglob("index.html")):
        m = _ARTICLE.search(page.read_text(encoding="utf-8"))
        assert page_article(page.read_text(encoding="utf-8")) == (m.group(1) if m else None), page
        if not m:
            continue
        articles += 1
        expected = _parsed(m.group(1))
        assert article_text(m.group(1)) == expected, page
        record = page_record(page.read_text(encoding="utf-8"))
        assert record is not None
        for text in record:
            assert pairs(search.with_short_forms(text)) == _pairs_as_before(search.with_short_forms(text)), page
    assert articles > 100  # the example's committees, years and notices, not a page or two


@pytest.mark.parametrize(
    "article",
    [
        # Print-only header, screen-reader caption and poster line left out, nested or not.
        '<div class="gkl-print-head"><p>打印页眉</p><div>里层</div></div><p>正文</p>',
        '<p>金额<span class="x gkl-sr-only">（元）</span>合计</p>',
        '<p class="gkl-posters"><a href="a.pdf">海报</a></p><p>后文</p>',
        # A class spelt with a character reference is still that class.
        '<span class="gkl&#45;sr-only">隐藏</span><p>可见</p>',
        # A style or script element: its text is not markup, whatever it holds.
        '<style media="print">@page { content: "a<b>c</p>"; }</style><p>正文</p>',
        "<script>if (a<b && c>d) { x = '</div>'; }</script><p>后文</p>",
        "<SCRIPT>var x = 1;</SCRIPT ><p>后文</p>",
        # Title left out (indexed apart), with markup inside it.
        '<h1 id="t">标题<a class="headerlink" href="#t">¶</a></h1><p>正文</p>',
        # Character references in text and attributes; stray ampersands and angle brackets.
        "<p>A &amp; B &lt;C&gt; &#20844;&#x5f00; AT&T 5 < 6</p>",
        '<p title="a>b" data-x=\'c"d\'>引号里的尖括号</p>',
        # Self-closing and void tags, inside and outside a skipped part.
        '<p>一<br>二<br/>三<br class="gkl-sr-only"/>四</p><div/><img src="x.png" alt="图">',
        '<div class="gkl-sr-only">甲<br>乙<img src="y"/><span/>丙</div><p>丁</p>',
        # Comments, declarations, upper-case tags, tables and lists.
        "<!-- 注释 <p>不算</p> --><P>大写</P><TABLE><TR><TD>1</TD><TD>2</TD></TR></TABLE><ul><li>甲</li><li>乙</li></ul>",
        "<dl><dt>类别</dt><dd>财务</dd></dl>\n\n  <p>  多个   空格\t和\n换行 </p>",
    ],
)
def test_markup_reads_as_html_parser_read_it(article: str) -> None:
    assert article_text(article) == _parsed(article)


@pytest.mark.parametrize(
    "text",
    [
        "幸福里社区",
        "财",
        "甲\u3000乙\xa0丙\x1c丁\u2028戊 \t\n 己",
        "最低生活保障金 ¥45,000.00 元，139****2026",
        "A 字 B 两字 Ｃ 三个字 ﬀ 龥豈",
    ],
)
def test_pairs_are_spelt_as_before(text: str) -> None:
    assert pairs(text) == _pairs_as_before(text)
