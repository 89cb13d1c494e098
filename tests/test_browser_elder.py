"""Large-text mode (适老化): one visible switch on every page, remembered, no pop-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import PAGE_KINDS, open_page, page_kinds

KINDS = list(PAGE_KINDS)

TEXT = """() => { const p = document.querySelector('article p, article td, article li');
    const s = getComputedStyle(p); const size = parseFloat(s.fontSize);
    return {size, ratio: parseFloat(s.lineHeight) / size}; }"""


def _switch(page: Any) -> Any:
    return page.get_by_role("button", name="大字")


def test_switch_is_visible_on_every_page_and_enlarges_the_text(browser: Any, site_dir: Path, site_url: str) -> None:
    context, page = open_page(browser, site_url + "/")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    context.on("page", lambda p: dialogs.append("new window " + p.url))
    try:
        normal = page.evaluate(TEXT)
        assert normal["size"] < 24  # the test means something only if normal text is smaller
        _switch(page).click()
        assert _switch(page).get_attribute("aria-pressed") == "true"
        for kind, path in page_kinds(site_dir).items():
            page.goto(site_url + path)
            assert _switch(page).is_visible(), kind
            assert _switch(page).get_attribute("aria-pressed") == "true", f"{kind}: choice not remembered"
            text = page.evaluate(TEXT)
            assert text["size"] >= 24, kind
            assert text["ratio"] >= 1.5, kind
        _switch(page).click()
        page.goto(site_url + page_kinds(site_dir)["finance"])
        assert _switch(page).get_attribute("aria-pressed") == "false"
        assert page.evaluate(TEXT)["size"] == normal["size"]
    finally:
        context.close()
    assert dialogs == [], "the switch must not open pop-ups or windows"


def test_remembered_choice_applies_before_first_paint(browser: Any, site_dir: Path, site_url: str) -> None:
    # The attribute must already be there when the HTML is parsed, so text never flashes small.
    context, page = open_page(browser, site_url + "/", elder=True)
    try:
        page.goto(site_url + page_kinds(site_dir)["notice"], wait_until="commit")
        page.wait_for_selector("body", state="attached")
        assert page.evaluate("document.documentElement.hasAttribute('data-gkl-elder')")
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["notices index", "notice", "roster"])
def test_status_is_said_in_words_not_only_colour(browser: Any, site_dir: Path, site_url: str, kind: str) -> None:
    context, page = open_page(browser, site_url + page_kinds(site_dir)[kind], elder=True)
    try:
        badges = page.eval_on_selector_all(".gkl-status", "es => es.map(e => e.innerText.trim())")
        for word in badges:
            assert word, "a status badge with no words"
    finally:
        context.close()
    if kind == "notices index":
        assert any(w in ("公示中", "公示期已结束") for w in badges), badges
