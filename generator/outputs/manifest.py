"""``gkl-site.json``: what a site holds, for a city's portal on another site (generator/outputs/portal.py).

A city too large for one Pages site publishes one site per 街道 or 镇 and a portal that lists
them all and searches them all. The portal reads this small file from each 街道's site when it
is built, so its list of committees is always the one the 街道 publishes: nobody copies names
from one repository to another. It holds only what the site's own pages already show (names,
folders, the search indexes' places), never a person's data.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..model.subdistrict import implied
from ..site.pages import url_of
from .search import BUNDLE

if TYPE_CHECKING:
    from ..site.render import Renderer

FILE = "gkl-site.json"
FORMAT = 1  # raised when a portal can no longer read an older site's file


def site_manifest(renderer: Renderer, site_name: str) -> bytes:
    """The site's towns and committees, with each committee's folder and search index, as JSON.

    Paths are relative to the site's root: ``xingfu/`` (a committee's home, ``""`` on a site of
    one committee) and ``xingfu/pagefind/``. ``search`` lists every index of the site, the
    root's first.
    """
    site = renderer.site
    towns: dict[str, dict[str, object]] = {}
    for committee in site.committees:
        unit = site.subdistrict(committee) or implied(committee.profile.model.subdistrict)
        name, level = (unit.name, unit.level) if unit else (committee.profile.model.subdistrict, "")
        town = towns.setdefault(name, {"name": name, "level": level, "committees": []})
        home = url_of(renderer.paths(committee).home)
        town["committees"].append(  # type: ignore[attr-defined]
            {
                "name": committee.profile.model.display_name,
                "village": committee.profile.model.level == "村委会",
                "path": home,
            }
        )
    search = [f"{BUNDLE}/"]
    if not renderer.single:
        search += [f"{c.slug}/{BUNDLE}/" for c in site.committees]
    # In data/jiedao.yml's order, as the site's own front page lists them; 社区 before 村 in each.
    order = [unit.name for unit in site.subdistricts()]
    listed = sorted(towns.values(), key=lambda t: order.index(t["name"]) if t["name"] in order else len(order))
    for town in listed:
        town["committees"].sort(key=lambda c: c["village"])  # type: ignore[attr-defined]
    manifest = {"format": FORMAT, "name": site_name, "towns": listed, "search": search}
    return (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
