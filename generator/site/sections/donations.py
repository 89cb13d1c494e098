"""捐赠公示: an index and one page per published list of gifts (shown only when there are some)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Donations(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        if not c.donations:
            return []
        out = [
            r.render("donations_index.md.j2", Page(p.section("donations"), "捐赠公示", sources=c.donations), c=c, p=p)
        ]
        for gifts in c.donations:
            page = Page(
                p.record("donations", gifts.slug),
                gifts.model.title,
                about=About("捐赠", gifts.model.published_on),
                sources=[gifts],
            )
            out.append(r.render("donations.md.j2", page, c=c, p=p, d=gifts.model))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        docs = p.committee.donations
        return [listed("捐赠公示", p, "donations", [(d.model.title, d.slug) for d in docs])] if docs else []
