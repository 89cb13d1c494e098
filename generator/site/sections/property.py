"""物业四公开: an index and one page per property-fee disclosure (shown only when there are some)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Property(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        if not c.properties:
            return []
        out = [
            r.render("property_index.md.j2", Page(p.section("property"), "物业四公开", sources=c.properties), c=c, p=p)
        ]
        for disclosure in c.properties:
            page = Page(
                p.record("property", disclosure.slug),
                disclosure.model.title,
                about=About("物业", disclosure.model.published_on),
                sources=[disclosure],
            )
            out.append(r.render("property.md.j2", page, c=c, p=p, pd=disclosure.model))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        docs = p.committee.properties
        return [listed("物业四公开", p, "property", [(d.model.title, d.slug) for d in docs])] if docs else []
