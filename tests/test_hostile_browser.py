"""A site built from hostile data (tests/data/hostile/) runs no script from the data and makes
no request to any other host, on every page, in a real Chromium."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import serve
from privacy_seed import ROOT, project

HOSTILE = ROOT / "tests" / "data" / "hostile"

# Runs before any page script: a payload that gets to run leaves a mark here.
TRAP = """
window.__gklHits = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  const original = window[name];
  window[name] = function () { window.__gklHits.push(name); };
}
"""

# Everything on the page that could run code or fetch from elsewhere, as found in the DOM.
DOM_CHECK = """
() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name)
          && /^(javascript|data|vbscript):/.test(value)) found.push(`${el.tagName} ${name}=${value.slice(0, 30)}`);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME'].includes(el.tagName)) found.push(el.tagName);
    if (el.tagName === 'FORM' && !el.closest('header')) found.push('FORM');  // the theme's are in the header
    if (el.tagName === 'META' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') found.push('META refresh');
  }
  // The print header's <style media="print"> is the theme's (its text CSS-escaped).
  for (const s of document.querySelectorAll('article script, article style:not([media="print"]), article link, article img')) {
    found.push('article ' + s.tagName);
  }
  return found;
}
"""


@functools.cache
def hostile_site() -> Path:
    from generator.mkdocs_plugin.sitebuild import build_site

    root = Path(tempfile.mkdtemp(prefix="gkl-hostile-"))
    shutil.copytree(HOSTILE / "data", root / "data")
    return build_site(project(root), root / "site")


def _pages(site: Path) -> list[str]:
    return sorted("/" + p.parent.relative_to(site).as_posix().removeprefix(".") for p in site.rglob("index.html"))


def test_the_hostile_data_is_on_the_pages() -> None:
    """The test is only worth something if the payloads reached the pages (as text)."""
    site = hostile_site()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1" in home
    assert len(_pages(site)) >= 12


def _visit(browser: Any, url: str, search: bool = False) -> tuple[list[str], list[str], list[str], Any]:
    context = browser.new_context(locale="zh-CN")
    own = urlsplit(url).netloc
    foreign: list[str] = []
    dialogs: list[str] = []

    def stop(route: Any) -> None:
        foreign.append(route.request.url)
        route.abort()

    context.route(lambda u: urlsplit(u).netloc != own and urlsplit(u).scheme not in ("data", "blob", "about"), stop)
    context.add_init_script(TRAP)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="networkidle")
    if search:
        from browser_support import search as type_search

        type_search(page, "pwned")
        type_search(page, "script")
        page.wait_for_load_state("networkidle")
    # Hover and focus everything a payload might hang a handler on.
    page.evaluate(
        "() => { for (const el of document.querySelectorAll('article *')) {"
        " for (const t of ['mouseover', 'focus', 'toggle', 'load', 'error']) el.dispatchEvent(new Event(t)); } }"
    )
    ran = page.evaluate("() => [String(window.__pwned), ...window.__gklHits]")
    dom = page.evaluate(DOM_CHECK)
    context.close()
    return [r for r in ran if r != "undefined"] + dialogs, foreign, dom, None


@pytest.fixture(scope="module")
def hostile_url() -> str:
    return serve(hostile_site())


def test_no_script_runs_and_nothing_foreign_loads_on_any_page(browser: Any, hostile_url: str) -> None:
    problems = {}
    for path in _pages(hostile_site()):
        ran, foreign, dom, _ = _visit(browser, hostile_url + path)
        if ran or foreign or dom:
            problems[path] = {"ran": ran, "foreign": foreign, "dom": dom}
    assert problems == {}


def test_search_results_stay_inert(browser: Any, hostile_url: str) -> None:
    ran, foreign, dom, _ = _visit(browser, hostile_url + "/", search=True)
    assert (ran, foreign, dom) == ([], [], [])


def test_the_trap_would_notice_a_script(browser: Any, hostile_url: str, tmp_path: Path) -> None:
    """Guards the guard: a page that does run a payload is reported."""
    site = hostile_site()
    bad = site / "zz-selftest"
    bad.mkdir(exist_ok=True)
    (bad / "index.html").write_text(
        '<p><img src="https://evil.example/x.png" onerror="window.__pwned=1"></p><script>alert(1)</script>',
        encoding="utf-8",
    )
    try:
        ran, foreign, dom, _ = _visit(browser, hostile_url + "/zz-selftest/")
    finally:
        shutil.rmtree(bad)
    assert "1" in ran and "alert" in ran
    assert foreign == ["https://evil.example/x.png"]
    assert "IMG onerror" in dom
