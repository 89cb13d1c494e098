"""Shared by the bench scripts: build the site, or a plain-Material twin of it, from any data."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # browser_support: server and Chromium as the tests use them


def write_config(out_dir: Path, *, data_root: Path = ROOT, plain: bool = False, material_search: bool = False) -> Path:
    """A mkdocs.yml in ``out_dir`` building ``data_root/data`` with the project's pages.

    ``plain``: Material as it comes (no theme overrides, no extra CSS/JS) with its built-in
    search (jieba), the baseline the site is compared with. Web fonts stay off in both: a
    foreign font host would only make the baseline slower still on mainland networks.
    ``material_search``: the project's theme but Material's built-in search instead of Pagefind.
    """
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    plugins = [p for p in config["plugins"] if not (isinstance(p, dict) and "search" in p) and p != "search"]
    for i, plugin in enumerate(plugins):
        if isinstance(plugin, dict) and "gongkailan" in plugin:
            # Wall posters (PDF) are for printing, not what a phone loads; they only slow the build.
            options = {**(plugin["gongkailan"] or {}), "data_dir": str(data_root / "data"), "posters": False}
            if plain:
                options["theme"] = False  # Material as it comes: without the package's theme
            plugins[i] = {"gongkailan": options}
    if plain or material_search:
        plugins.insert(0, {"search": {"lang": "zh"}})
    config["plugins"] = plugins
    if plain:
        config["theme"].pop("custom_dir", None)
        config.pop("extra_css", None)
        config.pop("extra_javascript", None)
    else:
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["strict"] = False
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build(config_file: Path, site_dir: Path) -> Path:
    from generator.mkdocs_plugin.sitebuild import build_site

    return build_site(config_file, site_dir)
