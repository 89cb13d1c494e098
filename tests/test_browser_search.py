"""Resident queries (tests/search_queries.yml) typed into the site's search box find their pages.

The search box is Material's, answered by Pagefind (generator/outputs/search.py); bench/search_bench.py
compares it with Material's built-in search on this site and on a 3,000-page one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from browser_support import *  # noqa: F403 - fixtures
from browser_support import EXAMPLE_DAY, PHONE, ROOT, open_page, record_transfers, search
from example import community

from generator.model.committee import Site

QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
SHOWN = 10  # what fits on a phone screen or two


def test_query_set_is_a_real_one() -> None:
    queries = [str(q["query"]) for q in QUERIES]
    assert len(queries) >= 30
    assert any(q.startswith("第") and q.endswith("条") for q in queries)
    assert any(any(c in q for c in "財務選舉監督業") for q in queries), "no traditional-character query"
    assert any(q.isdigit() for q in queries), "no amount"


def test_expected_pages_exist(site_dir: Path) -> None:
    missing = [p for q in QUERIES for p in q["pages"] if not (site_dir / p.strip("/") / "index.html").is_file()]
    assert missing == []


def test_every_query_finds_its_pages(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/")
    misses: dict[str, list[str]] = {}
    try:
        for q in QUERIES:
            shown = search(page, str(q["query"]))[:SHOWN]
            missed = [p for p in q["pages"] if p not in shown]
            if missed:
                misses[str(q["query"])] = missed
    finally:
        context.close()
    expected = sum(len(q["pages"]) for q in QUERIES)
    found = expected - sum(len(m) for m in misses.values())
    assert misses == {}, f"recall {found}/{expected}"


def test_result_opens_the_page_and_shows_where_the_words_are(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/")
    try:
        search(page, "財務管理")
        first = page.locator(".md-search-result__item").first
        assert "财务管理" in first.locator("mark").first.inner_text() or "财务管理" in first.inner_text()
        first.locator("a").click()
        page.wait_for_load_state("load")
        assert "财务管理" in page.inner_text("article h1")
    finally:
        context.close()


def test_no_results_says_so_in_words(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/")
    try:
        assert search(page, "火星移民") == []
        assert "没有找到" in page.inner_text(".md-search-result__meta")
    finally:
        context.close()


# Issue 14 §3 and issue 13 §4: whose results, what kind, of when; a committee's search keeps to it.
DIBAO = "/xingfu/notices/2026-11-18-dibao-gongshi/"
TAKEN_DOWN = "/xingfu/notices/2026-05-11-dibao-gongshi/"  # its 公示期 ended, the list came down
QUERY_LIMIT = 300 * 1024  # bytes one query may fetch (issue 16), gzipped as a static host sends them
NARROW = {**PHONE, "viewport": {"width": 360, "height": 740}}


def _shown(page: Any) -> list[dict[str, str]]:
    """Each result as a resident reads it: title, the 日期 · 类别 · 委员会 line, the excerpt."""
    return list(
        page.eval_on_selector_all(
            ".md-search-result__item",
            """items => items.map(li => ({
                url: new URL(li.querySelector('a').href).pathname,
                title: li.querySelector('h2').innerText,
                about: (li.querySelector('.gkl-search-about') || {innerText: ''}).innerText,
                excerpt: li.querySelector('p:last-child').innerText}))""",
        )
    )


def _whole_site(page: Any, query: str) -> list[str]:
    """Switch the open search to 全站 and wait for the new results."""
    page.evaluate("document.querySelector('[data-gkl-search-result]').removeAttribute('data-gkl-done')")
    page.get_by_label("全站").check()
    page.wait_for_function(
        "q => document.querySelector('[data-gkl-search-result]').getAttribute('data-gkl-done') === q", arg=query
    )
    return list(page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => new URL(a.href).pathname)"))


def test_results_say_when_what_and_whose_newest_first(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/xingfu/")
    try:
        found = search(page, "低保")
        assert DIBAO in found[:3], found
        assert TAKEN_DOWN not in found
        results = _shown(page)
        assert next(r["about"] for r in results if r["url"] == DIBAO) == "2026年11月18日 · 救助名单 · 幸福里社区"
        # Every result names its committee and kind; a record's date is written the Chinese way.
        assert all(r["about"].endswith("幸福里社区") for r in results), results
        assert not [r for r in results if re.search(r"[:,()]|\d{4}-\d{2}", r["about"])]
        # Every month's ledger has the 理发点 rent in it once: the newest month comes first.
        months = [u for u in search(page, "租金") if u.startswith("/xingfu/finance/20")]
        assert months[:3] == ["/xingfu/finance/2026-10/", "/xingfu/finance/2026-09/", "/xingfu/finance/2026-08/"]
        # One clear button: a type=search field would draw the browser's own ✕ beside the form's.
        assert page.get_attribute("input.md-search__input", "type") == "text"
        clear = page.locator(".md-search__form button[type=reset]")
        assert clear.count() == 1 and clear.is_visible()
        assert clear.get_attribute("aria-label") == "清空"
        clear.click()
        assert page.input_value("input.md-search__input") == ""
    finally:
        context.close()


def test_committee_search_stays_in_the_committee_until_switched(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/liuhe/", device=NARROW)
    try:
        # The village's own name finds its home page, before the many pages titled 六合村….
        assert search(page, "六合村")[:3].count("/liuhe/") == 1
        found = search(page, "专项资金")
        assert found and all(u.startswith("/liuhe/") for u in found), found
        results = _shown(page)
        assert len({(r["title"], r["about"], r["excerpt"]) for r in results}) == len(results), results
        # The switch is on screen and usable at 360 px, and the open search fits the screen.
        box = page.get_by_label("全站").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
        wide = _whole_site(page, "专项资金")
        assert "/xingfu/finance/funds/" in wide[:3], wide
        results = _shown(page)
        assert len({(r["title"], r["about"], r["excerpt"]) for r in results}) == len(results), results
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_the_site_root_searches_every_committee_under_300_kb_a_query(browser: Any, site_url: str) -> None:
    context = browser.new_context(**PHONE)
    totals = record_transfers(context)
    page = context.new_page()
    try:
        page.goto(site_url + "/", wait_until="networkidle")
        assert page.locator("[data-gkl-scope]").count() == 0
        spent = {}
        for query in ("低保", "专项资金"):  # the second: the most index chunks of the example's queries
            before = sum(totals().values())
            found = search(page, query)
            page.wait_for_load_state("networkidle")
            spent[query] = sum(totals().values()) - before
            if query == "低保":
                assert {DIBAO, "/liuhe/notices/2026-11-16-dibao-gongshi/"} <= set(found[:3]), found
                assert TAKEN_DOWN not in found
        # The first query also loads Pagefind itself; together, still one query's allowance.
        assert 20 * 1024 < spent["低保"] < QUERY_LIMIT, spent
        assert sum(spent.values()) < QUERY_LIMIT, spent
    finally:
        context.close()


def _bundles(transfers: dict[str, int], origin: str) -> set[str]:
    """The Pagefind bundles requests went to: ``/pagefind/``, ``/xingfu/pagefind/`` …"""
    return {u.removeprefix(origin).split("/pagefind/")[0] + "/pagefind/" for u in transfers if "/pagefind/" in u}


def test_a_committee_searches_its_own_index_and_the_whole_site_merges_every_unit(browser: Any, site_url: str) -> None:
    """Issue 16 §5: one Pagefind index per build unit (generator/outputs/search.py). A committee's
    search reads that committee's index alone; 全站 merges it with the other committee's and the
    root's (Pagefind's mergeIndex), and its results still say whose they are."""
    context = browser.new_context(**PHONE)
    transfers = record_transfers(context)
    page = context.new_page()
    try:
        page.goto(site_url + "/xingfu/", wait_until="load")
        assert sorted(str(page.get_attribute("[data-gkl-search-form]", "data-gkl-units")).split()) == [
            "liuhe",
            "xingfu",
        ]
        found = search(page, "监督")
        assert found and all(u.startswith("/xingfu/") for u in found), found
        assert _bundles(transfers(), site_url) == {"/xingfu/pagefind/"}
        _whole_site(page, "监督")
        results = _shown(page)
        assert {r["url"].split("/")[1] for r in results} == {"xingfu", "liuhe", "guide"}, results
        # The root's few pages rank low merged (监督 is on nearly all of them); its guide, titled with
        # the word, is still there.
        assert "/guide/supervision/" in [r["url"] for r in results]
        assert {r["about"].rpartition(" · ")[2] for r in results} == {"幸福里社区", "六合村", ""}, results
        assert _bundles(transfers(), site_url) == {"/pagefind/", "/xingfu/pagefind/", "/liuhe/pagefind/"}
        # 溝 is in no variant table but 六合村's (沟渠 is on its pages only): typed 溝渠, the
        # whole site fetches the other units' tables and finds the village's pages.
        typed = search(page, "溝渠")
        assert typed and typed[0].startswith("/liuhe/") and set(typed) == set(search(page, "沟渠")), typed
    finally:
        context.close()


def test_pages_carry_whose_what_and_when(site_dir: Path) -> None:
    """The site layer writes each page's committee, kind and date as Pagefind attributes; the
    index keeps them (generator/outputs/search.py), the overview and guides name no committee."""
    from generator.outputs.search import Record, page_about

    def about(path: str) -> Record:
        html = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
        return Record(path, "", "", page_about(html))

    notice = about(DIBAO)
    assert (notice.fact("committee"), notice.fact("kind"), notice.fact("date")) == (
        "幸福里社区",
        "救助名单",
        "2026-11-18",
    )
    assert ("data-pagefind-filter", "committee:xingfu") in notice.about
    assert ("data-pagefind-sort", "date:2026-11-18") in notice.about
    ledger = about("/liuhe/finance/2026-Q3/")
    assert (ledger.fact("committee"), ledger.fact("kind")) == ("六合村", "财务")
    home = about("/liuhe/")
    assert (home.fact("kind"), home.fact("date")) == ("首页", "")
    assert about("/").about == () and about("/guide/read-accounts/").about == ()


def test_a_one_committee_site_has_no_scope_switch(example: Site) -> None:
    """With one committee, 全站 would find the same pages: its pages carry the committee but
    their search is not narrowed (partials/search.html shows the switch only when scoped)."""
    from generator.outputs.search import search_units
    from generator.site.render import Renderer

    alone = Site(example.root, [community(example)], example.files, masked=True)
    pages = {p.src: p for p in Renderer(alone, EXAMPLE_DAY).pages()}
    assert pages["index.md"].meta["gkl_about"] == {
        "committee": "xingfu",
        "committee_name": "幸福里社区",
        "kind": "首页",
        "date": "",
        "scoped": False,
    }
    both = {p.src: p for p in Renderer(example, EXAMPLE_DAY).pages()}
    assert both["xingfu/index.md"].meta["gkl_about"]["scoped"] is True  # type: ignore[index]
    # Nor a committee index of its own: its pages are at the root, in the root's index.
    assert search_units(Renderer(alone, EXAMPLE_DAY)) == []
    assert sorted(search_units(Renderer(example, EXAMPLE_DAY))) == ["liuhe", "xingfu"]
