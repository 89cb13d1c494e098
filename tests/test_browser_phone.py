"""A cheap phone, measured: every page kind at 360 and 390 px, normal and large text (大字).

Nothing may be wider than the screen, no table cell narrower than four characters, and a
row's amount or result must be on the first screen width, so a resident reads each row
without scrolling sideways. Pages also work with JavaScript off, as in the in-app browsers
residents open shared links in. Measured in Debian's Chromium, not by reading the CSS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import page_kinds

SCREENS = [(360, 740), (390, 844)]

# Problems on the page as one readable line each. Columns whose cell is a row's key fact:
# amounts (gkl-num) and the named ones; the others may wrap but not leave the screen.
# The screen's width is passed in: a mobile browser widens its layout viewport (innerWidth)
# to fit content that overflows, and shrinks the text to match.
MEASURE = """([vw, vh]) => {
    const out = [];
    const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
        ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' «' + (e.innerText || '').trim().slice(0, 24) + '»';
    const shown = e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; };
    if (document.documentElement.scrollWidth > vw)
        out.push(`page is ${document.documentElement.scrollWidth}px wide`);
    for (const e of document.querySelectorAll('.md-header *, .md-content *')) {
        if (!shown(e) || getComputedStyle(e).visibility === 'hidden') continue;
        const r = e.getBoundingClientRect();
        if (r.right > vw + 0.5) out.push(`${name(e)} reaches ${Math.round(r.right)}px`);
        const s = getComputedStyle(e);
        if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
            out.push(`${name(e)} scrolls sideways (${e.scrollWidth} in ${e.clientWidth}px)`);
    }
    const title = document.querySelector('.md-header__topic:first-child .md-ellipsis');
    // A cut title loses a whole line; CJK glyphs overhang their line box by a pixel or two.
    const line = title && parseFloat(getComputedStyle(title).lineHeight);
    if (title && (title.scrollWidth > title.clientWidth + 1 || title.scrollHeight > title.clientHeight + line / 2))
        out.push(`site title cut: ${title.innerText}`);
    const key = /金额|余额|剩余|已用|评议结果|收入|支出/;
    for (const cell of document.querySelectorAll('.md-content td, .md-content th')) {
        // Column headings move into each card (data-label); the heading row stays for screen readers.
        if (!shown(cell) || !shown(cell.closest('table > *'))) continue;
        const r = cell.getBoundingClientRect(), em = parseFloat(getComputedStyle(cell).fontSize);
        if (r.width < 4 * em - 0.5)
            out.push(`${name(cell)} is ${Math.round(r.width)}px, under four characters of ${em}px`);
        const label = cell.getAttribute('data-label') || '';
        if ((cell.classList.contains('gkl-num') || key.test(label)) && (r.left < 0 || r.right > vw + 0.5))
            out.push(`${label || 'amount'} ${name(cell)} is outside the screen (${Math.round(r.left)}–${Math.round(r.right)}px)`);
    }
    // Dates, amounts and names are read whole: never "2026-/11-18", "¥35,634./5" or "周建/平".
    const whole = /(?<![\\d-])\\d{4}-\\d{2}-\\d{2}(?![\\d-])|¥?-?\\d{1,3}(,\\d{3})+(\\.\\d+)?/g;
    const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
    const pieces = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode())
        for (const m of n.data.matchAll(whole)) pieces.push([n, m.index, m.index + m[0].length]);
    for (const cell of document.querySelectorAll('.md-content td[data-label$="名"], .md-content td[data-label="申请人"]'))
        for (const n of cell.childNodes) if (n.nodeType === 3 && n.data.trim()) pieces.push([n, 0, n.data.length]);
    for (const [n, start, end] of pieces) {
        const range = document.createRange();
        range.setStart(n, start); range.setEnd(n, end);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) out.push(`«${n.data.slice(start, end)}» breaks across lines`);
    }
    for (const row of document.querySelectorAll('.md-content tbody tr')) {
        const h = row.getBoundingClientRect().height;
        if (h > vh) out.push(`${name(row)} is ${Math.round(h)}px tall, more than one screen`);
    }
    return out;
}"""


def phone_pages(site: Path) -> dict[str, str]:
    """Every kind of page a resident opens, including the ones with the widest tables."""
    committee = site / "xingfu"

    def one(folder: str, pattern: str) -> str:
        found = sorted(p.parent.name for p in (committee / folder).glob(f"{pattern}/index.html"))
        assert found, f"no {folder}/{pattern} page in the example site"
        return f"/xingfu/{folder}/{found[-1]}/"

    kinds = page_kinds(site)
    return {
        "home": kinds["home"],
        "village home": kinds["village home"],
        "about": "/xingfu/about/",
        "roster": kinds["roster"],
        "ledger": one("finance", "[0-9][0-9][0-9][0-9]-[0-9][0-9]"),
        "finance index": "/xingfu/finance/",
        "accounts of a year": "/xingfu/finance/year/2026/",  # its total in the table's foot
        "budget": one("finance", "budget-*"),
        "fund": one("finance", "funds"),
        "donation": one("donations", "*-*"),
        "property": one("property", "*-*"),
        "list": kinds["list"],
        "rule": kinds["rule"],
        "notice with a table": one("notices", "*dibao*"),
        "notices index": kinds["notices index"],
        "notices of a year": "/xingfu/notices/year/2026/",
        "village notices index": "/liuhe/notices/",
        "rules index": "/xingfu/rules/",
        "catalogue": "/xingfu/catalogue/",  # ten columns: each item a card
        "resolution": "/xingfu/notices/2026-03-10-shilaohua-gaizao-jueyi/",  # its execution in tables
        "guide with a table": kinds["guide"],
    }


def _measure_all(browser: Any, site_url: str, pages: dict[str, str], **context: Any) -> dict[str, list[str]]:
    elder = context.pop("elder", False)
    viewport = context["viewport"]
    ctx = browser.new_context(**context, is_mobile=True, has_touch=True, locale="zh-CN")
    if elder:
        ctx.add_init_script("localStorage.setItem('gkl-elder', '1')")
    page = ctx.new_page()
    problems: dict[str, list[str]] = {}
    try:
        for kind, path in pages.items():
            page.goto(site_url + path, wait_until="load")
            if elder:
                assert page.evaluate("document.documentElement.hasAttribute('data-gkl-elder')"), kind
            found = page.evaluate(MEASURE, [viewport["width"], viewport["height"]])
            if found:
                problems[f"{kind} {path}"] = found[:8]
    finally:
        ctx.close()
    return problems


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "大字"])
@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}px" for w, _ in SCREENS])
def test_every_page_kind_fits_a_phone_screen(
    browser: Any, site_dir: Path, site_url: str, screen: tuple[int, int], elder: bool
) -> None:
    width, height = screen
    problems = _measure_all(
        browser, site_url, phone_pages(site_dir), viewport={"width": width, "height": height}, elder=elder
    )
    assert problems == {}, "\n".join(f"{page}: {line}" for page, lines in problems.items() for line in lines)


def test_table_rows_read_as_labelled_cards_at_body_size(browser: Any, site_dir: Path, site_url: str) -> None:
    # The 低保 公示 list in a notice body: each applicant's name and result on one card,
    # named by the column heading, in the body's font size (Material sets tables at 80%).
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(site_url + phone_pages(site_dir)["notice with a table"], wait_until="load")
        card = page.evaluate(
            """() => { const row = document.querySelector('.gkl-body tbody tr');
                const cells = [...row.cells].map(c => ({label: c.getAttribute('data-label'),
                    text: c.innerText, top: c.getBoundingClientRect().top, size: getComputedStyle(c).fontSize}));
                const body = getComputedStyle(document.querySelector('.gkl-body p')).fontSize;
                const shown = getComputedStyle([...row.cells][1], '::before').content;
                return {cells, body, shown, height: row.getBoundingClientRect().height}; }"""
        )
    finally:
        ctx.close()
    labels = [c["label"] for c in card["cells"]]
    assert labels[1] == "申请人" and labels[-1] == "评议结果", labels
    assert card["shown"] == '"申请人"', "the label is shown beside the value"
    tops = [c["top"] for c in card["cells"]]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), "one line per cell, top to bottom"
    assert {c["size"] for c in card["cells"]} == {card["body"]}, "table text as large as the body text"


def test_pages_read_and_navigate_without_javascript(browser: Any, site_dir: Path, site_url: str) -> None:
    pages = phone_pages(site_dir)
    problems = _measure_all(browser, site_url, pages, viewport={"width": 360, "height": 740}, java_script_enabled=False)
    assert problems == {}, problems
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(site_url + "/xingfu/", wait_until="load")  # a committee's home: its menu lists 财务公开
        finance = page.locator(".md-sidebar--primary").get_by_role("link", name="财务公开", exact=True)
        closed = finance.bounding_box()
        assert closed is not None and closed["x"] + closed["width"] <= 0, "the menu starts closed on a phone"
        page.click('label.md-header__button[for="__drawer"]')
        page.wait_for_timeout(600)  # the drawer slides in (CSS transition, no script)
        opened = finance.bounding_box()
        assert opened is not None and opened["x"] >= 0, "the menu button opens the menu without JavaScript"
        finance.click()
        page.wait_for_url("**/finance/")
        assert page.locator("article h1").inner_text() == "财务公开"
    finally:
        ctx.close()


def test_a_notice_page_lists_its_own_year_and_reaches_the_others(browser: Any, site_dir: Path, site_url: str) -> None:
    """Notices are grouped by year in the menu: a 2025 notice's page lists 2025's, and 2026 is two taps away."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(site_url + "/liuhe/notices/2025-11-20-cundao-yinghua-fangan/", wait_until="load")
        menu = page.locator(".md-sidebar--primary")
        assert menu.locator("a", has_text="村民代表会议决议").count() >= 1  # the other 2025 notice
        assert menu.locator("a", has_text="五里岗至塘口村道硬化工程实施结果公开").count() == 0  # 2026's: not here
        page.click('label.md-header__button[for="__drawer"]')
        page.wait_for_timeout(600)  # the drawer slides in (CSS transition, no script)
        menu.locator("label.md-nav__title", has_text="2025年").click()  # back up to 公告公示
        page.wait_for_timeout(600)
        menu.get_by_role("link", name="2026年", exact=True).click()
        page.wait_for_url("**/liuhe/notices/2026-*/")
        assert page.locator("article h1").inner_text()
    finally:
        ctx.close()
