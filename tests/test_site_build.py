"""A real MkDocs build of the example data, checked the way a resident would read it."""

from __future__ import annotations

import re
from pathlib import Path

from browser_support import EXAMPLE_DAY
from example import community

from generator.model.committee import Site
from generator.model.money import yuan
from generator.privacy.takedown import Takedown

ROOT = Path(__file__).resolve().parent.parent


def page(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The article's visible text with all whitespace removed, so assertions ignore layout."""
    main = html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]
    return squash(re.sub(r"<[^>]+>", "", main))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_record_has_a_page(example: Site, built: Path) -> None:
    c = community(example)
    expected = ["", f"{c.slug}/rosters", f"{c.slug}/finance", f"{c.slug}/lists", f"{c.slug}/rules", f"{c.slug}/notices"]
    for folder, docs in (
        ("rosters", c.rosters),
        ("finance", c.ledgers),
        ("lists", c.lists),
        ("rules", c.rules),
        ("notices", c.notices),
    ):
        assert docs, f"example data has no {folder}"
        expected += [f"{c.slug}/{folder}/{d.slug}" for d in docs]
    missing = [url for url in expected if not (built / url / "index.html").is_file()]
    assert missing == []


def test_example_data_is_complete(example: Site) -> None:
    c = community(example)
    assert len(c.ledgers) >= 12
    assert len(c.rules) >= 5
    assert len(c.notices) >= 10
    assert {r.model.body for r in c.rosters} >= {"党组织", "居委会", "监督委员会", "居民小组", "网格员", "社区工作者"}
    assert {w.model.kind for w in c.lists} == {
        "履职事项",
        "协助政府事项",
        "负面清单",
        "证明事项",
        "公共服务事项",
        "为民办实事",
    }


def test_ledger_pages_show_reconciled_figures(example: Site, built: Path) -> None:
    c = community(example)
    for doc in c.ledgers:
        body = text_of(page(built, f"{c.slug}/finance/{doc.slug}"))
        ledger = doc.model
        for amount in (ledger.opening_balance, ledger.total_income, ledger.total_expense, ledger.closing_balance):
            assert yuan(amount) in body, (doc.slug, amount)
        # The plain-language summary (templates/ledger.md.j2): 收入 X 元,支出 Y 元,结余 Z 元.
        assert squash(f"收入 {ledger.total_income:,.2f} 元，支出 {ledger.total_expense:,.2f} 元") in body
        for line in ledger.expense:
            assert yuan(line.amount) in body


def test_home_page_shows_newest_notices_first_and_this_period(example: Site, built: Path) -> None:
    c = community(example)
    body = text_of(page(built, c.slug))
    # Person lists past their 公示期 leave the home page (generator/takedown.py).
    shown = [n for n in c.notices if not Takedown(EXAMPLE_DAY).is_down(n.model)]
    titles = [squash(n.model.title) for n in shown[:6]]
    positions = [body.find(t) for t in titles]
    assert -1 not in positions and positions == sorted(positions)
    latest = c.ledgers[-1].model
    assert squash(f"{latest.period.label}：收入 {yuan(latest.total_income)}") in body
    assert squash(c.profile.model.name) in body


def test_rule_page_numbers_every_article(example: Site, built: Path) -> None:
    c = community(example)
    doc = max(c.rules, key=lambda d: len(d.model.articles) + sum(len(ch.articles) for ch in d.model.chapters))
    body = text_of(page(built, f"{c.slug}/rules/{doc.slug}"))
    count = len(doc.model.articles) + sum(len(ch.articles) for ch in doc.model.chapters)
    assert count >= 10
    assert "第一条" in body and "第十条" in body


def test_notice_page_says_its_status_in_words(example: Site, built: Path) -> None:
    c = community(example)
    shown = 0
    for doc in c.notices:
        status = doc.model.status(EXAMPLE_DAY)
        if status:
            said = "已撤下" if Takedown(EXAMPLE_DAY).is_down(doc.model) else status
            assert said in text_of(page(built, f"{c.slug}/notices/{doc.slug}"))
            shown += 1
    assert shown >= 2


def test_no_request_or_link_to_any_other_host(built: Path) -> None:
    own = "https://example.org/"
    offenders = set()
    for html in built.rglob("*.html"):
        for url in re.findall(r'(?:href|src|srcset|action)="((?:https?:)?//[^"]+)"', html.read_text(encoding="utf-8")):
            if not url.startswith(own):
                offenders.add((html.relative_to(built).as_posix(), url))
    for css in built.rglob("*.css"):
        for url in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8")):
            offenders.add((css.relative_to(built).as_posix(), url))
    assert offenders == set()


def _search_hits(built: Path, word: str) -> set[str]:
    """Pages whose indexed text holds ``word``, as Pagefind indexes it (generator/outputs/search.py)."""
    from generator.outputs.search import page_record, pairs

    assert (built / "pagefind" / "pagefind.js").is_file()
    want = f" {pairs(word)} "
    hits = set()
    for page in built.rglob("index.html"):
        record = page_record(page.read_text(encoding="utf-8"))
        if record and want in f" {pairs(record[0] + ' ' + record[1])} ":
            hits.add(page.parent.relative_to(built).as_posix() + "/")
    return hits


def test_chinese_search_finds_two_character_words(example: Site, built: Path) -> None:
    c = community(example)
    assert _search_hits(built, "低保"), "低保 is not a search token on any page"
    assert _search_hits(built, "换届"), "换届 is not a search token on any page"
    juweihui = next(r for r in c.rosters if r.model.body in ("居委会", "村委会"))
    roster_url = f"{c.slug}/rosters/{juweihui.slug}/"
    given_names = [m.name[1:] for m in juweihui.model.members if len(m.name) == 3]
    assert any(roster_url in _search_hits(built, name) for name in given_names), given_names


def test_nothing_generated_is_written_into_content() -> None:
    generated = [
        p for p in (ROOT / "content").rglob("*.md") if p.parts[-2] in ("finance", "notices", "rules", "rosters")
    ]
    assert generated == []
