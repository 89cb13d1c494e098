"""MkDocs glue for the privacy gate: runs after every other plugin has written its files.

The main plugin adds this one to the build in ``on_config``; its ``on_post_build`` has the
lowest priority, so the search index, posters and open data are all on disk when it scans.
A leak raises ``PluginError``: ``mkdocs build`` fails, and ``gongkailan build`` keeps the
live site untouched (it builds into a temporary directory and swaps only on success).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import timing
from ..errors import GongkailanError
from ..privacy.gate import enforce, hand_written_sources
from .engine import BasePlugin, PluginError, event_priority

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from ..model.committee import Site
    from ..privacy.gate import Source
    from ..privacy.takedown import Takedown

NAME = "gongkailan/privacy-gate"


class PrivacyGatePlugin(BasePlugin):  # type: ignore[type-arg]
    def __init__(
        self,
        site: Callable[[], Site | None],
        takedown: Callable[[], Takedown | None],
        index: Callable[[], Source | None] = lambda: None,
        checked: Callable[[], frozenset[str]] = frozenset,
    ) -> None:
        self._site = site
        self._takedown = takedown
        self._index = index  # the data's personal numbers, when the build was handed them (a unit build)
        self._checked = checked  # files taken unchanged from the cache, read when they were written

    @event_priority(-100)  # last: after search indexing, posters and every other writer
    def on_post_build(self, config: MkDocsConfig) -> None:
        site = self._site()
        if site is None:
            return
        index = self._index()
        # The hand-written pages are only read for the index of personal numbers, when the build has none yet.
        sources = hand_written_sources(site, Path(config.docs_dir)) if index is None else []
        try:
            with timing.step(timing.GATE):
                enforce(
                    Path(config.site_dir), site, sources, material_files(), self._takedown(), index, self._checked()
                )
        except GongkailanError as leak:  # a leak, or a PDF that cannot be read
            raise PluginError(str(leak)) from None


def material_files() -> Path:
    """Material's own files: copied unchanged into every site, so the gate need not read them."""
    import material

    return Path(material.__file__).parent / "templates"


def install(
    config: MkDocsConfig,
    site: Callable[[], Site | None],
    takedown: Callable[[], Takedown | None] = lambda: None,
    index: Callable[[], Source | None] = lambda: None,
    checked: Callable[[], frozenset[str]] = frozenset,
) -> None:
    """Add the gate to this build's plugins (once: ``mkdocs serve`` reuses the config)."""
    if NAME not in config.plugins:
        config.plugins[NAME] = PrivacyGatePlugin(site, takedown, index, checked)
