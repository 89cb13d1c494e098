"""One repository may hold several committees of one 街道: each gets its own pages."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from generator.load.repository import load_site
from generator.site.render import render_site

ROOT = Path(__file__).resolve().parent.parent


def test_two_committees_get_separate_pages_and_an_overview(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data" / "xingfu", tmp_path / "data" / "xingfu")
    shutil.copytree(ROOT / "data" / "xingfu", tmp_path / "data" / "heping")
    profile = tmp_path / "data" / "heping" / "profile.yml"
    profile.write_text(
        profile.read_text(encoding="utf-8")
        .replace("name: 幸福里社区居民委员会", "name: 和平社区居民委员会", 1)
        .replace("short_name: 幸福里社区", "short_name: 和平社区", 1),
        encoding="utf-8",
    )
    site = load_site(tmp_path)
    pages = {page.src: page for page in render_site(site, date(2026, 11, 22))}
    # The front page lists both, each linking to its own home page (the overview table, site/overview.py).
    assert '<a href="heping/">和平社区</a>' in pages["index.md"].content
    assert '<a href="xingfu/">幸福里社区</a>' in pages["index.md"].content
    assert "heping/index.md" in pages and "xingfu/index.md" in pages
    assert "heping/finance/2026-10.md" in pages and "xingfu/finance/2026-10.md" in pages
    # Each committee's home links to its own notices, not the other's.
    assert 'href="notices/' in pages["heping/index.md"].content
