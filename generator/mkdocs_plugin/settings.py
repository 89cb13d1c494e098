"""The project's settings, read from mkdocs.yml for the command line (which never imports MkDocs itself)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import GongkailanError
from .engine import EngineError, load_config


@dataclass(frozen=True)
class Project:
    root: Path  # the folder of mkdocs.yml
    data_dir: str
    language: str  # zh-Hans or zh-Hant
    site_url: str | None
    use_directory_urls: bool
    docs_dir: Path  # hand-written pages (content/)
    takedown_days: int = 0  # days a person list stays up after its 公示期 (generator/privacy/takedown.py)
    custom_dir: Path | None = None  # theme_overrides/: the committee's own theme files
    site_name: str = ""
    plugin: bool = True  # mkdocs.yml names the gongkailan plugin (else: plain MkDocs, built whole)
    posters: bool = False  # the build writes wall posters


def read_project(config_file: Path) -> Project:
    try:
        config = load_config(config_file=str(config_file))
    except EngineError as exc:
        raise GongkailanError(f"网站设置文件 {config_file.name} 有误：{exc}") from None
    plugin = config.plugins.get("gongkailan")
    return Project(
        root=config_file.parent,
        data_dir=plugin.config.data_dir if plugin is not None else "data",
        language=plugin.config.language if plugin is not None else "zh-Hans",
        site_url=config.site_url or None,
        use_directory_urls=config.use_directory_urls,
        docs_dir=Path(config.docs_dir),
        takedown_days=plugin.config.takedown_days if plugin is not None else 0,
        custom_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        site_name=config.site_name,
        plugin=plugin is not None,
        posters=bool(plugin.config.posters) if plugin is not None else False,
    )
