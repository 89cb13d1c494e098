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
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.outputs import search
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


def _root_only(built: Path, site: Path) -> None:
    shutil.copytree(built / "guide", site / "guide")
    shutil.copy(built / "index.html", site / "index.html")


def test_shadow_pages_are_written_in_memory_when_it_has_room(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a disk, creating and removing a folder per page cost more CPU than Pagefind's indexing of it."""
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(search, "SCRATCH", memory)
    seen: list[Path] = []
    run = search._run_pagefind

    def spy(shadow: Path, bundle: Path) -> None:
        seen.append(shadow)
        assert (shadow / "guide" / "read-accounts" / "index.html").is_file()
        run(shadow, bundle)

    monkeypatch.setattr(search, "_run_pagefind", spy)
    _root_only(built, tmp_path / "a")
    assert index_unit(tmp_path / "a", ROOT_UNIT, UNITS)
    assert [s.parent for s in seen] == [memory]
    assert not list(memory.iterdir())  # removed once indexed

    # No such folder, or too little room in it: the system's temporary folder, the same index.
    monkeypatch.setattr(search, "SCRATCH", tmp_path / "absent")
    _root_only(built, tmp_path / "b")
    assert index_unit(tmp_path / "b", ROOT_UNIT, UNITS)
    assert seen[1].parent == Path(tempfile.gettempdir())
    assert _urls(tmp_path / "b" / "pagefind") == _urls(tmp_path / "a" / "pagefind")
    monkeypatch.setattr(search, "SCRATCH", memory)
    monkeypatch.setattr(search.shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(1, 1, 0))  # type: ignore[attr-defined]
    assert search._scratch([("index.html", "字")]) is None


def test_pagefind_is_started_without_a_python_in_front(tmp_path: Path) -> None:
    """``python -m pagefind`` would start a Python for every unit only to start the binary."""
    command = search._pagefind()
    assert command != [sys.executable, "-m", "pagefind"]
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("pagefind 1.")
