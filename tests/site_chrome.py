"""What every page of a built site must carry from the package's theme: search box, 大字, print header.

Shared by the packaged-theme tests and the test of a committee created with ``gongkailan init``
from an installed wheel, so both check the same chrome.
"""

from __future__ import annotations

from pathlib import Path

from generator.outputs.redirects import REDIRECT_MARK

SEARCH_BOX = "data-gkl-search-form"
ELDER_BUTTON = "data-gkl-elder-toggle"
PRINT_HEAD = 'class="gkl-print-head"'
STYLES = ('assets/gongkailan.css"', 'assets/print.css"')
SCRIPT = 'assets/javascripts/gongkailan.js"'


def is_redirect(path: Path) -> bool:
    """A page that only sends an old address on (generator/outputs/redirects.py): no chrome to carry."""
    return REDIRECT_MARK in path.read_text(encoding="utf-8")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not is_redirect(p))


def missing_chrome(site: Path) -> list[str]:
    """One line per page and missing piece; empty when every page is complete."""
    problems = []
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(site).as_posix()
        needed = [SEARCH_BOX, ELDER_BUTTON, SCRIPT, *STYLES]
        if path.name != "404.html":  # the 404 page has no Markdown page, hence no print facts
            needed.append(PRINT_HEAD)
        problems += [f"{where}: no {piece}" for piece in needed if piece not in html]
    for asset in ("assets/gongkailan.css", "assets/print.css", "assets/javascripts/gongkailan.js"):
        if not (site / asset).is_file():
            problems.append(f"{asset} not written")
    return problems


def page_kinds(site: Path) -> set[str]:
    """The kinds of page in the site: the first folder under a committee (finance, notices, …)."""
    kinds = set()
    for path in site.rglob("index.html"):
        if is_redirect(path):
            continue
        parts = path.relative_to(site).parts
        kinds.add("/".join(parts[:2]) if len(parts) > 2 else parts[0])
    return kinds
