"""Assemble a site from its units' folders, then swap it into place.

The units' files are hard-linked (copied where links cannot be made: another filesystem)
into a locked staging folder beside the site (``sitebuild.staged``), so assembling a site of
thousands of files costs little and a unit folder can be reused by the next build. A build with
a cache keeps the site its swap replaced and takes it as the next staging folder: only the
files that are no longer the units' own are replaced (``_place``). Nothing
here rewrites a file in place, which is what makes the links safe: the site-wide steps only
add files —

- ``sitemap.xml`` (and ``.gz``): every unit's own entries, in the order a whole-site build
  writes them (hand-written pages first, then the overview, then each committee's pages);
- pages that keep published addresses working (generator/outputs/redirects.py);

and the privacy gate then reads every file added here (the units' own files were read by
the gate in their unit builds). A failure at any step leaves the live site as it was.
"""

from __future__ import annotations

import errno
import gzip
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from .. import timing
from ..errors import GongkailanError
from ..outputs.redirects import keep_published
from ..privacy.gate import enforce, hand_written_sources
from ..privacy.takedown import Takedown
from .privacy_gate import material_files
from .settings import Project
from .sitebuild import BuildFailed, staged
from .unitbuild import read_meta
from .units import META, ROOT_UNIT


class _Source(NamedTuple):
    """A unit's file: where it is, and what makes a file in the staging folder the same file."""

    path: str
    inode: int  # -1: a link, never taken for the same file
    device: int


def _tree(top: str, rel_dir: str = "") -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(path inside ``top``, entry) of everything under ``top`` but its real folders, by name, depth first."""
    # os.scandir and plain strings: the reference 街道 has about 11,600 files, and the entries
    # carry each file's kind and inode, so no file is stat()ed (os.walk, isfile and a Path per
    # file cost more CPU than the links themselves).
    with os.scandir(top) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _tree(entry.path, rel_dir + entry.name + "/")
        else:
            yield rel_dir + entry.name, entry


def _unit_files(folder: Path, owner: dict[str, str], unit: str, sources: dict[str, _Source]) -> None:
    """Add every file of the unit's ``folder`` to ``sources`` (path in the site -> file) and ``owner``."""
    top = str(folder)
    device = os.stat(top).st_dev
    for rel, entry in _tree(top):
        if rel == META or not entry.is_file():
            continue
        if rel in owner:
            raise BuildFailed(f"生成单元 {owner[rel]} 和 {unit} 都有文件 {rel}，无法拼合网站")
        owner[rel] = unit
        sources[rel] = _Source(entry.path, -1 if entry.is_symlink() else entry.inode(), device)


def _place(sources: dict[str, _Source], staging: Path) -> int:
    """Make ``staging`` hold exactly the files ``sources`` names, each a hard link to its unit's file;
    returns how many it linked.

    The staging folder is empty, or the site this build's last swap replaced (``sitebuild.staged``'s
    spare): a file there that is the unit's file itself (the same inode) stays, anything else
    (a file since rebuilt, a page since removed, what assembly wrote, a link) goes, and the missing
    files are linked. A one-ledger rebuild so links a few hundred files instead of the whole site's.
    """
    top = str(staging)
    device = os.stat(top).st_dev
    kept: set[str] = set()
    present: set[str] = set()  # folders (paths inside ``top``; "" is ``top``) that held a file
    emptied: set[str] = set()
    for rel, entry in _tree(top):
        folder = rel.rpartition("/")[0]
        present.add(folder)
        source = sources.get(rel)
        if source is not None and source.device == device and not entry.is_symlink() and entry.inode() == source.inode:
            kept.add(rel)
            continue
        os.unlink(entry.path)  # a link to a folder too: never written through
        emptied.add(folder)
    needed: set[str] = set()
    for rel in sources:
        folder = rel.rpartition("/")[0]
        while folder and folder not in needed:
            needed.add(folder)
            folder = folder.rpartition("/")[0]
    # Folders of removed pages go too (and make room for a file of the same name), deepest first;
    # a folder the site still has keeps its place (removing and making again the site's thousands
    # of folders was half the cost of bringing a whole site up to date).
    for folder in sorted(emptied - needed, key=len, reverse=True):
        while folder and folder not in needed:
            here = os.path.join(top, folder)
            if not os.path.isdir(here) or os.listdir(here):
                break
            os.rmdir(here)
            folder = folder.rpartition("/")[0]
    made = present & needed
    linked = 0
    for rel, source in sources.items():
        if rel in kept:
            continue
        linked += 1
        target = os.path.join(top, rel)
        folder = rel.rpartition("/")[0]
        if folder and folder not in made:
            os.makedirs(os.path.join(top, folder), exist_ok=True)
            made.add(folder)
        try:
            os.link(source.path, target)
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            shutil.copyfile(source.path, target)  # another filesystem: links cannot be made
    return linked


