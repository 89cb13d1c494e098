"""Resident queries (tests/search_queries.yml) typed into the site's search box find their pages.

The search box is Material's, answered by Pagefind (generator/outputs/search.py); bench/search_bench.py
compares it with Material's built-in search on this site and on a 3,000-page one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from browser_support import *  # noqa: F403 - fixtures
from browser_support import ROOT, open_page, search

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
