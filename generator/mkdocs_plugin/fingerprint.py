"""A build unit's fingerprint: a digest of everything its files are made from.

A unit is rebuilt when its fingerprint differs from the one stored with its cached folder
(``.gongkailan/units/<unit>/``), and reused as it is otherwise. What goes in:

- **site-wide** (every unit): the generator's own files (code, templates, theme) and the
  versions of MkDocs and Material; ``mkdocs.yml``; every hand-written page and file in
  ``content/`` and ``theme_overrides/`` (their titles are in every page's menu); the files in
  ``data/`` outside the committees' folders (``jiedao.yml``, ``posters.yml``); the day the site
  is built for (pages say 公示中 and 还有 N 天; lists come down after their 公示期); the
  menu outside the committees' sections (every page shows it); and what the
  privacy layer knows across committees (numbers declared public anywhere are shown unmasked
  everywhere; every personal number and every taken-down name is searched for in every file).
- **the committee's own**: every file of ``data/<slug>/`` (path and bytes), its section of the
  menu (its pages show no other committee's), and the git history of those files (pages show 首次公开, 最后修改 and 更正 dates from it).
- **the root unit** ``_site`` (the overview, hand-written pages, the site's feeds): the
  site-wide part and what its files are made of — the whole menu, every committee's profile
  (names in headers and in the menu), the root pages' Markdown and sitemap dates, the site's
  feeds — rather than every committee's data: a ledger edit that changes no total shown on
  the overview or in the site's feeds leaves it as it is. With posters on, every committee's
  own part too (the root's posters are not worked out here).

Editing one ledger therefore changes its committee's fingerprint, and the root unit's only when
the overview or the site's feeds change.

Inside a unit that is rebuilt, each generated page has a key of its own (``page_key``: the
unit's page base — the site-wide part, the committee's menu section, every profile — and the
page's Markdown, dates and per-page facts); a page whose key is the one stored with the cached
folder is not rendered again but linked from it (generator/mkdocs_plugin/plugin.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from importlib import metadata, resources
from pathlib import Path

from ..load.history import History
from ..model.committee import Site
from ..outputs import feeds
from ..outputs.hant import converter_for
from ..privacy.takedown import Takedown, site_withdrawn_names
from ..site.nav import build_nav
from ..site.provenance import lastmod
from ..site.render import Renderer
from .settings import Project
from .unitbuild import Loaded
from .units import ROOT_UNIT, unit_names


def _tree(digest: hashlib._Hash, folder: Path | None, skip: frozenset[Path] = frozenset()) -> None:
    """Add every file under ``folder`` (its path inside the folder and its bytes) to ``digest``."""
    if folder is None or not folder.is_dir():
        digest.update(b"\0none\0")
        return
    # os.walk and plain strings: a 街道's data is thousands of files, read on every build.
    top, skipped = str(folder), {str(s) for s in skip}
    found: list[tuple[tuple[str, ...], str]] = []
    for here, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if d != "__pycache__" and os.path.join(here, d) not in skipped]
        rel_dir = os.path.relpath(here, top)
        parts = () if rel_dir == "." else tuple(rel_dir.split(os.sep))
        found += [((*parts, name), os.path.join(here, name)) for name in names]
    for parts, path in sorted(found):  # the order of sorted(Path.rglob()): by path parts
        if os.path.isfile(path) and path not in skipped:
            with open(path, "rb") as file:
                digest.update("/".join(parts).encode() + b"\0")
                digest.update(hashlib.sha256(file.read()).digest())


@functools.cache
def generator_digest() -> str:
    """The generator's code, templates and theme, and the engine's versions: a new release rebuilds all."""
    digest = hashlib.sha256()
    _tree(digest, Path(str(resources.files("generator"))))
    for package in ("mkdocs", "mkdocs-material", "properdocs"):
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=\0".encode())
    return digest.hexdigest()


def _history_part(history: History, prefix: str) -> list[list[str]]:
    """The commits behind every file under ``prefix`` (a path relative to the project root)."""
    return [
        [path, r.commit, r.day.isoformat(), r.path, r.blob]
        for path in sorted(history.revisions)
        if ("/" + path).find("/" + prefix) >= 0
        for r in history.revisions[path]
    ]


@dataclass(frozen=True)
class Fingerprints:
    """Every unit's fingerprint (``unit_names(site)`` order), and the page base of each unit's pages."""

    units: dict[str, str]
    page_bases: dict[str, str]

    def __getitem__(self, unit: str) -> str:
        return self.units[unit]


def fingerprints(
    project: Project, config_file: Path, site: Site, loaded: Loaded, today: date, posters: bool = False
) -> Fingerprints:
    """Every unit's fingerprint, from the data and history in ``loaded``; ``posters``: the build writes posters."""
    history: History = loaded.history
    root = project.root
    data = root / project.data_dir
    committee_dirs = {c.slug: (site.root / c.profile.path).parent for c in site.committees}
    common = hashlib.sha256()
    common.update(generator_digest().encode())
    common.update(config_file.read_bytes())
    docs = project.docs_dir if project.docs_dir.is_absolute() else root / project.docs_dir
    _tree(common, docs)
    docs_rel = (
        docs.resolve().relative_to(root.resolve()).as_posix() if docs.resolve().is_relative_to(root.resolve()) else ""
    )
    _tree(
        common,
        project.custom_dir
        if project.custom_dir is None or project.custom_dir.is_absolute()
        else root / project.custom_dir,
    )
    _tree(common, data, skip=frozenset(committee_dirs.values()))
    # One renderer for the menu and the root unit's pages and feeds (it works out the public numbers once).
    renderer = Renderer(site, today, project.takedown_days, project.site_url or "", history)
    nav = build_nav(renderer, [])
    # On a site of several committees a committee's pages show the menu without the other
    # committees' sections (theme/partials/nav.html): each section counts for its own committee,
    # the rest (首页) for every unit. build_nav puts one section per committee last, in site order.
    sections = (
        {}
        if renderer.single
        else dict(zip((c.slug for c in site.committees), nav[-len(site.committees) :], strict=True))
    )
    shared_nav = nav if renderer.single else nav[: -len(site.committees)]
    takedown = Takedown(today, project.takedown_days)
    shared = {
        "today": today.isoformat(),
        "history": history.state,
        "nav": shared_nav,
        "public": sorted(renderer.public),
        "private": sorted(loaded.index.kinds.items()),
        "withdrawn": sorted((name, sorted(places)) for name, places in site_withdrawn_names(site, takedown).items()),
    }
    common.update(json.dumps(shared, ensure_ascii=False, sort_keys=True, default=str).encode())
    base = common.hexdigest()
    # Every committee's name and level are in every page's header, menu and print facts.
    profiles = hashlib.sha256()
    for committee in site.committees:
        profiles.update(f"{committee.slug}\0".encode())
        profiles.update(hashlib.sha256((site.root / committee.profile.path).read_bytes()).digest())
    bases = {
        slug: _digest(base, profiles.hexdigest(), json.dumps(section, ensure_ascii=False, default=str))
        for slug, section in sections.items()
    }
    bases[ROOT_UNIT] = _digest(base, profiles.hexdigest(), json.dumps(nav, ensure_ascii=False, default=str))

    own: dict[str, str] = {}
    for committee in site.committees:
        digest = hashlib.sha256(base.encode())
        folder = committee_dirs[committee.slug]
        _tree(digest, folder)
        digest.update(json.dumps(sections.get(committee.slug), ensure_ascii=False, default=str).encode())
        rel = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else committee.slug
        digest.update(json.dumps(_history_part(history, rel + "/")).encode())
        own[committee.slug] = digest.hexdigest()
    prints = {unit: own[unit] for unit in unit_names(site) if unit != ROOT_UNIT}
    if renderer.single or posters:
        # On a site of one committee the root unit is the whole site.
        whole = hashlib.sha256(base.encode())
        for slug in sorted(own):
            whole.update(f"{slug}={own[slug]}\0".encode())
        prints[ROOT_UNIT] = whole.hexdigest()
    else:
        prints[ROOT_UNIT] = _root_outputs(bases[ROOT_UNIT], project, renderer, docs_rel)
    return Fingerprints(prints, bases)


def _root_outputs(page_base: str, project: Project, renderer: Renderer, docs_rel: str) -> str:
    """The root unit's fingerprint on a site of several committees: what its files are made of."""
    history, site = renderer.history, renderer.site
    assert history is not None
    digest = hashlib.sha256(page_base.encode())
    for page in renderer.root_pages():
        digest.update(page_key("", page.src, page.markdown(), lastmod(history, page.sources)).encode())
    site_name = site.name or project.site_name
    written = feeds.site_feed_files(
        renderer, project.site_url or "", site_name, project.language, converter_for(project.language)
    )
    for path in sorted(written):
        digest.update(path.encode() + b"\0" + hashlib.sha256(written[path]).digest())
    # Hand-written pages' sitemap dates come from their commits.
    digest.update(json.dumps(_history_part(history, docs_rel + "/") if docs_rel else []).encode())
    return digest.hexdigest()


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def page_key(page_base: str, src: str, markdown: str, *facts: object) -> str:
    """A generated page's key: its unit's page base, its Markdown and the facts the plugin adds to
    it (sitemap date, print header, feeds, poster links). The same key, the same HTML."""
    return _digest(page_base, src, markdown, json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str))
