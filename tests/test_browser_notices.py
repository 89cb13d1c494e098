"""The home page and the notices lists in a phone's browser (issue 13 §2, §3).

The newest notice is on the first screen, in normal and large text, and an office-hours range
such as 8:30-17:30 in the contacts stays on one line; the kind and year filter is a row of
links that works with JavaScript off, and on a year's page the script narrows the list in
place instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import search

PHONE_360 = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "大字"])
def test_newest_notice_is_on_the_first_screen(browser: Any, site_url: str, elder: bool) -> None:
    ctx = browser.new_context(**PHONE_360)
    if elder:
        ctx.add_init_script("localStorage.setItem('gkl-elder', '1')")
    page = ctx.new_page()
    try:
        for home, newest in (("/xingfu/", "公示中"), ("/liuhe/", "公告")):
            page.goto(site_url + home, wait_until="load")
            first = page.locator("ul.gkl-dated > li").first
            box = first.locator(".gkl-notice-title").bounding_box()
            assert box is not None and box["y"] + box["height"] <= 740, (
                f"{home}: the newest notice is below the first screen"
            )
            assert newest in first.locator(".gkl-meta, .gkl-status").all_inner_texts()[-1], home
    finally:
        ctx.close()


# Every time range in the page's text, and the ones a line break cuts in two.
SPLIT_TIME_RANGES = r"""() => {
  const range = /\d{1,2}[:：点]\d{2}\s*[-‐‑–—―－~～〜至到]{1,2}\s*\d{1,2}[:：点]\d{2}/g;
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  const found = [], split = [];
  for (let node; (node = walker.nextNode()); ) {
    for (const m of node.data.matchAll(range)) {
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
      found.push(m[0]);
      if (tops.size > 1) split.push(m[0]);
    }
  }
  return [found, split];
}"""


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "大字"])
def test_office_hours_stay_on_one_line(browser: Any, site_url: str, elder: bool) -> None:
    ctx = browser.new_context(**PHONE_360)
    if elder:
        ctx.add_init_script("localStorage.setItem('gkl-elder', '1')")
    page = ctx.new_page()
    try:
        for home in ("/xingfu/", "/liuhe/"):
            page.goto(site_url + home, wait_until="load")
            found, split = page.evaluate(SPLIT_TIME_RANGES)
            assert len(found) >= 3, f"{home}: the contacts give office hours"
            assert split == [], f"{home}: a time range breaks across lines: {split}"
    finally:
        ctx.close()


def test_filters_are_links_without_javascript(browser: Any, site_url: str) -> None:
    ctx = browser.new_context(**PHONE_360, java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(site_url + "/xingfu/notices/", wait_until="load")
        page.locator(".gkl-filter").get_by_role("link", name="2026年").click()
        page.wait_for_url("**/xingfu/notices/year/2026/")
        assert len(page.locator("ul.gkl-dated > li").all()) == 17, "every notice of the year"
        page.locator(".gkl-filter").get_by_role("link", name="会议决议").click()
        page.wait_for_url("**/xingfu/notices/kind/jueyi/")
        kinds = {t.split("·")[1].split()[0] for t in page.locator("ul.gkl-dated .gkl-meta").all_inner_texts()}
        assert kinds == {"会议决议"}
    finally:
        ctx.close()


def test_a_kind_link_narrows_a_year_in_place_with_javascript(browser: Any, site_url: str) -> None:
    ctx = browser.new_context(**PHONE_360)
    page = ctx.new_page()
    try:
        page.goto(site_url + "/xingfu/notices/year/2026/", wait_until="load")
        link = page.locator(".gkl-filter").get_by_role("link", name="会议决议")
        link.click()
        assert page.url.endswith("/xingfu/notices/year/2026/"), "stays on the year's page"
        shown = page.locator("ul.gkl-dated > li:visible")
        assert shown.count() == 4 and {li.get_attribute("data-kind") for li in shown.all()} == {"会议决议"}
        assert page.locator("[data-gkl-count]").inner_text().startswith("2026年的会议决议共 4 则")
        assert page.locator("article h2:visible").count() == 3, "months without one are hidden"
        link.click()
        assert page.locator("ul.gkl-dated > li:visible").count() == 17, "a second click shows them all"
        # The lists are for browsing: a search finds the notice itself, not the lists it is on.
        found = search(page, "救助名单")
        assert found and not [url for url in found if "/notices/year/" in url or "/notices/kind/" in url], found
    finally:
        ctx.close()
