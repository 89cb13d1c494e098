"""``gongkailan serve``: a live preview that rebuilds only the units an edit touched.

``mkdocs serve`` rebuilds the whole site on every change (half a minute for a 街道). Here the
preview is built like ``gongkailan build`` (generator/mkdocs_plugin/incremental.py), into
``.gongkailan/preview/`` with the same unit cache: saving one ledger rebuilds its committee
and the root unit, then the browser reloads (MkDocs' ``LiveReloadServer``). The server
watches ``data/``, ``content/``, ``theme_overrides/`` and ``mkdocs.yml``. A mistake in the
data or a failing build is printed and the preview keeps showing the last good site.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import GongkailanError
from . import incremental
from .engine import LOGGER, LiveReloadServer
from .settings import read_project

log = logging.getLogger(f"{LOGGER}.plugins.gongkailan.preview")

PREVIEW = Path(".gongkailan") / "preview"


def watched(config_file: Path) -> list[Path]:
    """Edits to these rebuild the preview: the data, hand-written pages, the theme overrides, mkdocs.yml."""
    project = read_project(config_file)
    root = project.root
    folders = [root / project.data_dir, project.docs_dir, project.custom_dir]
    return [config_file, *(f if f.is_absolute() else root / f for f in folders if f is not None)]


def serve(config_file: Path, host: str, port: int, jobs: int, load: Callable[[], tuple[Any, Any]]) -> None:
    """Build the preview, serve it at ``host:port`` and rebuild on every change until interrupted."""
    config_file = config_file.resolve()
    target = config_file.parent / PREVIEW

    def rebuild() -> None:
        try:
            site, style = load()
            _, units = incremental.build(config_file, target, jobs, site, style)
        except GongkailanError as failure:
            log.error("预览没有更新，仍显示上次成功生成的网站：\n%s", failure.format_message())
            return
        log.info("预览已更新（重新生成的单元：%s）", "、".join(units) or "无")

    rebuild()
    if not target.is_dir():
        raise GongkailanError("预览网站没有生成，请按上面的提示改正后再运行 gongkailan serve")
    mount = urlsplit(read_project(config_file).site_url or "/").path or "/"
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(target), mount_path=mount)

    def error_page(code: int) -> bytes | None:
        page = target / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    for path in watched(config_file):
        if path.exists():
            server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("预览已停止")
    finally:
        server.shutdown()
