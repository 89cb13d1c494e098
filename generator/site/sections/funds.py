"""专项资金: one page for all special funds and their movements, inside 财务公开."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import ledgers
from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Funds(Section):
    nested = True

    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        if not c.funds:
            return []
        page = Page(p.record("finance", "funds"), "专项资金", about=About("专项资金"), sources=[*c.funds, *c.ledgers])
        return [r.render("funds.md.j2", page, c=c, p=p, accounts=ledgers.fund_accounts(c))]

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return [{"专项资金": p.record("finance", "funds")}] if p.committee.funds else []
