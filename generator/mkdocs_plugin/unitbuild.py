"""Build units, each into a folder of its own, in groups on every core.

One unit build is one MkDocs build with the plugin's ``unit`` option: MkDocs knows every page
of the site (so the menu is the whole site's) but reads, renders and writes only the unit's
(generator/mkdocs_plugin/plugin.py). Its files are then moved into the unit's folder, which
mirrors the site root and holds only that unit's files (``unit_of``), with the unit's facts in
``units.META``; the folder replaces an older one only when the build succeeded.

The units to build are dealt into one group per worker (``-j``), and each group is one MkDocs
run (``unit: a,b`` with ``split``): every run starts MkDocs and Material and lays out the whole
site's menu, a fixed cost paid once per group, not once per unit. With one worker the group of
every unit is the whole site in one run. Several groups build at once in worker processes
forked from the command's process, which has already loaded and checked the data and read the
git history: each worker finds them in memory, so no data file is read twice.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import timing
from ..errors import GongkailanError
from ..load.handover import handing_over
from . import engine
from .sitebuild import BuildFailed, explain
from .units import META, POSTERS, SITE_WIDE, committee_slugs, unit_names, unit_of


@dataclass(frozen=True)
class Loaded:
    """What every unit build of one run shares: the checked data, the poster style, the git history,
    and the personal numbers in the data that the privacy gate looks for (``gate.source_index``);
    ``page_bases``: each unit's page base (``fingerprint.page_key``), so that a unit build can
    reuse the pages of its cached folder whose key has not changed."""

    data_dir: Path
    site: Any
    style: Any
    history: Any
    index: Any
    page_bases: dict[str, str] = field(default_factory=dict)


class _Placeholders(logging.Filter):
    """MkDocs says, once per page of the other units, that a page in the menu is not built: expected here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "but this file is excluded from the built site" not in record.getMessage()


@contextmanager
def _quiet() -> Iterator[None]:
    nav_log = logging.getLogger(f"{engine.LOGGER}.structure.nav")
    placeholders = _Placeholders()
    nav_log.addFilter(placeholders)
    try:
        yield
    finally:
        nav_log.removeFilter(placeholders)


def read_meta(folder: Path) -> dict[str, Any] | None:
    """A unit folder's facts, or None when it is missing or unreadable (then it is built again)."""
    try:
        meta: dict[str, Any] = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta


def build_unit(config_file: Path, unit: str, out: Path, fingerprint: str, loaded: Loaded) -> None:
    """Build ``unit`` into ``out`` (a folder mirroring the site root); ``out`` is replaced only on success."""
    _build(config_file, {unit: (out, fingerprint)}, loaded, unit=unit)


def build_group(config_file: Path, jobs: dict[str, tuple[Path, str]], loaded: Loaded) -> None:
    """Build the units of ``jobs`` (unit: its folder and fingerprint) in one MkDocs run, then share
    its files out into the units' folders, each replaced only when the run succeeded.

    One run over several units costs less CPU than one run per unit (MkDocs and Material start
    once; the menu is laid out once). The group of every unit is the whole site, built as
    plain MkDocs would; the folders are the same as the units' own builds give (tests/test_units.py).
    """
    if len(jobs) == 1:
        [(unit, (out, fingerprint))] = jobs.items()
        build_unit(config_file, unit, out, fingerprint, loaded)
    elif set(jobs) == set(unit_names(loaded.site)):
        _build(config_file, jobs, loaded, unit=None)
    else:
        _build(config_file, jobs, loaded, unit=",".join(u for u in unit_names(loaded.site) if u in jobs))


