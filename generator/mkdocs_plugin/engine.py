"""The site engine: MkDocs 1.x, or ProperDocs (its continuation) where the mkdocs package is absent.

MkDocs 1.6.1 is the last 1.x and mkdocs-material's support ends in 2027, so a committee may
install ProperDocs instead. ProperDocs keeps MkDocs's API and, once ``properdocs.replacement``
is imported, answers every ``mkdocs.*`` import itself (Material's included). This module makes
that choice once; the rest of the program takes the engine's names from here and never
imports ``mkdocs`` or ``properdocs`` itself (the plugin modules included).
"""

from __future__ import annotations

import logging

try:
    import mkdocs

    # "properdocs" when the ``properdocs`` command runs (it has already put itself in the place of mkdocs).
    NAME = mkdocs.__name__
except ImportError:  # pragma: no cover - exercised by tests/test_engine.py in a venv without mkdocs
    try:
        # Maps ``mkdocs.*`` to ``properdocs.*`` for every import after this one, Material's too.
        import properdocs.replacement  # noqa: F401
    except ImportError:
        raise ImportError("没有安装 MkDocs 或 ProperDocs，无法生成网站。请运行 bash scripts/setup") from None

    NAME = "properdocs"
    # Plugins (this one, Material's) log to "mkdocs.…": route that to ProperDocs' logger, whose
    # handlers count warnings for ``strict: true``, as the ``properdocs`` command does.
    logging.getLogger("mkdocs").parent = logging.getLogger("properdocs")

from mkdocs.commands.build import build
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import MkDocsException as EngineError
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import normalize_url
from mkdocs.utils.templates import url_filter

# The logger the engine's own messages go to; the command line shows it.
LOGGER = NAME

__all__ = [
    "LOGGER",
    "NAME",
    "BasePlugin",
    "Config",
    "EngineError",
    "File",
    "Files",
    "InclusionLevel",
    "LiveReloadServer",
    "PluginError",
    "build",
    "config_options",
    "event_priority",
    "load_config",
    "normalize_url",
    "url_filter",
]
