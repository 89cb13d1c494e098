"""``gongkailan build`` and ``assemble``: the site from its units, rebuilding only what changed.

``build`` works out every unit's fingerprint (generator/mkdocs_plugin/fingerprint.py), builds
the units whose cached folder under ``.gongkailan/units/`` (beside mkdocs.yml, git-ignored)
carries another fingerprint — dealt into one group per ``-j`` worker, each group one MkDocs
run shared out into its units' folders (a first build with ``-j 1``: the whole site in one
run) — and assembles the site from all
the units' folders (generator/mkdocs_plugin/assembly.py), which then replaces the live site in
one swap. The cache is locked for the whole run, so two builds of one project wait for each
other instead of mixing their units.

``build_units_into`` is one CI matrix job's work (``--units a,b --units-out OUT/``) and
``assemble_from`` the final job's (``gongkailan assemble OUT/``): the same unit builds and the
same assembly, with the folders in ``OUT/`` instead of the cache.

A site of one committee is one unit: it is built whole, as before.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

from ..clock import today
from ..load.buildcache import FOLDER, PARSED, tracked
from ..load.handover import handing_over
from ..load.history import build_history
from ..privacy.gate import hand_written_sources, source_index
from ..source.parsecache import ParseCache
from . import templatecache
from .assembly import assemble
from .fingerprint import Fingerprints, fingerprints
from .settings import Project, read_project
from .sitebuild import BuildFailed, build_site, explain, locked
from .unitbuild import Loaded, build_unit, build_units, read_meta
from .units import ROOT_UNIT, unit_names

CACHE = Path(FOLDER) / "units"


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _loaded(project: Project, site: object, style: object, cache: Path | None = None) -> Loaded:
    folders = [project.data_dir]
    docs = project.docs_dir if project.docs_dir.is_absolute() else project.root / project.docs_dir
    if docs.resolve().is_relative_to(project.root.resolve()):
        folders.append(docs.resolve().relative_to(project.root.resolve()).as_posix())
    history = build_history(site, folders)  # type: ignore[arg-type]
    # A build keeps what each data file holds beside its units: after an edit, only the edited file is read again.
    index = source_index(site, hand_written_sources(site, docs), cache and cache / "source-index.json")  # type: ignore[arg-type]
    return Loaded(project.root / project.data_dir, site, style, history, index)


def _fingerprinted(
    project: Project, config_file: Path, site: object, style: object, cache: Path | None = None
) -> tuple[Loaded, Fingerprints]:
    """The data loaded for unit builds, with each unit's page base, and every unit's fingerprint
    (``cache``: the build cache's folder, ``.gongkailan/``)."""
    loaded = _loaded(project, site, style, cache)
    prints = fingerprints(project, config_file, site, loaded, today(), project.posters)  # type: ignore[arg-type]
    return replace(loaded, page_bases=prints.page_bases), prints


def parse_cache(config_file: Path) -> ParseCache:
    """The data files' parses kept in the build cache (``.gongkailan/parsed.marshal``), saved
    only into a cache folder a build made. A cache git tracks is refused before it is read:
    its parses would stand for the files' contents."""
    _refuse_committed(config_file.parent, config_file.parent / CACHE.parent, "本机的生成缓存")
    return ParseCache(config_file.parent / FOLDER / PARSED)


def _weights(site: object, units: list[str]) -> dict[str, int]:
    """How much work each unit is, roughly: its committee's number of records (the root unit: a few pages)."""
    weight = {ROOT_UNIT: 1}
    for committee in site.committees:  # type: ignore[attr-defined]
        weight[committee.slug] = sum(1 for _ in committee.documents())
    return {unit: weight.get(unit, 1) for unit in units}


def build(config_file: Path, site_dir: Path | None, jobs: int, site: object, style: object) -> tuple[Path, list[str]]:
    """Build what changed and swap the assembled site into place; returns it and the units rebuilt."""
    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    project = read_project(config_file)
    if site is None or not project.plugin:
        # No committee data to build in units: MkDocs builds the project whole, as it comes.
        with handing_over(project.root / project.data_dir, site=site, style=style):
            return build_site(config_file, site_dir), []
    units = unit_names(site)  # type: ignore[arg-type]
    cache = config_file.parent / CACHE
    _refuse_committed(config_file.parent, cache.parent, "本机的生成缓存")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        gitignore = cache.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# gongkailan build 的缓存，不要提交\n*\n", encoding="utf-8")
    except OSError as exc:
        raise explain(exc, "建立生成缓存", cache) from None
    templatecache.persist(cache.parent / "templates")
    loaded, prints = _fingerprinted(project, config_file, site, style, cache.parent)
    with locked(cache):
        _prune(cache, units)
        stale = [u for u in units if (read_meta(cache / u) or {}).get("fingerprint") != prints[u]]
        # One MkDocs run per worker, each over a group of the changed units (a first build: the
        # whole site; with -j 1, in one run as plain MkDocs would).
        build_units(config_file, [(u, cache / u, prints[u]) for u in stale], loaded, jobs, _weights(site, stale))
        # The site this swap replaces is kept in the cache (locked with it), and made into the next one.
        assemble({u: cache / u for u in units}, units, site, project, target, loaded.index, cache.parent / "spare-site")
    return target, stale


def _refuse_committed(root: Path, folder: Path, what: str) -> None:
    """Stop when git tracks files in ``folder``, the build cache (``.gongkailan/``) or a matrix job's
    unit folders: a unit folder there whose fingerprint matches would go live as it is, without
    being built or checked by the privacy gate, and compiled templates there would run. The cache
    ignores itself in git; only ``git add -f`` gets it into a commit. Outside a git repository (or
    with ``folder`` outside the project) there is nothing to check."""
    found = tracked(root, folder)
    if found:
        rel = folder.resolve().relative_to(root.resolve()).as_posix()
        raise BuildFailed(
            f"{rel}/ 是{what}，不能提交到仓库（已提交 {len(found)} 个文件，如 {found[0]}）："
            f"里面的页面会不经生成和隐私检查直接上线。请运行 git rm -r --cached {rel} 并提交，再重新生成。"
        )


def _prune(cache: Path, units: list[str]) -> None:
    """Remove what a killed build left in the cache, and the folders of units the site no longer has
    (a committee's folder renamed or removed); call with the cache locked."""
    for entry in cache.iterdir():
        if entry.is_dir() and entry.name not in units:
            shutil.rmtree(entry, ignore_errors=True)


def build_units_into(config_file: Path, asked: list[str], out: Path, jobs: int, site: object, style: object) -> None:
    """Build the ``asked`` units into ``out/<unit>/`` (one CI matrix job)."""
    config_file = config_file.resolve()
    _refuse_committed(config_file.parent, out, "生成单元的文件夹")
    project = read_project(config_file)
    loaded, prints = _fingerprinted(project, config_file, site, style)
    out = out.resolve()
    build_units(config_file, [(u, out / u, prints[u]) for u in asked], loaded, jobs, _weights(site, asked))


def assemble_from(
    config_file: Path, out: Path, site_dir: Path | None, site: object, style: object
) -> tuple[Path, list[str]]:
    """Complete the site from ``out/<unit>/`` folders (building the root unit if missing) and swap it in.

    Returns the site and the units whose folder was built from other data or on another day
    (their fingerprint differs from this checkout's): the site is assembled all the same.
    """
    config_file = config_file.resolve()
    out = out.resolve()
    _refuse_committed(config_file.parent, out, "生成单元的文件夹")
    units = unit_names(site)  # type: ignore[arg-type]
    project = read_project(config_file)
    loaded, prints = _fingerprinted(project, config_file, site, style)
    missing = [u for u in units if u != ROOT_UNIT and read_meta(out / u) is None]
    if missing:
        raise BuildFailed(
            f"{out} 里缺少生成单元 {'、'.join(missing)} 的文件夹。"
            f"请先运行 gongkailan build --units {','.join(missing)} --units-out {out}"
        )
    if read_meta(out / ROOT_UNIT) is None:
        build_unit(config_file, ROOT_UNIT, out / ROOT_UNIT, prints[ROOT_UNIT], loaded)
    differ = [u for u in units if (read_meta(out / u) or {}).get("fingerprint") != prints[u]]
    target = (site_dir or config_file.parent / "site").resolve()
    assemble({u: out / u for u in units}, units, site, project, target, loaded.index)
    return target, differ
