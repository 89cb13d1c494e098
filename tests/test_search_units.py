"""One Pagefind index per build unit (issue 16 §5, generator/outputs/search.py).

A committee's pages are indexed into ``/<slug>/pagefind/``, the root pages (overview, guides)
into ``/pagefind/``; ``index_unit`` reads and writes one unit's files only, so that a change to
one committee re-indexes that committee alone. The search box merges them (tests/test_browser_search.py).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from generator.outputs.search import ROOT_UNIT, VARIANTS, committee_folders, index_unit

UNITS = [ROOT_UNIT, "xingfu", "liuhe"]
DIBAO = "/xingfu/notices/2026-11-18-dibao-gongshi/"


def _urls(bundle: Path) -> set[str]:
    """The pages a bundle's search can return."""
    return {
        json.loads(gzip.decompress(f.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))["url"]
        for f in (bundle / "fragment").glob("*.pf_fragment")
    }


def _files(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_each_committee_and_the_root_have_their_own_index(built: Path) -> None:
    assert committee_folders(built) == ["liuhe", "xingfu"]
    root, xingfu, liuhe = (_urls(built / folder / "pagefind") for folder in ("", "xingfu", "liuhe"))
    assert {"/", "/guide/read-accounts/"} <= root
    assert not [u for u in root if u.startswith(("/xingfu/", "/liuhe/"))]
    assert DIBAO in xingfu and all(u.startswith("/xingfu/") for u in xingfu)
    assert "/liuhe/" in liuhe and all(u.startswith("/liuhe/") for u in liuhe)
    for folder in ("", "xingfu", "liuhe"):
        assert (built / folder / "pagefind" / VARIANTS).is_file()
    # The page tells the search box which committees have an index: nothing is asked of the server.
    home = (built / "index.html").read_text(encoding="utf-8")
    assert sorted(re.search(r'data-gkl-units="([^"]*)"', home).group(1).split()) == ["liuhe", "xingfu"]  # type: ignore[union-attr]


def test_index_unit_reads_and_writes_its_own_unit_only(built: Path, tmp_path: Path) -> None:
    """What a committee-by-committee build does: the root and one committee in an output folder."""
    site = tmp_path / "site"
    no_index = shutil.ignore_patterns("pagefind", "posters")
    shutil.copytree(built / "xingfu", site / "xingfu", ignore=no_index)
    shutil.copytree(built / "guide", site / "guide")
    shutil.copy(built / "index.html", site / "index.html")
    before = _files(site)

    assert index_unit(site, "xingfu", UNITS)
    written = {f for f in _files(site) if f not in before}
    assert written and all(f.startswith("xingfu/pagefind/") for f in written), written
    assert _files(site).items() >= before.items()  # nothing else touched
    assert DIBAO in _urls(site / "xingfu" / "pagefind")

    assert not index_unit(site, "liuhe", UNITS)  # not built here: no index, nothing written
    assert not (site / "liuhe").exists()

    assert index_unit(site, ROOT_UNIT, UNITS)
    assert _urls(site / "pagefind") == _urls(built / "pagefind")  # the committee's folder is not the root's

    # Indexed again after an edit, the bundle holds the unit's pages as they are now.
    shutil.rmtree(site / DIBAO.strip("/"))
    assert index_unit(site, "xingfu", UNITS)
    assert DIBAO not in _urls(site / "xingfu" / "pagefind") and "/xingfu/" in _urls(site / "xingfu" / "pagefind")
