"""MkDocs glue: load and validate the data, hand the rendered pages to MkDocs.

Everything else lives in plain modules that know nothing of MkDocs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import timing
from ..clock import today
from ..errors import DataErrors, GongkailanError
from ..load import handover
from ..load.history import build_history
from ..load.repository import load_site
from ..model.committee import Site
from ..outputs import feeds, manifest, opendata
from ..outputs.hant import converter_for
from ..outputs.manifest import site_manifest
from ..outputs.search import index_unit, search_units
from ..site.compact import compact_html
from ..site.nav import build_nav
from ..site.pages import HOME
from ..site.pages import Page as GeneratedPage
from ..site.provenance import lastmod
from ..site.render import Renderer, about_meta
from ..site.tablecards import label_cells
from . import menu, privacy_gate, templatecache
from .engine import BasePlugin, Config, File, Files, InclusionLevel, PluginError
from .engine import config_options as c
from .fingerprint import page_key
from .unitbuild import read_meta
from .units import ROOT_UNIT, committee_slugs, unit_names, unit_of

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.gongkailan")


class _NoDate(str):
    """A page whose last change is unknown (shallow clone, no git): the sitemap leaves ``lastmod`` out.

    MkDocs' sitemap template writes ``lastmod`` only for a true value, yet MkDocs also takes the
    latest of all pages' dates for the gzip header of sitemap.xml.gz: this string is false for
    the template and still the build's date for that header.
    """

    def __bool__(self) -> bool:
        return False


class PluginConfig(Config):
    data_dir = c.Type(str, default="data")
    # zh-Hant publishes the whole site in traditional characters (generator/outputs/hant.py).
    language = c.Choice(("zh-Hans", "zh-Hant"), default="zh-Hans")
    # true: the build also writes wall posters (PDF) and links them from each page (generator/outputs/posters.py).
    posters = c.Type(bool, default=False)
    # Days a list of private persons (lists_persons: 是) stays up after its 公示期 ends (generator/privacy/takedown.py).
    takedown_days = c.Type(int, default=0)
    # false: Material as it comes, without the package's theme (the benches' plain baseline).
    theme = c.Type(bool, default=True)
    # Some build units only (a committee's slug, or _site; several comma-separated): the files
    # of those units, every other page present for the menu but not written
    # (generator/mkdocs_plugin/units.py). Set by `gongkailan build`, which builds the units in
    # groups, one MkDocs run per group, and assembles the site.
    unit = c.Type(str, default="")
    # true: the build's files are shared out into the units' folders afterwards (unit_facts
    # holds each unit's facts by unit): a whole-site build, or a group of several units.
    split = c.Type(bool, default=False)


# The package's templates, partials, CSS and JS (search box, 大字, print header): a committee's
# repository needs only mkdocs.yml, content/ and data/.
# Found from the package root, like the page templates, so moving this module changes nothing.
THEME_DIR = Path(str(resources.files("generator") / "theme"))


def register_theme(config: MkDocsConfig) -> None:
    """Put the package's theme right after the committee's ``custom_dir``, before Material's own.

    Files in ``custom_dir`` (``theme_overrides/``) still win over any file of the package.
    """
    if config.theme.name != "material":
        return  # the templates extend Material's; another theme builds without them
    dirs: list[str] = config.theme.dirs
    if str(THEME_DIR) in dirs:
        return  # the same config loaded twice (mkdocs serve rebuilds)
    custom = config.theme.custom_dir
    at = 1 if custom and dirs and dirs[0] == custom else 0
    dirs.insert(at, str(THEME_DIR))


class GongkailanPlugin(BasePlugin[PluginConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.renderer: Renderer | None = None
        self._print_facts: dict[str, Any] | None = None
        self._posters: Any = None
        self._lastmod: dict[str, str] = {}  # page source path -> sitemap lastmod, from the git history
        # A unit build's facts for assembly (units.META): its sitemap entries, in the site's order;
        # with ``split``, each unit's facts by unit.
        self.unit_facts: dict[str, Any] = {}
        # Set by a unit build (generator/mkdocs_plugin/unitbuild.py): each unit's page base
        # (fingerprint.page_key), and the cached folder of each unit being rebuilt. A page whose key
        # is the one stored in that folder is not rendered but linked from it (``_reuse``).
        self.page_bases: dict[str, str] = {}
        self.reuse: dict[str, Path] = {}
        self._keys: dict[str, str] = {}  # page source path -> key
        self._reused: dict[str, tuple[Path, str, list[Any]]] = {}  # src -> (cached file, dest, [key, date, entry])
        self._cached: dict[str, dict[str, list[Any]]] = {}  # unit -> src -> [src, key, date, entry] of its folder

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            # Already loaded and checked by `gongkailan build` in this process, or read now.
            with timing.step(timing.LOAD):
                self.site = handover.take(root / self.config.data_dir, "site") or load_site(root, self.config.data_dir)
        except DataErrors as errors:
            # One line per mistake, then stop before anything is written to site/.
            raise PluginError("数据有误，网站没有生成：\n" + errors.report()) from None
        if self.config.takedown_days < 0:
            raise PluginError("takedown_days 不能是负数：写公示期结束后名单还保留几天，0 表示结束后第二天撤下")
        # The git history, read once (generator/load/history.py): dates on every page and in the sitemap.
        docs = Path(config.docs_dir).resolve()
        self._docs_dir = docs.relative_to(root.resolve()).as_posix() if docs.is_relative_to(root.resolve()) else ""
        history = handover.take(root / self.config.data_dir, "history") or build_history(
            self.site, [self.config.data_dir, *([self._docs_dir] if self._docs_dir else [])]
        )
        unknown = [u for u in self._unit() or () if u not in unit_names(self.site)]
        if unknown:
            raise PluginError(f"unit: {'、'.join(unknown)} 不是本站的生成单元（{'、'.join(unit_names(self.site))}）")
        self.renderer = Renderer(self.site, today(), self.config.takedown_days, config.site_url or "", history)
        if self.config.theme:
            register_theme(config)
        if ROOT_UNIT not in (self._unit() or {ROOT_UNIT}):
            # 404.html is the root unit's (units.py): a committee's build would lay out the whole
            # site's menu for it only to leave it behind.
            config.theme.static_templates.discard("404.html")
        # Scans every output file once all plugins are done (generator/mkdocs_plugin/privacy_gate.py).
        # A unit build is handed the data's personal numbers, read once for all units (unitbuild.py).
        index = handover.take(root / self.config.data_dir, "gate_index")
        privacy_gate.install(
            config,
            lambda: self.site,
            lambda: self.renderer.takedown if self.renderer else None,
            lambda: index,
            # Pages linked from the cache were read when they were written, and their key holds
            # everything the gate judges by (the data's personal numbers, the numbers declared
            # public, taken-down names, the hand-written pages: fingerprint.py).
            lambda: frozenset(dest for _, dest, _ in self._reused.values()) | self._unchanged_outputs(config),
        )
        self._print_facts = None
        self._posters = self._setup_posters(root, config) if self.config.posters else None
        handwritten = config.nav or []
        with timing.step(timing.RENDER):
            config.nav = build_nav(self.renderer, handwritten)
        if self.config.language == "zh-Hant":
            config.theme["language"] = "zh-Hant"  # Material's own words (搜尋, 目錄) in traditional too
        if self.site.name:
            config.site_name = self.site.name  # data/jiedao.yml names the 街道's site
        # The site's Atom feeds, named in the <head> of every page (partials/gkl-feeds.html).
        config.extra["gkl_feeds"] = feeds.site_links(self.site, config.site_name, config.site_url or "")
        # The committees' own search indexes, which the search box merges (generator/outputs/search.py).
        config.extra["gkl_search_units"] = search_units(self.renderer)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        with timing.step(timing.RENDER):
            files = self._add_files(files, config)
        with timing.step(timing.FEEDS):
            self._files = self._add_feeds(files, config)
        return self._files

    def _unit(self) -> frozenset[str] | None:
        """The units this build is restricted to; None for the whole site."""
        named = frozenset(u.strip() for u in self.config.unit.split(",") if u.strip())
        return named or None

    def _committees(self) -> frozenset[str] | None:
        """Slugs of the committees whose open data and posters this build writes; None: all."""
        assert self.site is not None
        unit, slugs = self._unit(), committee_slugs(self.site)
        if unit is None:
            return None
        return frozenset(c.slug for c in self.site.committees if unit_of(f"{c.slug}/", slugs) in unit)

    def _pages(self) -> list[GeneratedPage]:
        """The pages this build writes, in the whole site's order (the root's, then each committee's)."""
        assert self.renderer is not None and self.site is not None
        unit = self._unit()
        if unit is None or len(unit_names(self.site)) == 1:
            # On a site of one committee the root unit is the whole site.
            return self.renderer.pages()
        pages = self.renderer.root_pages() if ROOT_UNIT in unit else []
        for committee in self.site.committees:
            if committee.slug in unit:
                pages += self.renderer.committee_pages(self.renderer.paths(committee))
        return pages

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        self._lastmod = {}
        self._keys, self._reused, self._cached = {}, {}, {}
        unit = self._unit()
        slugs = committee_slugs(self.renderer.site)
        if unit is not None:
            # Another unit's files (hand-written pages, images, the theme's assets) are not written.
            for file in files:
                if unit_of(file.dest_uri, slugs) not in unit:
                    file.inclusion = InclusionLevel.EXCLUDED
        pages = self._pages()
        for page in pages:
            assert self.renderer.history is not None
            self._lastmod[page.src] = lastmod(self.renderer.history, page.sources)
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(f"content/{page.src} 与自动生成的页面重名，请改名或删除这个手写页面")
            # A 修改记录 page is reached from its record's page, not from the menu.
            inclusion = InclusionLevel.UNDEFINED if page.listed else InclusionLevel.NOT_IN_NAV
            markdown = page.markdown()
            file = File.generated(config, page.src, content=markdown, inclusion=inclusion)
            files.append(file)
            self._reuse(file, page, markdown, config, slugs)
        if unit is not None:
            # Every other page in the menu stays in the menu, as a page that is not written: the
            # menu of this unit's pages is the whole site's, byte for byte.
            own = {page.src for page in pages}
            for src in _nav_sources(config.nav or []):
                if src not in own and files.get_file_from_path(src) is None:
                    files.append(File.generated(config, src, content="", inclusion=InclusionLevel.EXCLUDED))
        mine = self._committees()
        committees = [c for c in self.renderer.site.committees if mine is None or c.slug in mine]
        for path, content in opendata.site_files(
            self.renderer.site, self.renderer.today, config.site_url or "", committees
        ).items():  # CSV, JSON, datapackage.json
            files.append(File.generated(config, path, content=content))
        if unit is None or ROOT_UNIT in unit or len(unit_names(self.renderer.site)) == 1:
            # What a city's portal on another site reads to list and search this one (outputs/manifest.py).
            listing = site_manifest(self.renderer, config.site_name)
            files.append(File.generated(config, manifest.FILE, content=listing))
        return files

    def _reuse(
        self, file: File, page: GeneratedPage, markdown: str, config: MkDocsConfig, slugs: frozenset[str]
    ) -> None:
        """Key a generated page, and leave it out of the build when its cached copy has that key.

        The key (fingerprint.page_key) holds everything this page's HTML is made of besides the
        unit's page base: its Markdown and what ``on_page_markdown`` and ``on_page_content`` add.
        A reused page stays in the menu like another unit's page (excluded, never written); its
        cached file is linked into the site at ``on_post_build``, before the search index.
        """
        assert self.renderer is not None and self.site is not None
        unit = unit_of(file.dest_uri, slugs)
        base = self.page_bases.get(unit)
        if base is None:
            return
        from ..outputs.printing import page_facts
        from ..site.chrome import page_chrome

        if self._print_facts is None:
            self._print_facts = page_facts(self.renderer)
        src = page.src
        key = page_key(
            base,
            src,
            markdown,
            self._lastmod[src],
            self._print_facts.get(src),
            page_chrome(self.site, src, config.site_name, config.copyright),
            feeds.page_links(self.site, src, config.site_url or ""),
            self._posters.links.get(src) if self._posters is not None else None,
            config.extra,
            self.config.language,
        )
        self._keys[src] = key
        folder = self.reuse.get(unit)
        if folder is None:
            return
        if unit not in self._cached:
            self._cached[unit] = {
                entry[0]: entry for entry in (read_meta(folder) or {}).get("pages", []) if len(entry) == 4
            }
        cached = self._cached[unit].get(src)
        if cached is not None and cached[1] == key and (folder / file.dest_uri).is_file():
            file.inclusion = InclusionLevel.EXCLUDED
            self._reused[src] = (folder / file.dest_uri, file.dest_uri, cached[1:])

    def _unchanged_outputs(self, config: MkDocsConfig) -> frozenset[str]:
        """Files this unit build wrote byte for byte as the folder it replaces holds them, when that
        folder was built on the same page base: the privacy gate read them there against the same
        data (its page base holds the gate's code, the personal numbers, the numbers declared public
        and the taken-down names: fingerprint.py). A one-ledger edit so leaves the gate the pages
        and search fragments that changed, not the committee's whole search index.

        PDFs are read again: their text comes from pdftotext, whose version no page base holds."""
        same_base = {
            unit: folder
            for unit, folder in self.reuse.items()
            if self.page_bases.get(unit) is not None
            and (read_meta(folder) or {}).get("page_base") == self.page_bases[unit]
        }
        if not same_base or self.site is None:
            return frozenset()
        slugs = committee_slugs(self.site)
        site_dir = config.site_dir
        top = len(site_dir) + 1
        unchanged: list[str] = []
        for path in _files_under(site_dir):
            rel = path[top:].replace(os.sep, "/")
            folder = same_base.get(unit_of(rel, slugs))
            if folder is None or rel.endswith(".pdf"):
                continue
            old = os.path.join(folder, rel)
            with contextlib.suppress(OSError):
                kept = os.lstat(old)  # a link there is not a file the gate read: it may point anywhere now
                if stat.S_ISREG(kept.st_mode) and kept.st_size == os.path.getsize(path) and _same_bytes(old, path):
                    unchanged.append(rel)
        return frozenset(unchanged)

    def _add_feeds(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        convert = converter_for(self.config.language)
        # A committee's unit needs its own feeds only; the root unit's (the site's) need every committee.
        units = self._unit()
        mine = self._committees() if ROOT_UNIT not in (units or {ROOT_UNIT}) else None
        if units == {ROOT_UNIT} and not self.renderer.single:
            # The root unit of a 街道 alone writes the site's feeds only.
            written = feeds.site_feed_files(
                self.renderer, config.site_url or "", config.site_name, self.config.language, convert
            )
        else:
            written = feeds.feed_files(
                self.renderer, config.site_url or "", config.site_name, self.config.language, convert, mine
            )
        unit, slugs = self._unit(), committee_slugs(self.renderer.site)
        for path, content in written.items():  # Atom
            if unit is None or unit_of(path, slugs) in unit:
                files.append(File.generated(config, path, content=content))
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self._unit() is not None:
            assert self.renderer is not None
            # The menu (theme/partials/nav.html) tells a committee's section by its home page's
            # gkl_about: another unit's home, never read here, carries what its front matter says.
            homes = {self.renderer.paths(c).home: c for c in self.renderer.site.committees}
            for page in nav.pages:
                home = homes.get(page.file.src_uri)
                if home is not None and page.file.inclusion.is_excluded():
                    page.meta = {"gkl_about": about_meta(home, HOME, scoped=not self.renderer.single)}
                # A hand-written page of another unit named in the menu without a title: its title
                # comes from its own text, as in a whole-site build (it is read, never written).
                if page.file.inclusion.is_excluded() and page.title is None and page.file.generated_by is None:
                    page.read_source(config)
                    page.render(config, files)
        return nav

    def _setup_posters(self, root: Path, config: MkDocsConfig) -> Any:
        from ..outputs.posters import NO_SITE_URL, SitePosters, load_style

        assert self.renderer is not None
        try:
            loaded = handover.take(root / self.config.data_dir, "style") or load_style(root, self.config.data_dir)
        except DataErrors as errors:
            raise PluginError("海报设置有误，网站没有生成：\n" + errors.report()) from None
        if not config.site_url:
            raise PluginError(NO_SITE_URL)
        return SitePosters(
            self.renderer, loaded, config.site_url, config.use_directory_urls, converter_for(self.config.language)
        )

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        templatecache.share(
            env
        )  # Material's templates compiled once per process (generator/mkdocs_plugin/templatecache.py)
        menu.install(env)  # the sidebar menu without Material's macro (generator/mkdocs_plugin/menu.py)
        return env

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        with timing.step(timing.RENDER):
            return self._finish_content(html, page)

    def _finish_content(self, html: str, page: Page) -> str:
        html = label_cells(html)  # table rows readable as cards on a phone (generator/site/tablecards.py)
        # 下载海报 links under the title of every page that has a poster.
        if self._posters is None:
            return html
        return self._posters.add_links(html, page.file.src_uri, page.url)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Facts printed on every sheet of this page (generator/outputs/printing.py, partials/gkl-print-head.html).
        from ..outputs.printing import page_facts, print_meta
        from ..site.chrome import describe, page_chrome

        assert self.renderer is not None
        if self._print_facts is None:
            self._print_facts = page_facts(self.renderer)
        url = page.canonical_url or "/" + page.url
        # sitemap.xml's <lastmod>: the page's last change in git, left out when unknown (not the build date).
        src = page.file.src_uri
        history = self.renderer.history
        assert history is not None
        known = self._lastmod[src] if src in self._lastmod else lastmod(history, [], f"{self._docs_dir}/{src}")
        page.update_date = known or _NoDate(page.update_date)
        # Header, <title> and footer name the page's committee (generator/site/chrome.py).
        chrome = page_chrome(self.renderer.site, page.file.src_uri, config.site_name, config.copyright)
        page.meta["gkl_site"] = chrome
        describe(page.meta, chrome)
        page.meta["gkl_print"] = print_meta(
            self._print_facts.get(page.file.src_uri),
            config.site_name,
            self.renderer.today,
            str(page.meta.get("title") or page.title or ""),
            url,
        )
        # The committee's own feeds in the <head> of its pages (partials/gkl-feeds.html).
        page.meta["gkl_feeds"] = feeds.page_links(self.renderer.site, page.file.src_uri, config.site_url or "")
        return markdown

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        convert = converter_for(self.config.language)
        return compact_html(convert(output) if convert else output)  # generator/site/compact.py

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        # Theme pages that are not Markdown pages (404.html) are converted here.
        convert = converter_for(self.config.language)
        return convert(output_content) if convert else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self._posters is not None:
            assert self.site is not None
            mine = self._committees()
            with timing.step(timing.POSTERS):
                written = self._posters.write(Path(config.site_dir), mine)
            log.info("公开栏海报：%d 个 PDF", len(written))
        assert self.site is not None
        unit = self._unit()
        for cached, dest, _ in self._reused.values():
            # A new name for the cached file: it is never written to (the site and the cache share it).
            target = Path(config.site_dir) / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(cached, target)
        if self.config.split:
            self.unit_facts = _facts_by_unit(
                Path(config.site_dir), self._files, self.site, unit, self._keys, self._reused
            )
        elif unit is not None:
            self.unit_facts = _sitemap_facts(Path(config.site_dir), self._files, self._keys, self._reused)
        # Pagefind search (generator/outputs/search.py), unless the site asked for Material's own search.
        if "material/search" not in config.plugins and "search" not in config.plugins:
            try:
                with timing.step(timing.SEARCH):
                    # One index per unit (generator/outputs/search.py), merged in the browser.
                    units = unit_names(self.site)
                    for one in units if unit is None else [u for u in units if u in unit]:
                        index_unit(Path(config.site_dir), one, units, self.config.language)
            except GongkailanError as failure:
                raise PluginError(failure.message) from None
        if unit is not None or self.config.split:
            return  # old addresses are kept once the site is assembled (generator/mkdocs_plugin/assembly.py)
        # Old addresses (QR codes on walls) lead on to the pages' new places (generator/outputs/redirects.py).
        from ..outputs.redirects import keep_published

        assert self.site is not None
        root = Path(config.config_file_path).parent
        try:
            moved = keep_published(
                Path(config.site_dir),
                root,
                config.site_url or "",
                [c.slug for c in self.site.committees],
                config.site_name,
            )
        except GongkailanError as failure:
            raise PluginError(failure.message) from None
        if moved:
            log.info("旧网址跳转页：%d 个", moved)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).parent / self.config.data_dir))
        return server


