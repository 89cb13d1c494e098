"""Accessibility as axe-core (WCAG 2.1 A and AA) and a keyboard user find it.

Every kind of page, in light and dark scheme, in normal and large-text (适老化) mode, on a
phone-sized screen; and the search box with its results showing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import DESKTOP, PAGE_KINDS, open_page, page_kinds, run_axe, search

KINDS = list(PAGE_KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_no_axe_violations(browser: Any, site_dir: Path, site_url: str, kind: str) -> None:
    # One load per page kind; the scheme and the large-text switch are changed in place (the
    # switch by clicking it, as a resident does), so all four views are checked quickly.
    context, page = open_page(browser, site_url + page_kinds(site_dir)[kind])
    found: dict[str, list[str]] = {}
    try:
        for elder in (False, True):
            if elder:
                page.click("[data-gkl-elder-toggle]")
            assert page.evaluate("document.documentElement.hasAttribute('data-gkl-elder')") is elder
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                found[f"{scheme}{' elder' if elder else ''}"] = run_axe(page)
    finally:
        context.close()
    assert found == {"light": [], "dark": [], "light elder": [], "dark elder": []}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_in_search_results(browser: Any, site_url: str, scheme: str) -> None:
    # A committee's page: its search shows the scope switch (只搜本村/社区 or 全站) too.
    context, page = open_page(browser, site_url + "/xingfu/", scheme=scheme)
    try:
        assert search(page, "低保")
        assert run_axe(page) == []
    finally:
        context.close()


def _tab_through(page: Any, limit: int = 400) -> list[dict[str, str]]:
    """Press Tab until focus comes back round; what received focus, in order."""
    seen: list[dict[str, str]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate(
            """() => { const e = document.activeElement;
                return {tag: e.tagName, cls: e.className || '', href: e.href || '', text: (e.innerText || '').trim(),
                        label: e.getAttribute('aria-label') || '', inArticle: !!e.closest('article')}; }"""
        )
        if seen and here == seen[0]:
            break
        seen.append(here)
    return seen


@pytest.mark.parametrize("kind", ["home", "finance", "notices index"])
def test_keyboard_reaches_search_navigation_and_every_link(
    browser: Any, site_dir: Path, site_url: str, kind: str
) -> None:
    context, page = open_page(browser, site_url + page_kinds(site_dir)[kind], device=DESKTOP)
    try:
        focused = _tab_through(page)
        article_links = set(
            page.eval_on_selector_all("article a[href]", "as => as.filter(a => a.checkVisibility()).map(a => a.href)")
        )
        reached = {f["href"] for f in focused if f["href"]}
        if kind != "finance":  # the latest period may link to nothing
            assert article_links, "page has no links in its text"
        assert article_links - reached == set()
        assert any(f["tag"] == "INPUT" and "md-search__input" in f["cls"] for f in focused), "search box not reached"
        assert any("md-nav__link" in f["cls"] for f in focused), "navigation not reached"
        assert any(f["text"] == "大字" for f in focused), "large-text switch not reached"
    finally:
        context.close()


def test_keyboard_alone_searches_and_opens_a_result(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/", device=DESKTOP)
    try:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
                break
        page.keyboard.type("低保")
        page.wait_for_selector(".md-search-result__item a")
        for _ in range(5):
            page.keyboard.press("Tab")
            if page.evaluate("!!document.activeElement.closest('.md-search-result__item')"):
                break
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "dibao" in page.url or "低保" in page.inner_text("article")
    finally:
        context.close()


def test_keyboard_opens_menu_and_search_on_a_phone(browser: Any, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/")
    try:

        def tab_to(selector: str) -> None:
            for _ in range(20):
                page.keyboard.press("Tab")
                if page.evaluate("s => document.activeElement.matches(s)", selector):
                    return
            raise AssertionError(f"Tab never reached {selector}")

        tab_to('label[for="__drawer"]')
        page.keyboard.press("Enter")
        assert page.evaluate("document.getElementById('__drawer').checked")
        page.keyboard.press("Tab")
        for _ in range(10):
            if page.evaluate("!!document.activeElement.closest('.md-nav')"):
                break
            page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-nav')"), "menu links not reached"
        page.reload()
        tab_to('label.md-header__button[for="__search"]')
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
    finally:
        context.close()
