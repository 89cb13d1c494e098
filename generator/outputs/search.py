"""Site search with Pagefind, indexed from the finished HTML after MkDocs has written it.

Why Pagefind and not Material's built-in search: Material's search downloads the whole site's
text (``search_index.json``) on every first visit, before anyone searches — 300 KB for the
example committee and megabytes for a street office with many years of accounts. Pagefind
splits its index into small chunks and fetches only the ones a query needs, and only when the
resident actually searches. ``bench/search_bench.py`` measures both.

Chinese has no spaces, and a word segmenter splits names and short words unpredictably
（姜文涛 → 姜文 + 涛）， so a resident's query is segmented differently from the page and finds
nothing. Instead every run of Chinese characters is indexed as overlapping character pairs
（幸福里 → 幸福 福里）， each pair spelt in letters so that Pagefind's own Chinese word segmenter
leaves it whole, and the search box turns the query into pairs the same way
(assets/javascripts/gongkailan.js): any two-character word, name or phrase that appears on a
page is found. Amounts are indexed without ¥ and thousands separators (45000.00 and 45000),
as residents type them.

One index per build unit: each committee's pages have their own bundle at ``/<slug>/pagefind/``
and the root pages (overview, guides) theirs at ``/pagefind/`` (``index_unit``), so a change to
one committee's data re-indexes that committee alone. On a committee's page the search box
searches that committee's index only; 全站 (and every search from a root page) merges all of
them in the browser with Pagefind's ``mergeIndex``. The plugin gives every page the list of
committees with an index (``search_units``), so nothing has to be asked of the server first.

Each page carries whose it is, what kind and of which day (``data-pagefind-filter``, ``-meta`` and
``-sort`` on the hidden element ``theme/partials/gkl-about.html`` writes from the site layer's
facts); they are copied unchanged into the index, so the search box can show 日期 · 类别 · 委员会
under each result and put the newest first among equally good ones (the ``date`` sort). Merged
indexes keep them, since they are each index's own metadata.

Residents also type traditional characters （財務） on a simplified site, or the other way round:
the search box maps each character of a query to the site's script first, with a small table
built here from OpenCC's character lists, limited to the characters that occur on the unit's
pages. Each bundle carries its own unit's table, so a unit's index never depends on another's
pages; 全站 fetches every unit's table (a few KB each) and joins them in the browser.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import GongkailanError

if TYPE_CHECKING:
    from ..site.render import Renderer

BUNDLE = "pagefind"
VARIANTS = "gkl-variants.json"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_HAN_CHAR = re.compile(f"[{HAN}]")
_AMOUNT = re.compile(r"¥?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?")
# A page's article: <article class="md-content__inner…"> up to the first </article>.
_ARTICLE_OPEN = '<article class="md-content__inner'
_ARTICLE_CLASS_END = re.compile(r'[^"]*">')
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_ABOUT = re.compile(r"<div hidden data-gkl-about[^>]*>(.*?)</div>", re.S)
_PAGEFIND_ATTR = re.compile(r'<span (data-pagefind-(?:filter|meta|sort))="([^"]*)"></span>')
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# Not indexed: print-only headers, screen-reader captions and the poster download line repeat
# on every page; the title (h1) is indexed separately.
SKIP_CLASSES = ("gkl-print-head", "gkl-sr-only", "gkl-posters")


class SearchFailed(GongkailanError):
    """Pagefind could not index the built site."""


def code(chars: str) -> str:
    """Spell Chinese characters in the letters a-p (four per character: its code point in hex).

    Pagefind runs a word segmenter over Chinese text, which would split the pairs again
    （建平 → 建 + 平）； letters it leaves alone. A one-character query still finds every pair that
    starts with that character, because Pagefind also matches word beginnings.
    """
    return chars.translate(_SPELLING)


class _Spelling(dict[int, str]):
    """``str.translate`` table for ``code``, filled in as characters are met: indexing a 街道 spells
    millions of characters, and a lookup is several times cheaper than spelling each one anew."""

    def __missing__(self, point: int) -> str:
        spelt = "".join(chr(97 + int(h, 16)) for h in f"{point:04x}")
        self[point] = spelt
        return spelt


_SPELLING = _Spelling()


# Words residents use for things pages call by their full name: a page saying 最低生活保障 is
# found by 低保. Added to what is indexed, never to what is shown.
SHORT_FORMS = {
    "最低生活保障": "低保",
    "居民委员会": "居委会",
    "村民委员会": "村委会",
    "业主委员会": "业委会",
    "监督委员会": "监委会",
}


def with_short_forms(text: str) -> str:
    """``text`` followed by the short form of every full name in it (see SHORT_FORMS)."""
    extra = [short for full, short in SHORT_FORMS.items() if full in text and short not in text]
    return " ".join([text, *extra])


# Stars inside a masked number only (139****2026); a masked name (张*明) stays one word.
_MASK = re.compile(r"(?<=\d)\*+|\*+(?=\d)")


def pairs(text: str) -> str:
    """Index form of ``text``: Chinese runs as overlapping pairs, amounts without separators."""

    def amount(m: re.Match[str]) -> str:
        whole = m.group(1).replace(",", "")
        cents = m.group(2) or ""
        return f"{whole}{cents} {whole}" if cents else whole

    def run(m: re.Match[str]) -> str:
        # Spelt once, then cut: every character is four letters, so each pair is eight.
        spelt = code(m.group(0))
        if len(spelt) == 4:
            return f" {spelt} "
        return " " + " ".join([spelt[i : i + 8] for i in range(0, len(spelt) - 4, 4)]) + " "

    # A masked number (139****2026) is two words: Pagefind drops the stars and would store
    # "1392026", a digit run that, beside the binary bytes of its index, reads like a phone number.
    unmasked = _MASK.sub(" ", text)
    # Every run of whitespace one space, none at the ends (str.split knows the same whitespace as re's \s).
    return " ".join(_HAN_RUN.sub(run, _AMOUNT.sub(amount, unmasked)).split())


# One markup token of a page's article: a start or end tag (name, attributes), a comment, a
# declaration or a processing instruction. The same tokens Python's html.parser finds in the
# HTML our pages carry, a few times faster: reading every page's article is most of indexing.
# Possessive quantifiers: an unclosed quote cannot make the match backtrack without end.
_TOKEN = re.compile(
    r"""<(?:(/?)([a-zA-Z][^\t\n\r\f />\x00]*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>|!--.*?--\s*>|[!?][^>]*+>)""",
    re.S,
)
_CLASS = re.compile(r"""(?:^|\s)class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
# What html.parser reads as the raw text of a script or style element, up to its end tag.
_RAW_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.I) for tag in ("script", "style")}
# A tag whose attributes hold none of SKIP_CLASSES, nor a character reference that could spell
# one, cannot be skipped for its class: most tags are let through without reading their class.
_SKIP_HINT = re.compile("|".join([*map(re.escape, SKIP_CLASSES), "&"]))
_BLOCKS = frozenset({"p", "div", "li", "tr", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "br", "caption"})
_VOID = frozenset({"br", "img", "input", "hr", "meta", "link"})
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _classes(attributes: str) -> str:
    m = _CLASS.search(attributes)
    if not m:
        return ""
    value = next((g for g in m.groups() if g is not None), "")
    return html.unescape(value) if "&" in value else value


