"""The site's navigation, built from the generated pages and the hand-written ones."""

from __future__ import annotations

from ..model import kinds
from ..model.wording import words
from .markup import escape_nav_titles
from .render import Renderer
from .section import NavItem
from .sections import section_for


def build_nav(renderer: Renderer, handwritten: list[NavItem]) -> list[NavItem]:
    nav: list[NavItem] = []
    if not renderer.single:
        nav.append({"首页": "index.md"})
    for committee in renderer.site.committees:
        p = renderer.paths(committee)
        sections: list[NavItem] = [
            {"首页" if renderer.single else committee.name: p.home},
            {words(committee.profile.model.level)["简介"]: p.about},
        ]
        for kind in kinds.shown():
            section = section_for(kind)
            entries = section.nav(p, kind)
            if section.nested and entries:
                last = sections[-1]
                assert isinstance(last, dict)
                next(iter(last.values())).extend(entries)  # inside the entry just before (财务公开)
            else:
                sections.extend(entries)
        if renderer.single:
            nav.extend(sections)
        else:
            nav.append({committee.name: sections})
    # Titles from data are escaped: the theme prints navigation titles as HTML.
    return [*escape_nav_titles(nav), *handwritten]
