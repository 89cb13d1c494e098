"""组织名册: an index of the committee's bodies, and one page per roster."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Rosters(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = [r.render("rosters_index.md.j2", Page(p.section("rosters"), "组织名册", sources=c.rosters), c=c, p=p)]
        for doc in c.rosters:
            page = Page(
                p.record("rosters", doc.slug), doc.model.title, about=About("名册", doc.model.elected_on), sources=[doc]
            )
            out.append(r.render("roster.md.j2", page, c=c, p=p, roster=doc.model))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return [listed("组织名册", p, "rosters", [(d.model.title, d.slug) for d in p.committee.rosters])]