def _nav_sources(nav: list[Any]) -> list[str]:
    """Every page source path the menu names (``xingfu/index.md``), external links left out."""
    found: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                found += _nav_sources(value)
            elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
                found.append(value.lstrip("/"))
    return found


_SITEMAP_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)


def _sitemap_facts(
    site_dir: Path,
    files: Files,
    keys: dict[str, str] | None = None,
    reused: dict[str, tuple[Path, str, list[Any]]] | None = None,
) -> dict[str, Any]:
    """This unit's entries of MkDocs' sitemap.xml, each with its page, for the assembled sitemap,
    and each generated page's key, date and entry (``pages``), for the next build to reuse.

    MkDocs writes one entry per page it built, in the order of its files (hand-written pages
    first, then the generated ones): the same template and order as a whole-site build, so the
    assembled sitemap is the whole-site one, byte for byte (generator/mkdocs_plugin/assembly.py).
    A page reused from the cache (not built) brings its entry and date from there, in its place.
    """
    keys, reused = keys or {}, reused or {}
    text = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    listed = [p for p in pages if not p.is_link and (p.abs_url or p.canonical_url)]
    entries = [m.group(0) for m in _SITEMAP_ENTRY.finditer(text)]
    if len(entries) != len(listed):
        raise PluginError(f"sitemap.xml 有 {len(entries)} 条，页面却有 {len(listed)} 个：无法拼合网站")
    first, last = _SITEMAP_ENTRY.search(text), list(_SITEMAP_ENTRY.finditer(text))[-1:] or None
    built = {p.file.src_uri: [p.file.generated_by is None, entry] for p, entry in zip(listed, entries, strict=True)}
    dates = {p.file.src_uri: str(p.update_date) for p in pages}
    for src, (_, _, (_, day, entry)) in reused.items():
        dates[src] = day
        if entry is not None:
            built[src] = [False, entry]
    order = [f.src_uri for f in files if f.is_documentation_page() and f.src_uri in built]
    return {
        "sitemap": [[src, *built[src]] for src in order],
        "sitemap_head": text[: first.start()] if first else text,
        "sitemap_tail": text[last[0].end() :] if last else "",
        "latest": max(dates.values(), default=""),
        "docs_order": [f.src_uri for f in files if f.generated_by is None and f.is_documentation_page()],
        "pages": [[src, key, dates.get(src, ""), built.get(src, [None, None])[1]] for src, key in keys.items()],
    }