def article_text(article: str) -> str:
    """Visible text of an article, one line per block, without print-only parts, the title and scripts.

    Read as html.parser reads it (tests/test_search_text.py holds the two side by side): text
    between tags with its character references resolved; a skipped element (script, style, h1,
    SKIP_CLASSES) hides everything up to its own end tag.
    """
    parts: list[str] = []
    skip: list[str] = []
    pos = 0
    size = len(article)
    while pos < size:
        m = _TOKEN.search(article, pos)
        start = m.start() if m else size
        if start > pos and not skip:
            data = article[pos:start]
            parts.append(html.unescape(data) if "&" in data else data)
        if m is None:
            break
        pos = m.end()
        tag = m.group(2)
        if tag is None:
            continue  # a comment, declaration or processing instruction
        tag = tag.lower()
        if m.group(1):  # an end tag
            if skip:
                if tag == skip[-1]:
                    skip.pop()
            elif tag in _BLOCKS:
                parts.append("\n")
            continue
        attributes = m.group(3)
        closed = attributes.endswith("/")  # <br/>: html.parser calls start and end
        if (
            skip
            or tag in ("script", "style", "h1")
            or (_SKIP_HINT.search(attributes) and any(c in _classes(attributes) for c in SKIP_CLASSES))
        ):
            if closed:
                # Start and end at once: nothing hidden; a void element was never on the stack,
                # so its end tag counts as a block's end when nothing else is hidden.
                if not skip and tag in _VOID and tag in _BLOCKS:
                    parts.append("\n")
                continue
            if tag not in _VOID:
                skip.append(tag)
            if tag in _RAW_END:
                end = _RAW_END[tag].search(article, pos)
                if end is None:
                    break  # html.parser waits for the rest of a script that never ends
                pos = end.start()
            continue
        if tag in _BLOCKS:
            parts.append("\n\n" if closed else "\n")
    # Spaces and tabs folded once for the whole text (they never join two lines), then each line trimmed.
    lines = (line.strip() for line in _SPACES.sub(" ", "".join(parts)).split("\n"))
    return "\n".join([line for line in lines if line])