def _build(config_file: Path, jobs: dict[str, tuple[Path, str]], loaded: Loaded, unit: str | None) -> None:
    """One MkDocs run (of ``unit``, or of the whole site split by unit) into the folders of ``jobs``.

    Every folder is replaced only when the whole run succeeded.
    """
    parent = next(iter(jobs.values()))[0].parent
    what = f"生成单元 {unit}" if unit else "整站生成"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{unit or 'whole'}-new-", dir=parent))
    except OSError as exc:
        raise explain(exc, "建立临时文件夹", parent) from None
    try:
        built = work / "site"
        config = engine.load_config(config_file=str(config_file), site_dir=str(built))
        plugin = config.plugins.get("gongkailan")
        if plugin is None:
            raise BuildFailed(f"{config_file.name} 的 plugins 里没有 gongkailan，无法按生成单元生成")
        # Several units' files in one run: shared out into their folders afterwards.
        plugin.config["split"] = len(jobs) > 1 or unit is None
        if unit is not None:
            plugin.config["unit"] = unit
        # Pages whose key is unchanged are linked from the folder being replaced, never rewritten.
        plugin.page_bases = loaded.page_bases
        plugin.reuse = {name: out for name, (out, _) in jobs.items() if unit is not None and out.is_dir()}
        shared = {"site": loaded.site, "style": loaded.style, "history": loaded.history, "gate_index": loaded.index}
        with handing_over(loaded.data_dir, **shared), _quiet():
            engine.build(config)
        slugs = committee_slugs(loaded.site)
        ready: dict[Path, Path] = {}
        for name, (out, fingerprint) in jobs.items():
            folder = work / f"unit-{name}"
            folder.mkdir()
            _move_owned(built, folder, name, slugs)
            facts = plugin.unit_facts[name] if plugin.config["split"] else plugin.unit_facts
            # The page base too: a later build of the unit on the same base takes the files it
            # writes byte for byte as this folder's as read by the privacy gate (plugin.py).
            meta = {"unit": name, "fingerprint": fingerprint, "page_base": loaded.page_bases.get(name), **facts}
            (folder / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            ready[folder] = out
        for folder, out in ready.items():
            if out.exists():
                os.rename(out, work / f"old-{folder.name}")
            os.rename(folder, out)
    except engine.EngineError as exc:
        raise BuildFailed(f"{what}：{exc}") from None
    except OSError as exc:
        raise explain(exc, what, parent) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _move_owned(built: Path, folder: Path, unit: str, slugs: frozenset[str]) -> None:
    """Move ``unit``'s files from the build folder into its own, whole folders at a time.

    Ownership (``unit_of``) is decided by the first part of a path (the second under posters/),
    so each entry at the top, or under posters/, moves with one rename. What stays behind is
    written at assembly (sitemap) or another unit's (404.html is the root unit's).
    """
    for entry in sorted(built.iterdir()):
        if entry.name in SITE_WIDE:
            continue
        if entry.name == POSTERS and entry.is_dir():
            for poster in sorted(entry.iterdir()):
                rel = f"{POSTERS}/{poster.name}" + ("/" if poster.is_dir() else "")
                if unit_of(rel, slugs) == unit:
                    (folder / POSTERS).mkdir(exist_ok=True)
                    os.rename(poster, folder / POSTERS / poster.name)
        elif unit_of(entry.name + ("/" if entry.is_dir() else ""), slugs) == unit:
            os.rename(entry, folder / entry.name)


# Set in the command's process just before the workers are forked; they inherit it.
_SHARED: Loaded | None = None


def _work(config_file: Path, group: list[tuple[str, Path, str]]) -> tuple[dict[str, tuple[float, float]], str | None]:
    """One worker: build its group of units; returns its step times and the failure's message, if any."""
    assert _SHARED is not None
    timing.reset()
    try:
        build_group(config_file, _as_jobs(group), _SHARED)
    except GongkailanError as failure:
        return timing.totals(), failure.message
    return timing.totals(), None


def _as_jobs(group: list[tuple[str, Path, str]]) -> dict[str, tuple[Path, str]]:
    return {unit: (out, fingerprint) for unit, out, fingerprint in group}


def _share(
    jobs: list[tuple[str, Path, str]], workers: int, weight: dict[str, int]
) -> list[list[tuple[str, Path, str]]]:
    """Deal the units out to ``workers``, heaviest first, each to the least loaded worker."""
    loads = [0] * workers
    dealt: list[list[tuple[str, Path, str]]] = [[] for _ in range(workers)]
    for job in sorted(jobs, key=lambda j: -weight.get(j[0], 1)):
        at = loads.index(min(loads))
        dealt[at].append(job)
        loads[at] += weight.get(job[0], 1)
    return [d for d in dealt if d]


def build_units(
    config_file: Path, jobs: list[tuple[str, Path, str]], loaded: Loaded, workers: int, weight: dict[str, int]
) -> None:
    """Build every (unit, folder, fingerprint) of ``jobs``: one group of units per worker, up to
    ``workers`` groups at once, each group one MkDocs run in a process of its own.

    Raises ``BuildFailed`` with every failing group's message once all have finished; the
    folders of the groups that succeeded are kept (they are right, whatever the others did).
    The live site is not touched here: it is assembled only after every group succeeded.
    """
    global _SHARED
    if not jobs:
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
    groups = _share(jobs, max(1, min(workers, len(jobs))), weight)
    if len(groups) == 1:
        build_group(config_file, _as_jobs(groups[0]), loaded)
        return
    _SHARED = loaded
    failures: list[str] = []
    # The loaded data stays put in the workers: frozen, their garbage collector never walks it,
    # so it does not copy the parent's pages (copy-on-write) just to mark them.
    gc.freeze()
    try:
        with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("fork")) as pool:
            for spent, failure in pool.map(_work, [config_file] * len(groups), groups):
                timing.add(spent)
                if failure:
                    failures.append(failure)
    finally:
        _SHARED = None
        gc.unfreeze()
    if failures:
        raise BuildFailed("\n".join(failures))
