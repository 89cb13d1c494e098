"""Shared pieces for the browser tests: one build, one local web server, one headless Chromium.

The tests load the built example site the way a resident does, in Debian's Chromium driven by
Playwright. Expensive things are made once per test run (module-level caches) however many
test modules ask for them, and torn down when the interpreter exits.

Import the fixtures into a test module with ``from browser_support import *``.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Nothing in the background may phone home: a stray request to a foreign host would be
# indistinguishable from one made by the site.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A common cheap Android phone's viewport.
PHONE = {"viewport": {"width": 412, "height": 800}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# A desktop screen, where navigation sits beside the text and the search box is in the header.
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
GZIP_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
}

__all__ = [
    "DESKTOP",
    "EXAMPLE_DAY",
    "PHONE",
    "ROOT",
    "browser",
    "build_example",
    "first_visit_bytes",
    "open_page",
    "page_kinds",
    "record_transfers",
    "run_axe",
    "search",
    "serve",
    "site_dir",
    "site_url",
]


# The day the example site is built as of: inside the Q4 低保 list's 公示期 (11-18 to 11-24),
# so that it is on the site and searchable, whatever the calendar says when the tests run.
EXAMPLE_DAY = date(2026, 11, 20)


@functools.cache
@functools.cache
def build_example(config: str = "mkdocs.yml") -> Path:
    """Build the example site once per run into a temporary directory, as of ``EXAMPLE_DAY``.

    Each page's menu is also written by Material's own macro and compared: the build stops at
    the first difference (generator/mkdocs_plugin/menu.py, tests/test_menu.py).
    """
    from generator.clock import AS_OF
    from generator.mkdocs_plugin import menu
    from generator.mkdocs_plugin.sitebuild import build_site

    out = Path(tempfile.mkdtemp(prefix="gkl-browser-"))
    atexit.register(shutil.rmtree, out, True)
    before = {name: os.environ.get(name) for name in (AS_OF, menu.CHECK)}
    os.environ[AS_OF] = EXAMPLE_DAY.isoformat()
    os.environ[menu.CHECK] = "1"
    try:
        return build_site(ROOT / config, out / "site")
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host like the ones committees use: text files are sent gzip-compressed.

    GitHub Pages, nginx and object storage behind a CDN all do this; measuring uncompressed
    files would overstate what a resident downloads about fourfold.
    """

    _gzipped: ClassVar[dict[str, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix in GZIP_TYPES and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            key = str(path)
            if key not in self._gzipped:
                self._gzipped[key] = gzip.compress(path.read_bytes(), 6)
            body = self._gzipped[key]
            self.send_response(200)
            self.send_header("Content-Type", GZIP_TYPES[path.suffix])
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@functools.cache
def serve(directory: Path) -> str:
    """Serve ``directory`` on 127.0.0.1 on a free port; returns the origin, e.g. ``http://127.0.0.1:4711``."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atexit.register(server.shutdown)
    return f"http://127.0.0.1:{server.server_address[1]}"


_playwright: list[Any] = []


@functools.cache
def launch() -> Any:
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    _playwright.append(pw)
    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def stop() -> None:
        b.close()
        pw.stop()

    atexit.register(stop)
    return b


# The kinds of page checked in a browser; known before any build, so that collecting the
# tests builds nothing (each test finds its page in the built site).
PAGE_KINDS = ("home", "roster", "finance", "list", "rule", "notice", "notices index", "guide")


def page_kinds(site: Path) -> dict[str, str]:
    """One URL path for every kind of page a resident can open, picked from the built site."""

    def first(folder: str, prefer: str = "") -> str:
        pages = sorted(p.parent.name for p in (site / "xingfu" / folder).glob("*/index.html"))
        chosen = next((p for p in pages if prefer and prefer in p), pages[-1])
        return f"/xingfu/{folder}/{chosen}/"

    return {
        "home": "/xingfu/",
        "village home": "/liuhe/",
        "village notice": "/liuhe/notices/2025-12-08-cundao-yinghua-jueyi/",
        "overview": "/",
        "roster": first("rosters", "juweihui"),
        "finance": first("finance"),
        "list": first("lists", "zhengming"),
        "rule": first("rules", "caiwu"),
        "notice": first("notices", "dibao"),
        "notices index": "/xingfu/notices/",
        "guide": "/guide/read-accounts/",
    }


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return build_example()


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> str:
    return serve(site_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium 未安装：运行 bash scripts/setup --test")
    yield launch()


def open_page(
    browser: Any, url: str, *, scheme: str = "light", elder: bool = False, device: dict[str, Any] | None = None
) -> tuple[Any, Any]:
    """A fresh context (empty cache, like a first visit) and a page loaded at ``url``."""
    context = browser.new_context(**(device or PHONE), color_scheme=scheme, locale="zh-CN")
    if elder:
        context.add_init_script("localStorage.setItem('gkl-elder', '1')")
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def run_axe(page: Any) -> list[str]:
    """WCAG 2.1 A and AA violations on the page, one readable line per failing element."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        if not AXE.is_file():
            pytest.fail("tests/vendor/axe.min.js 不存在：运行 bash scripts/setup --test")
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.flatMap(v => v.nodes.map(n =>
                `${v.id}: ${n.target.join(' ')}: ${n.failureSummary.split('\\n')[1] || ''}`));
        }"""
    )
    return list(violations)


def search(page: Any, query: str) -> list[str]:
    """Type ``query`` into the header search box as a resident would; return the result paths."""
    if not page.is_visible("input.md-search__input"):
        page.click('label.md-header__button[for="__search"]')
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.querySelector('[data-gkl-search-result]').getAttribute('data-gkl-done') === q", arg=query
    )
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => new URL(a.href).pathname)")
    return list(links)


def record_transfers(context: Any) -> Any:
    """Start recording every finished request of ``context``, workers' included.

    Returns a function giving bytes transferred (headers and compressed body) by URL so far.
    CDP's page-level network events would miss what Pagefind's and Material's search
    workers fetch, which is most of what a search costs.
    """
    finished: list[Any] = []
    context.on("requestfinished", lambda request: finished.append(request))

    def totals() -> dict[str, int]:
        sizes: dict[str, int] = {}
        for request in finished:
            n = request.sizes()
            sizes[request.url] = sizes.get(request.url, 0) + n["responseBodySize"] + n["responseHeadersSize"]
        return sizes

    return totals


def first_visit_bytes(browser: Any, url: str, device: dict[str, Any] | None = None) -> dict[str, int]:
    """Bytes a first visit to ``url`` transfers (headers and compressed bodies), by URL."""
    context = browser.new_context(**(device or PHONE))
    totals = record_transfers(context)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    sizes = totals()
    context.close()
    return sizes