@dataclass(frozen=True)
class Record:
    """What the index keeps of one page."""

    url: str
    title: str
    text: str
    # Pagefind's own attributes as the page carries them, (attribute, "name:value") HTML-escaped.
    about: tuple[tuple[str, str], ...] = ()

    def fact(self, name: str) -> str:
        """The page's metadata ``name`` (``committee``, ``kind``, ``date``), or ""."""
        for attribute, pair in self.about:
            key, _, value = html.unescape(pair).partition(":")
            if attribute == "data-pagefind-meta" and key == name:
                return value
        return ""


def page_record(page_html: str) -> tuple[str, str] | None:
    """(title, plain text) of a built page's article, or None for pages without one."""
    article = page_article(page_html)
    if article is None:
        return None
    t = _TITLE.search(article)
    title = html.unescape(re.sub(r"<[^>]+>", "", t.group(1))).strip() if t else ""
    return title, article_text(article)


def page_article(page_html: str) -> str | None:
    """The inside of a built page's article (Material's ``md-content__inner``), or None.

    Found with ``str.find`` rather than one regular expression: a lazy ``.*?`` up to
    ``</article>`` steps through the article a character at a time, three times slower.
    """
    start = page_html.find(_ARTICLE_OPEN)
    while start >= 0:
        opened = _ARTICLE_CLASS_END.match(page_html, start + len(_ARTICLE_OPEN))
        if opened:
            end = page_html.find("</article>", opened.end())
            if end >= 0:
                return page_html[opened.end() : end]
        start = page_html.find(_ARTICLE_OPEN, start + 1)
    return None


def page_about(page_html: str) -> tuple[tuple[str, str], ...]:
    """Pagefind attributes inside the page's ``data-gkl-about`` element (theme/partials/gkl-about.html)."""
    m = _ABOUT.search(page_html)
    return tuple(_PAGEFIND_ATTR.findall(m.group(1))) if m else ()


# Marks the page of a taken-down person list (templates/notice_withdrawn.md.j2).
WITHDRAWN = "data-gkl-withdrawn"
# Marks a page that only lists other pages' titles (a year's or a kind's notices): a search
# finds the notice itself, never one of the lists it is on.
UNSEARCHED = "data-gkl-unsearched"
# Marks a 修改记录 page (templates/history.md.j2): old wording is not what a search should find.
HISTORY = "data-gkl-history"


# The root unit: the overview and every page outside a committee's folder (the unit contract of
# the committee-by-committee build, generator/build/).
ROOT_UNIT = "_site"
# What a page says about its committee (theme/partials/gkl-about.html): a committee's home page
# in its own folder marks that folder as the committee's unit.
_OWNER = re.compile(r'data-gkl-about data-gkl-committee="([^"]*)"')


def bundle_dir(site_dir: Path, unit: str) -> Path:
    """Where ``unit``'s index lives: ``/<slug>/pagefind/`` for a committee, ``/pagefind/`` for the root."""
    return site_dir / BUNDLE if unit == ROOT_UNIT else site_dir / unit / BUNDLE


def search_units(renderer: Renderer) -> list[str]:
    """The committees with an index of their own, which the search box merges for 全站.

    On a site of one committee its pages live at the root, so the root index holds them all.
    The plugin passes this list to every page (``config.extra.gkl_search_units``), so the
    search box knows each index without asking the server for a list.
    """
    return [] if renderer.single else [c.slug for c in renderer.site.committees]


def unit_pages(site_dir: Path, unit: str, units: list[str]) -> list[Path]:
    """The built pages of ``unit``: everything under ``/<unit>/``, or for the root unit every
    page outside the committees' folders."""
    if unit != ROOT_UNIT:
        return sorted((site_dir / unit).rglob("index.html"))
    committees = set(units) - {ROOT_UNIT}
    pages = [site_dir / "index.html"] if (site_dir / "index.html").is_file() else []
    for child in sorted(site_dir.iterdir()):
        if child.is_dir() and child.name not in committees:
            pages.extend(child.rglob("index.html"))
    return sorted(pages)


