"""MkDocs glue: load and validate the data, hand the rendered pages to MkDocs.

Everything else lives in plain modules that know nothing of MkDocs.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import timing
from ..clock import today
from ..errors import DataErrors, GongkailanError
from ..load import handover
from ..load.repository import load_site
from ..model.committee import Site
from ..outputs import feeds, opendata
from ..outputs.hant import converter_for
from ..site.compact import compact_html
from ..site.nav import build_nav
from ..site.render import Renderer
from ..site.tablecards import label_cells
from . import privacy_gate
from .engine import BasePlugin, Config, File, Files, PluginError
from .engine import config_options as c

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.gongkailan")


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
        self.renderer = Renderer(self.site, today(), self.config.takedown_days, config.site_url or "")
        if self.config.theme:
            register_theme(config)
        # Scans every output file once all plugins are done (generator/mkdocs_plugin/privacy_gate.py).
        privacy_gate.install(config, lambda: self.site, lambda: self.renderer.takedown if self.renderer else None)
        self._print_facts = None
        self._posters = self._setup_posters(root, config) if self.config.posters else None
        handwritten = config.nav or []
        with timing.step(timing.RENDER):
            config.nav = build_nav(self.renderer, handwritten)
        if self.config.language == "zh-Hant":
            config.theme["language"] = "zh-Hant"  # Material's own words (搜尋, 目錄) in traditional too
        # The site's Atom feeds, named in the <head> of every page (partials/gkl-feeds.html).
        config.extra["gkl_feeds"] = feeds.site_links(self.site, config.site_name, config.site_url or "")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        with timing.step(timing.RENDER):
            files = self._add_files(files, config)
        with timing.step(timing.FEEDS):
            return self._add_feeds(files, config)

    def _add_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        for page in self.renderer.pages():
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(f"content/{page.src} 与自动生成的页面重名，请改名或删除这个手写页面")
            files.append(File.generated(config, page.src, content=page.markdown()))
        for path, content in opendata.site_files(
            self.renderer.site, self.renderer.today
        ).items():  # CSV, JSON, datapackage.json
            files.append(File.generated(config, path, content=content))
        return files

    def _add_feeds(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        convert = converter_for(self.config.language)
        written = feeds.feed_files(
            self.renderer, config.site_url or "", config.site_name, self.config.language, convert
        )
        for path, content in written.items():  # Atom
            files.append(File.generated(config, path, content=content))
        return files

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

        assert self.renderer is not None
        if self._print_facts is None:
            self._print_facts = page_facts(self.renderer)
        url = page.canonical_url or "/" + page.url
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
            with timing.step(timing.POSTERS):
                written = self._posters.write(Path(config.site_dir))
            log.info("公开栏海报：%d 个 PDF", len(written))
        # Pagefind search (generator/outputs/search.py), unless the site asked for Material's own search.
        if "material/search" not in config.plugins and "search" not in config.plugins:
            from ..outputs.search import index_site

            try:
                with timing.step(timing.SEARCH):
                    index_site(Path(config.site_dir), self.config.language)
            except GongkailanError as failure:
                raise PluginError(failure.message) from None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).parent / self.config.data_dir))
        return server
