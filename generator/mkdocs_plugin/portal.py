"""``gongkailan portal``: build a city's portal over its 街道's own sites (generator/outputs/portal.py).

The portal is an ordinary MkDocs + Material site in the package's theme, written as a plain
project (as ``gongkailan pages`` writes one) and built in a staging folder beside the target: its
page listing every committee, the project's own hand-written pages, and a search box that
merges every site's indexes. Its own pages get their Pagefind index and pass the privacy gate
like any site's; only then does the new portal replace the old one, so a site that cannot be
read, or an index of another Pagefind version, leaves the live portal as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import GongkailanError
from ..model.committee import Site
from ..outputs.portal import ENTRY, check_versions, link_sites, portal_markdown, read_portal
from ..outputs.project import DOCS, dump_config, plugin_settings, read_config, without_plugin, write_theme
from ..outputs.search import BUNDLE, index_site
from ..privacy.gate import enforce, hand_written_sources
from .engine import build, load_config
from .privacy_gate import material_files
from .sitebuild import staged

HOME = "index.md"


def build_portal(config_file: Path, site_dir: Path) -> list[str]:
    """Build the portal of ``config_file``'s project into ``site_dir``; returns the sites' names."""
    config_file = config_file.resolve()
    root = config_file.parent
    config = read_config(config_file)
    settings = plugin_settings(config)
    model, located, shown = read_portal(root, settings.data_dir)
    linked = link_sites(model, located, shown, str(config.get("site_url") or ""))
    title = model.site_name or str(config.get("site_name") or "")
    handwritten = root / str(config.get("docs_dir", "docs"))
    # The project is written in a scratch folder; the site is built in the staging folder beside
    # the target and swapped in only when every step below has passed (sitebuild.staged).
    with tempfile.TemporaryDirectory(prefix="gkl-portal-") as scratch, staged(site_dir.resolve()) as built:
        project = Path(scratch)
        docs = project / DOCS
        docs.mkdir()
        if handwritten.is_dir():
            shutil.copytree(handwritten, docs, dirs_exist_ok=True)
        if (docs / HOME).exists():
            raise GongkailanError(f"{handwritten.name}/{HOME} 与门户首页重名，请改名或删除这个手写页面")
        (docs / HOME).write_text(portal_markdown(title, linked), encoding="utf-8")
        written = _settings(config, title, [token for site in linked for token in site.search])
        written["theme"] = write_theme(config, settings, root, project)
        (project / "mkdocs.yml").write_text(dump_config(written), encoding="utf-8")
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(built)))
        index_site(built, settings.language)
        own = json.loads((built / BUNDLE / ENTRY).read_text(encoding="utf-8")).get("version", "")
        check_versions(linked, str(own), shown)
        # The portal holds no committee's data: the gate checks its pages for any personal number.
        empty = Site(root, [], [], masked=True)  # nothing in it to mask
        enforce(
            built, empty, hand_written_sources(empty, handwritten) if handwritten.is_dir() else (), material_files()
        )
    return [site.name for site in linked]


def _settings(config: dict[str, Any], title: str, units: list[str]) -> dict[str, Any]:
    written = dict(config)
    written["site_name"] = title
    written["docs_dir"] = DOCS
    written["plugins"] = without_plugin(config.get("plugins"))
    if config.get("nav"):
        written["nav"] = [{"首页": HOME}, *config["nav"]]
    # Every site's indexes, which the search box merges with the portal's own (theme/partials/search.html).
    written["extra"] = {**dict(config.get("extra") or {}), "gkl_search_units": units}
    return written