def index_unit(site_dir: Path, unit: str, units: list[str], language: str = "zh-Hans") -> bool:
    """Index the pages of one build unit in ``site_dir`` into its own Pagefind bundle.

    ``unit`` is a committee's slug or ``_site`` (the root); ``units`` names every unit of the
    site, so that the root leaves the committees' folders to them. Only this unit's files are
    read and written: a change to one committee re-indexes that committee alone, and the search
    box merges the indexes in the browser (Pagefind's ``mergeIndex``). Each bundle carries the
    variant table of its own pages' characters. Returns False, writing nothing, when the unit
    has no page to find (a committee's folder that is not there, as on a one-committee site).
    """
    records: list[Record] = []
    chars: set[str] = set()
    for page in unit_pages(site_dir, unit, units):
        text = page.read_text(encoding="utf-8")
        if WITHDRAWN in text or HISTORY in text:
            continue  # a person list taken down (generator/takedown.py), or old wording: not to be found
        if UNSEARCHED in text:
            continue
        record = page_record(text)
        if record is None:
            continue
        rel = page.parent.relative_to(site_dir).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        records.append(Record(url, *record, page_about(text)))
        chars.update(_HAN_CHAR.findall(record[0] + record[1]))
    bundle = bundle_dir(site_dir, unit)
    shutil.rmtree(bundle, ignore_errors=True)
    if not records:
        return False
    pages = shadow_pages(records)
    with tempfile.TemporaryDirectory(prefix="gkl-pagefind-", dir=_scratch(pages)) as shadow:
        _write_shadow(pages, Path(shadow))
        _run_pagefind(Path(shadow), bundle)
    # Pagefind's ready-made interfaces; the site has its own small search box.
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    table = variant_table(chars, language)
    (bundle / VARIANTS).write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True


def committee_folders(site_dir: Path) -> list[str]:
    """The committees' folders of a built site: each holds its committee's home page."""
    found = []
    for child in sorted(site_dir.iterdir()):
        home = child / "index.html"
        if child.is_dir() and home.is_file():
            owner = _OWNER.search(home.read_text(encoding="utf-8"))
            if owner and owner.group(1) == child.name:
                found.append(child.name)
    return found


def index_site(site_dir: Path, language: str = "zh-Hans") -> None:
    """Index a whole built site (``mkdocs build``, ``gongkailan postbuild``) unit by unit, as
    the committee-by-committee build does: the same bundles, whichever way the site was built."""
    committees = committee_folders(site_dir)
    units = [ROOT_UNIT, *committees]
    for unit in units:
        index_unit(site_dir, unit, units, language)


def shadow_pages(records: list[Record]) -> list[tuple[str, str]]:
    """One small page per site page holding what Pagefind should index and keep, as (path, HTML).

    Pagefind indexes the body (the character pairs); the title and the plain text travel as
    metadata, outside the body: the search box cuts its excerpt from the plain text, since
    the pairs are not fit to read. The page's committee, kind and date go along unchanged.
    """
    pages = []
    for record in records:
        # Pagefind indexes the metadata too, dropping the stars of a masked number: spaced out,
        # 139****2026 stays three words instead of the digit run 1392026.
        title, text = (_MASK.sub(lambda m: f" {m.group()} ", value) for value in (record.title, record.text))
        path = f"{record.url.strip('/')}/index.html".lstrip("/")
        about = "".join(f'<span {name}="{value}"></span>' for name, value in record.about)
        # The title goes in an <h1>, which Pagefind ranks above body text: the page about a
        # thing comes before pages that mention it.
        pages.append(
            (
                path,
                '<!doctype html><html lang="zh"><head><meta charset="utf-8"></head><body>'
                f'<div data-pagefind-meta="title">{html.escape(title)}</div>'
                f'<div data-pagefind-meta="text">{html.escape(text)}</div>'
                f"<div>{about}</div>"
                f"<main data-pagefind-body><h1>{html.escape(pairs(with_short_forms(title)))}</h1>"
                f'<p data-pagefind-weight="{_weight(record.url)}">{html.escape(pairs(with_short_forms(text)))}</p></main>'
                "</body></html>",
            )
        )
    return pages


def _write_shadow(pages: list[tuple[str, str]], shadow: Path) -> None:
    for path, content in pages:
        page = shadow / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(content, encoding="utf-8")


