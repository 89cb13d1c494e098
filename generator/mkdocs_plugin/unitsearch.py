"""The search index of a unit build, and of the whole site, in one place.

Search is one Pagefind index per unit (``/<slug>/pagefind/`` and ``/pagefind/`` for the root
unit), merged in the browser with Pagefind's ``mergeIndex``, once
``generator.outputs.search.index_unit`` exists. Until then the whole site has one index, made
over the assembled folder (``index_assembled``); which of the two applies is decided here
only, so that unit builds, assembly and a whole-site ``mkdocs build`` agree.
"""

from __future__ import annotations

from pathlib import Path

from ..outputs import search


def per_unit() -> bool:
    """True when every unit carries its own index (merged in the browser)."""
    return hasattr(search, "index_unit")


def index_one(site_dir: Path, unit: str, units: list[str], language: str) -> None:
    """The index of ``unit`` inside its build folder; nothing while the site has one index."""
    if per_unit():
        search.index_unit(site_dir, unit, units, language)  # type: ignore[attr-defined]


def index_whole(site_dir: Path, units: list[str], language: str) -> None:
    """The index of a whole-site build: every unit's, as a unit build makes it."""
    if per_unit():
        for unit in units:
            index_one(site_dir, unit, units, language)
    else:
        search.index_site(site_dir, language)


def index_assembled(site_dir: Path, language: str) -> bool:
    """After assembly: the one index of the whole site, unless each unit brought its own."""
    if per_unit():
        return False
    search.index_site(site_dir, language)
    return True
