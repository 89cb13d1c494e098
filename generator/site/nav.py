"""The site's navigation, built from the generated pages and the hand-written ones."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from .finance_site import nav_entries
from .markup import escape_nav_titles
from .render import Renderer

NavItem = dict[str, Any] | str


def build_nav(renderer: Renderer, handwritten: list[NavItem]) -> list[NavItem]:
    nav: list[NavItem] = []
    if not renderer.single:
        nav.append({"首页": "index.md"})
    for committee in renderer.site.committees:
        p = renderer.paths(committee)
        finance: list[NavItem] = [p.section("finance")]
        for year, docs in groupby(committee.ledgers, key=lambda d: d.model.period.year):
            finance.append({f"{year}年": [{d.model.period.label: p.record("finance", d.slug)} for d in docs]})
        finance_extra, finance_sections = nav_entries(p)
        finance.extend(finance_extra)
        sections: list[NavItem] = [
            {"首页" if renderer.single else committee.name: p.home},
            {
                "组织名册": [
                    p.section("rosters"),
                    *({d.model.title: p.record("rosters", d.slug)} for d in committee.rosters),
                ]
            },
            {"财务公开": finance},
            *finance_sections,
            {
                "事项清单": [
                    p.section("lists"),
                    *({d.model.display_title: p.record("lists", d.slug)} for d in committee.lists),
                ]
            },
            {"规章制度": [p.section("rules"), *({d.model.title: p.record("rules", d.slug)} for d in committee.rules)]},
            {
                "公告公示": [
                    p.section("notices"),
                    *({d.model.title: p.record("notices", d.slug)} for d in committee.notices),
                ]
            },
        ]
        if renderer.single:
            nav.extend(sections)
        else:
            nav.append({committee.name: sections})
    # Titles from data are escaped: the theme prints navigation titles as HTML.
    return [*escape_nav_titles(nav), *handwritten]
