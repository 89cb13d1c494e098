"""Every page a resident opens, and a search, fetch only from the site's own address.

Many mainland networks block or slow foreign hosts (fonts, CDNs, analytics); one such request
can leave a page blank for a minute. The recorder sees every request Chromium makes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import PAGE_KINDS, page_kinds, search

KINDS = list(PAGE_KINDS)


def _recorded(
    browser: Any, url: str, action: Any = None, failed: list[str] | None = None, elder: bool = False
) -> list[str]:
    """Every URL the page requests; those that fail (an error status, or no answer) go to ``failed``."""
    context = browser.new_context()
    if elder:
        context.add_init_script("localStorage.setItem('gkl-elder', '1')")
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    if failed is not None:
        context.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        context.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}"))
    # Recorded, then stopped: nothing leaves this machine even when a page misbehaves.
    own = urlsplit(url).netloc
    context.route(lambda u: urlsplit(u).netloc != own, lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    if action:
        action(page)
        page.wait_for_load_state("networkidle")
    context.close()
    return requests


def _foreign(requests: list[str], origin: str) -> list[str]:
    own = urlsplit(origin).netloc
    return [u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]


@pytest.mark.parametrize("kind", KINDS)
def test_page_requests_only_its_own_site(browser: Any, site_dir: Path, site_url: str, kind: str) -> None:
    path = page_kinds(site_dir)[kind]
    requests = _recorded(browser, site_url + path)
    assert any(u.endswith(".css") for u in requests), "recorder saw no stylesheet: it is not recording"
    assert _foreign(requests, site_url) == []


# Every kind of page, the overview and a village's pages included.
ALL_KINDS = sorted(set(KINDS) | {"overview", "village home", "village notice"})


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_no_request_fails(browser: Any, site_dir: Path, site_url: str, elder: bool) -> None:
    """On a slow link every failing request costs a round trip, and a static host answers a
    missing file with its whole 404 page. (Material's language helper once fetched a
    ``sitemap.xml`` beside each feed link: three or four 404s on every page.)"""
    failed: list[str] = []
    for kind in ALL_KINDS:
        requests = _recorded(browser, site_url + page_kinds(site_dir)[kind], failed=failed, elder=elder)
        assert any(u.endswith(".js") for u in requests), f"{kind}: the recorder saw no script"
    found: list[str] = []
    _recorded(browser, site_url + "/", lambda page: found.extend(search(page, "低保")), failed=failed, elder=elder)
    assert found, "the search found nothing"
    assert failed == [], "\n".join(sorted(set(failed)))


def test_recorder_catches_a_failing_request(browser: Any, site_url: str) -> None:
    failed: list[str] = []
    _recorded(browser, site_url + "/", lambda page: page.evaluate("fetch('nothing-here.txt')"), failed=failed)
    assert failed == [f"404 {site_url}/nothing-here.txt"]


def test_recorder_catches_a_foreign_request(browser: Any, site_url: str) -> None:
    def misbehave(page: Any) -> None:
        page.evaluate("fetch('https://fonts.gongkailan.invalid/a.woff2').catch(() => null)")

    assert _foreign(_recorded(browser, site_url + "/", misbehave), site_url) == [
        "https://fonts.gongkailan.invalid/a.woff2"
    ]


def test_search_requests_only_its_own_site(browser: Any, site_url: str) -> None:
    found: list[str] = []
    requests = _recorded(browser, site_url + "/", lambda page: found.extend(search(page, "低保")))
    assert found, "the search found nothing, so it did not exercise the search index"
    assert any("/pagefind/" in u for u in requests)
    assert _foreign(requests, site_url) == []


def test_opening_a_search_result_requests_only_its_own_site(browser: Any, site_url: str) -> None:
    def search_and_open(page: Any) -> None:
        search(page, "财务公开")
        page.click(".md-search-result__item a")
        page.wait_for_load_state("load")

    requests = _recorded(browser, site_url + "/", search_and_open)
    assert _foreign(requests, site_url) == []


def test_pages_link_to_no_foreign_stylesheet_script_or_font(site_dir: Path) -> None:
    # Pages not opened above (every finance period, every notice) are checked in their HTML.
    # <link rel="canonical"> names the public address but is never fetched, so it is allowed.
    fetched = re.compile(r"<(?:script|img|iframe|source|video|audio)\b[^>]*\bsrc=\"(?:https?:)?//", re.I)
    links = re.compile(r"<link\b[^>]*>", re.I)
    offenders = []
    for page in site_dir.rglob("*.html"):
        html = page.read_text("utf-8")
        foreign_links = [
            tag
            for tag in links.findall(html)
            if re.search(r'href="(?:https?:)?//', tag) and not re.search(r'rel="(?:canonical|alternate)"', tag)
        ]
        if fetched.search(html) or foreign_links:
            offenders.append(str(page.relative_to(site_dir)))
    assert offenders == []