def _facts_by_unit(
    site_dir: Path,
    files: Files,
    site: Site,
    built: frozenset[str] | None,
    keys: dict[str, str],
    reused: dict[str, tuple[Path, str, list[Any]]] | None = None,
) -> dict[str, dict[str, Any]]:
    """A build's facts shared out by unit (every unit, or those ``built``): each unit's sitemap
    entries, latest date and pages, as that unit's own build would give them (``_sitemap_facts``)."""
    whole = _sitemap_facts(site_dir, files, keys, reused)
    slugs = committee_slugs(site)
    # Pages reused from the cache are excluded from this build, and still their unit's.
    owner = {f.src_uri: unit_of(f.dest_uri, slugs) for f in files if f.is_documentation_page()}
    facts = {
        unit: {**whole, "sitemap": [], "latest": "", "pages": []}
        for unit in unit_names(site)
        if built is None or unit in built
    }
    for entry in whole["sitemap"]:
        facts[owner[entry[0]]]["sitemap"].append(entry)
    for page in whole["pages"]:
        facts[owner[page[0]]]["pages"].append(page)
    for f in files.documentation_pages():
        if f.page is not None:  # the same dates as _sitemap_facts takes in a unit build
            mine = facts[owner[f.src_uri]]
            mine["latest"] = max(mine["latest"], str(f.page.update_date))
    for src, _, day, _ in whole["pages"]:
        if reused and src in reused:
            mine = facts[owner[src]]
            mine["latest"] = max(mine["latest"], day)
    return facts


def _files_under(top: str) -> Iterator[str]:
    """Every regular file under ``top`` (links and what they point to are left to the gate)."""
    with os.scandir(top) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _files_under(entry.path)
            elif entry.is_file(follow_symlinks=False):
                yield entry.path


def _same_bytes(one: str, other: str) -> bool:
    with open(one, "rb") as first, open(other, "rb") as second:
        return first.read() == second.read()
