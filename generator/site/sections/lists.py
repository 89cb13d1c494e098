"""工作事项清单: an index and one page per list of duties."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Lists(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = [r.render("lists_index.md.j2", Page(p.section("lists"), "工作事项清单", sources=c.lists), c=c, p=p)]
        for doc in c.lists:
            page = Page(p.record("lists", doc.slug), doc.model.display_title, about=About("清单"), sources=[doc])
            out.append(r.render("worklist.md.j2", page, c=c, p=p, wl=doc.model))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return [listed("事项清单", p, "lists", [(d.model.display_title, d.slug) for d in p.committee.lists])]
