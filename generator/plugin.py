"""MkDocs glue: load and validate the data, hand the rendered pages to MkDocs.

Everything else lives in plain modules that know nothing of MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .clock import today
from .errors import DataErrors
from .nav import build_nav
from .render import Renderer
from .repository import Site, load_site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.gongkailan")


class PluginConfig(Config):
    data_dir = c.Type(str, default="data")


class GongkailanPlugin(BasePlugin[PluginConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.renderer: Renderer | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            self.site = load_site(root, self.config.data_dir)
        except DataErrors as errors:
            # One line per mistake, then stop before anything is written to site/.
            raise PluginError("数据有误,网站没有生成:\n" + errors.report()) from None
        self.renderer = Renderer(self.site, today())
        handwritten = config.nav or []
        config.nav = build_nav(self.renderer, handwritten)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.renderer is not None
        for page in self.renderer.pages():
            existing = files.get_file_from_path(page.src)
            if existing is not None:
                raise PluginError(f"content/{page.src} 与自动生成的页面重名,请改名或删除这个手写页面")
            files.append(File.generated(config, page.src, content=page.markdown()))
        return files

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(Path(config.config_file_path).parent / self.config.data_dir))
        return server
