"""Build units: which part of the site each output file belongs to.

A site with several committees is built in *units*: one per committee (its slug, e.g.
``xingfu``: every file under ``/xingfu/`` — pages, 修改记录 pages, open data, feeds, its search
index — and its wall posters under ``/posters/xingfu/``), and the root unit ``_site`` (the
overview and every other file at the root: hand-written pages outside the committees'
folders, the site-wide feeds, the theme's assets, 404.html, the root search index). The
assembled site is the union of the units' folders plus the files written at assembly
(``SITE_WIDE``). A site of one committee has its pages at the root, so its only unit is
``_site``.

This one rule (``unit_of``) decides ownership everywhere: in a unit build (the plugin's
``unit`` option), when a unit's files are collected, and in the check that no two units
write the same file.
"""

from __future__ import annotations

from ..errors import GongkailanError
from ..model.committee import Site

ROOT_UNIT = "_site"
# Written at assembly from every unit: never part of one unit's folder.
SITE_WIDE = ("sitemap.xml", "sitemap.xml.gz")
# Each unit folder carries its facts for assembly (sitemap entries, fingerprint) in this file;
# it is never copied into the site.
META = ".gongkailan-unit.json"
POSTERS = "posters"


def unit_names(site: Site) -> list[str]:
    """Every unit of the site, committees in site order, the root unit last."""
    if len(site.committees) <= 1:
        return [ROOT_UNIT]
    return [*(c.slug for c in site.committees), ROOT_UNIT]


def unit_of(path: str, slugs: frozenset[str] | set[str]) -> str:
    """The unit a file belongs to, from its path inside the built site (``xingfu/finance/index.html``)."""
    first, _, rest = path.partition("/")
    if first in slugs:
        return first
    if first == POSTERS:
        second = rest.partition("/")[0]
        if second in slugs:
            return second
    return ROOT_UNIT


def committee_slugs(site: Site) -> frozenset[str]:
    """Slugs that are units of their own (none on a site of one committee)."""
    return frozenset(u for u in unit_names(site) if u != ROOT_UNIT)


class UnknownUnit(GongkailanError):
    """``--units`` named something that is not a unit of this site."""


def parse_units(text: str, site: Site) -> list[str]:
    """``xingfu,liuhe`` as a list of units of this site, in site order; one clear error otherwise."""
    known = unit_names(site)
    asked = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in asked if name not in known]
    if unknown or not asked:
        raise UnknownUnit(
            f"--units 里的 {'、'.join(unknown) or '（空）'} 不是本站的生成单元。"
            f"本站的生成单元是：{'、'.join(known)}（委员会文件夹名，_site 是总览和其他根目录文件）"
        )
    return [name for name in known if name in asked]
