"""Whose page it is: the name in the header and ``<title>``, and the footer line, per page.

A site of several committees has one ``site_name`` (mkdocs.yml, or data/jiedao.yml's); each
committee's pages carry that committee's own name instead (幸福里社区居务公开, 六合村村务公开),
so that a page opened from a QR code on a village's wall never names another committee. The
theme reads these values from the page's ``gkl_site`` meta (generator/theme/main.html,
partials/header.html, partials/copyright.html); both build routes put them there.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from html import escape
from typing import Any

from ..model.committee import Committee, Site
from ..model.wording import words

FOOTER = "本站内容依法公开，欢迎监督"


def owner_of(site: Site, src: str) -> Committee | None:
    """The committee whose folder holds the page; on a one-committee site, every page is its."""
    found = next((c for c in site.committees if src.startswith(c.slug + "/")), None)
    if found is None and len(site.committees) == 1:
        return site.committees[0]
    return found


def committee_site_name(committee: Committee) -> str:
    """幸福里社区居务公开 / 六合村村务公开."""
    return committee.name + words(committee.profile.model.level)["居务"] + "公开"


def page_chrome(site: Site, src: str, site_name: str, copyright: str | None) -> dict[str, str]:
    """The ``gkl_site`` meta of one page: ``name`` (header, ``<title>``), ``footer`` and, on a
    committee's page, ``description`` (what a shared link's preview says; see ``describe``).

    The theme prints them as HTML, like mkdocs.yml's own values: what comes from data is escaped.
    """
    committee = owner_of(site, src)
    if committee is None:
        return {"name": escape(site.name) if site.name else site_name, "footer": copyright or ""}
    profile = committee.profile.model
    unit = site.subdistrict(committee)
    where = f" · {unit.name}" if unit else ""
    w = words(profile.level)
    return {
        "name": escape(committee_site_name(committee)),
        "footer": escape(f"{profile.name}{where} · {FOOTER}"),
        "description": escape(f"{profile.name}的{w['居务']}公开、财务公开"),
    }


def describe(meta: MutableMapping[str, Any], chrome: dict[str, str]) -> None:
    """A committee's page describes itself (Material's <meta name="description">), unless it says otherwise."""
    if "description" in chrome and not meta.get("description"):
        meta["description"] = chrome["description"]