# A memory-backed folder, where it is there and has room: the shadow pages live for one Pagefind
# run. On the disk of the bench machine, writing a page's folder and file, Pagefind reading it
# back and removing it cost about 1.4 ms of CPU a page, nearly as much as Pagefind indexing it; in
# memory about 0.1 ms. Pagefind numbers the pages in the order the folder lists them, which
# differs between file systems (ext4 lists by hash, tmpfs by creation): the same pages, words
# and results, only their internal numbers differ.
SCRATCH = Path("/dev/shm")


def _scratch(pages: list[tuple[str, str]]) -> str | None:
    """Where the shadow pages go: ``SCRATCH`` if it has room for them twice over, else the system's temporary folder."""
    need = sum(len(content) * 3 + 4096 for _, content in pages)  # UTF-8 at most 3 bytes a character, a block a folder
    try:
        if os.access(SCRATCH, os.W_OK | os.X_OK) and shutil.disk_usage(SCRATCH).free > 2 * need:
            return str(SCRATCH)
    except OSError:
        pass
    return None


def _weight(url: str) -> str:
    """Listing pages (home, 公告公示， 规章制度 …) repeat every title below them; their text counts
    half, so a search for 财务管理 opens the 财务管理制度 itself before the list of rules."""
    parts = [p for p in url.split("/") if p]
    listing = len(parts) <= 2 and parts[:1] != ["guide"]
    return "0.5" if listing else "1"


# Pagefind splits a word index into chunks of about this many word positions (its default,
# 20,000, makes chunks of about 30 KB here). A query downloads the chunk of each of its character
# pairs from every index it searches: merged from twelve committees' indexes, 全站 fetched
# 440-1,130 KB a query with the default and 185-275 KB with this; smaller chunks make each
# index's chunk list (fetched once per index) grow faster than they save (bench/search_bench.py).
# The setting is Pagefind's own, read from the environment; were it dropped, the indexes would
# still work, with larger downloads, and tests/test_browser_search.py would say so.
INDEX_CHUNK = 1000


@functools.cache
def _pagefind() -> list[str]:
    """How Pagefind is started: its binary itself, found as ``python -m pagefind`` finds it.

    Through ``python -m pagefind`` every unit's index would start a Python first (about 0.07
    CPU-s, as much as Pagefind's indexing of some forty pages).
    """
    chosen = os.environ.get("PAGEFIND_BINARY_PATH")
    if chosen:
        return [chosen]
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pragma: no cover - pyproject.toml installs it
        return [sys.executable, "-m", "pagefind"]
    return [str(get_executable().resolve())]


def _run_pagefind(shadow: Path, bundle: Path) -> None:
    command = [
        *_pagefind(),
        "--site",
        str(shadow),
        "--output-path",
        str(bundle),
        "--force-language",
        "zh",
        "--silent",
    ]
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK)}
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise SearchFailed(f"搜索索引生成失败（pagefind）：\n{result.stderr or result.stdout}")


# The CJK characters a page is written in: Extension A and the unified block.
_CJK = "".join(chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000)) for c in range(*r))


@functools.cache
def _other_forms(config: str) -> dict[str, list[str]]:
    """For each character, the characters OpenCC's ``config`` (s2t or t2s) turns into it.

    OpenCC ships its character tables compiled, so they are read back through the converter:
    every character alone on a line, so no phrase can match across two of them.
    """
    import opencc

    converted = opencc.OpenCC(config).convert("\n".join(_CJK)).split("\n")
    assert len(converted) == len(_CJK)
    forms: dict[str, list[str]] = {}
    for char, into in zip(_CJK, converted, strict=True):
        if into != char and len(into) == 1:
            forms.setdefault(into, []).append(char)
            forms.setdefault(char, []).append(into)  # and the way back, for one-to-many characters
    return forms


def variant_table(site_chars: set[str], language: str) -> dict[str, str]:
    """Map every other-script form of a character on the site to the form the site uses.

    For a simplified site: 財→财， 務→务 (and both 發 and 髮 → 发）. For a traditional site the
    other way round. Characters not on the site are left out: they cannot match anyway.
    """
    # A simplified site needs the traditional forms of its characters, a traditional site the simplified ones.
    source = _other_forms("t2s" if language == "zh-Hans" else "s2t")
    table: dict[str, str] = {}
    for char in sorted(site_chars):
        for other in source.get(char, []):
            if other != char and other not in site_chars:
                table.setdefault(other, char)
    return table