def sitemap(metas: dict[str, dict[str, Any]], order: list[str]) -> tuple[str, int]:
    """The whole site's sitemap.xml from the units' entries, and its gzip timestamp (as MkDocs sets it)."""
    handwritten: dict[str, str] = {}
    generated: list[str] = []
    # The overview comes before the committees' pages, as MkDocs gets them from the plugin.
    for unit in [ROOT_UNIT, *(u for u in order if u != ROOT_UNIT)]:
        for src, is_handwritten, entry in metas[unit]["sitemap"]:
            if is_handwritten:
                handwritten[src] = entry
            else:
                generated.append(entry)
    root = metas[ROOT_UNIT]
    # MkDocs lists the hand-written pages first, in the order it walks content/: the root unit saw them all.
    entries = [handwritten.pop(src) for src in root["docs_order"] if src in handwritten]
    entries += handwritten.values()
    text = root["sitemap_head"] + "".join(entries + generated) + root["sitemap_tail"]
    latest = max((meta["latest"] for meta in metas.values() if meta.get("latest")), default="")
    stamp = int(datetime.fromisoformat(latest).replace(tzinfo=UTC).timestamp()) if latest else 0
    return text, stamp


def _write_sitemap(staging: Path, text: str, stamp: int) -> None:
    (staging / "sitemap.xml").write_bytes(text.encode("utf-8"))
    target = staging / "sitemap.xml.gz"
    with target.open("wb") as raw, gzip.GzipFile(filename=str(target), fileobj=raw, mode="wb", mtime=stamp) as gz:
        gz.write(text.encode("utf-8"))


def _gate(staging: Path, added: list[str], site: Any, project: Project, index: Any) -> None:
    """The privacy gate over the files written at assembly (a leaking one is deleted)."""
    if not added:
        return
    view = Path(tempfile.mkdtemp(prefix=".gate-", dir=staging.parent))
    try:
        for rel in added:
            (view / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(staging / rel, view / rel)
        docs = project.docs_dir if project.docs_dir.is_absolute() else project.root / project.docs_dir
        with timing.step(timing.GATE):
            try:
                enforce(
                    view,
                    site,
                    hand_written_sources(site, docs),
                    material_files(),
                    Takedown(_today(), project.takedown_days),
                    index,
                )
            except GongkailanError:
                for rel in added:
                    if not (view / rel).exists():
                        (staging / rel).unlink(missing_ok=True)
                raise
    finally:
        shutil.rmtree(view, ignore_errors=True)


def _added(staging: Path, before: set[str]) -> list[str]:
    """The files in ``staging`` that are not in ``before`` (written at assembly), sorted."""
    return sorted(rel for rel, entry in _tree(str(staging)) if rel not in before and entry.is_file())


def _today() -> Any:
    from ..clock import today

    return today()


def assemble(
    folders: dict[str, Path],
    order: list[str],
    site: Any,
    project: Project,
    target: Path,
    index: Any = None,
    spare: Path | None = None,
) -> Path:
    """Make the site at ``target`` from ``folders`` (unit -> folder), units in ``order``; ``index`` is
    the data's personal numbers for the privacy gate, when already read (``gate.source_index``);
    ``spare``: where the replaced site is kept for the next assembly (see ``sitebuild.staged``)."""
    metas: dict[str, dict[str, Any]] = {}
    for unit in order:
        meta = read_meta(folders[unit])
        if meta is None or meta.get("unit") != unit:
            raise BuildFailed(f"生成单元 {unit} 的文件夹 {folders[unit]} 不完整（没有 {META}），请重新生成这个单元")
        metas[unit] = meta
    owner: dict[str, str] = {}
    sources: dict[str, _Source] = {}
    for unit in order:
        _unit_files(folders[unit], owner, unit, sources)
    with staged(target, spare) as staging:
        linked = _place(sources, staging)
        before = set(owner)
        _write_sitemap(staging, *sitemap(metas, order))
        slugs = [c.slug for c in site.committees]
        try:
            keep_published(staging, project.root, project.site_url or "", slugs, site.name or project.site_name)
        except GongkailanError as failure:
            raise BuildFailed(failure.message) from None
        _gate(staging, _added(staging, before), site, project, index)
    if spare is not None and linked > len(sources) // 2 and spare.is_dir() and not spare.is_symlink():
        # Most of the site was new (a whole build), so the site the swap replaced, now the spare,
        # shares almost nothing with it: brought up to date here, the next build (an editor's
        # first edit) relinks only what that edit changed instead of the whole site.
        try:
            _place(sources, spare)
        except OSError:  # the new site is live: without a spare the next build links afresh
            shutil.rmtree(spare, ignore_errors=True)
    return target
