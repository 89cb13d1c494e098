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


def _recorded(browser: Any, url: str, action: Any = None) -> list[str]:
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
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
