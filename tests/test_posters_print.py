"""Pressing print on any page, in headless Chromium: clean A4 sheets, and the poster links.

Uses the one shared build and browser of ``browser_support`` (the example ``mkdocs.yml``
builds posters, so its pages carry the 下载海报 links).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
from browser_support import *  # noqa: F403
from example import community

SITE_URL = "https://example.org/"
COMMITTEE = "幸福里社区居民委员会"
CHROME = [
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-footer",
    ".md-search",
    ".md-top",
    ".gkl-posters",
    ".gkl-pager",
]

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")


@pytest.fixture(scope="module")
def printed(site_dir: Path, site_url: str, browser: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # site_dir first: the build (Pagefind's asyncio) must run before Playwright's event loop starts.
    """Every page kind opened on a desktop, switched to print media and printed to PDF."""
    out = tmp_path_factory.mktemp("print")
    results: dict[str, Any] = {}
    # One month's accounts (the finance folder also holds other kinds of page).
    kinds = {**page_kinds(site_dir), "ledger": "/xingfu/finance/2026-10/"}  # noqa: F405
    for kind, path in kinds.items():
        context, page = open_page(browser, site_url + path, device=DESKTOP)  # noqa: F405
        page.emulate_media(media="print")
        # The width of an A4 sheet's text area (210 mm less 2 × 15 mm margins) in CSS pixels.
        page.set_viewport_size({"width": 680, "height": 1000})
        visible = {selector: page.is_visible(selector) for selector in CHROME}
        head = page.inner_text(".gkl-print-head") if page.is_visible(".gkl-print-head") else ""
        clipped = page.evaluate(
            """() => {
                const area = document.querySelector('.md-content__inner').getBoundingClientRect();
                return [...document.querySelectorAll('.md-content table')].filter(t => {
                    const box = t.getBoundingClientRect();
                    let el = t.parentElement, hidden = false;
                    while (el) {
                        // An ancestor that hides overflow and is narrower than the table cuts it off.
                        const r = el.getBoundingClientRect();
                        if (getComputedStyle(el).overflowX !== 'visible' && (r.left > box.left + 1 || r.right < box.right - 1)) hidden = true;
                        el = el.parentElement;
                    }
                    return hidden || box.right > area.right + 1 || box.left < area.left - 1;
                }).map(t => (t.caption ? t.caption.innerText : t.innerText.slice(0, 30)));
            }"""
        )
        row_breaks = page.evaluate(
            "() => [...document.querySelectorAll('.md-content tr')].map(r => getComputedStyle(r).breakInside)"
        )
        pdf = out / f"{kind.replace(' ', '-')}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        links = page.eval_on_selector_all(".gkl-posters a", "as => as.map(a => a.getAttribute('href'))")
        results[kind] = {
            "path": path,
            "visible": visible,
            "head": head,
            "clipped": clipped,
            "row_breaks": row_breaks,
            "pdf": pdf,
            "title": page.inner_text("h1"),
            "poster_links": links,
        }
        context.close()
    return results


def test_print_hides_navigation_search_and_header(printed: dict[str, Any]) -> None:
    for kind, result in printed.items():
        shown = [selector for selector, visible in result["visible"].items() if visible]
        assert not shown, f"{kind}: {shown} 打印时仍然可见"


def test_printed_page_names_committee_date_and_address(printed: dict[str, Any]) -> None:
    for kind, result in printed.items():
        head = result["head"]
        if result["path"].startswith("/xingfu/"):
            assert COMMITTEE in head, (kind, head)
        assert re.search(r"(发布|通过|公开|产生|更新)日期：\d{4}年\d{1,2}月\d{1,2}日", head), (kind, head)
        assert SITE_URL + result["path"].lstrip("/") in head.replace("\n", ""), (kind, head)


def test_every_sheet_carries_title_and_address(printed: dict[str, Any]) -> None:
    pdf = printed["ledger"]["pdf"]
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", pdf)).group(1))  # type: ignore[union-attr]
    assert pages >= 2, "a month's accounts should need more than one sheet"
    title = printed["ledger"]["title"].strip()
    for number in range(1, pages + 1):
        text = re.sub(r"\s+", "", _run("pdftotext", "-f", str(number), "-l", str(number), pdf, "-"))
        assert COMMITTEE in text and re.sub(r"\s+", "", title)[:6] in text, number
        assert "example.org/xingfu/finance/2026-10/" in text, number
        assert f"第{number}页/共{pages}页" in text, number


def test_tables_are_not_clipped_and_rows_stay_whole(printed: dict[str, Any]) -> None:
    for kind, result in printed.items():
        assert not result["clipped"], f"{kind}: 表格打印时被截断：{result['clipped']}"
        assert all(value == "avoid" for value in result["row_breaks"]), kind
    assert printed["ledger"]["row_breaks"], "the accounts page has tables"


def test_printed_sheets_are_a4(printed: dict[str, Any]) -> None:
    for kind, result in printed.items():
        match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", _run("pdfinfo", result["pdf"]))
        assert match, kind
        width, height = (float(v) * 25.4 / 72 for v in match.groups())
        assert abs(width - 210) < 1 and abs(height - 297) < 1, (kind, width, height)


def test_pages_link_posters_only_where_one_was_made(printed: dict[str, Any], site_dir: Path) -> None:
    from generator.clock import today
    from generator.load.repository import load_site
    from generator.outputs.posters import on_wall

    # The notice page shown is an old 公示: its poster is made only while it can be on the wall.
    slug = printed["notice"]["path"].rstrip("/").rsplit("/", 1)[-1]
    site = load_site(Path(__file__).resolve().parent.parent)
    notice = next(d.model for d in community(site).notices if d.slug == slug)
    expected = {"rule": 2, "ledger": 2, "notice": 2 if on_wall(notice, today(), 30) else 0}
    for kind, count in expected.items():
        result = printed[kind]
        links = result["poster_links"]
        assert len(links) == count, (kind, links)
        for href in links:
            target = urlparse(urljoin("http://x" + result["path"], href)).path
            pdf = site_dir / target.lstrip("/")
            assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), (kind, href)
    assert not printed["roster"]["poster_links"], "rosters have no posters"


def _run(*args: Any) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def test_rules_index_links_the_booklet(site_dir: Path) -> None:
    page = (site_dir / "xingfu/rules/index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]*zhidu-huibian-(?:A4|A5)\.pdf)"', page)
    assert len(hrefs) == 2 and "制度汇编" in page, hrefs
    for href in hrefs:
        pdf = (site_dir / "xingfu/rules" / href).resolve()
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), href
