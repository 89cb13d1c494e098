"""财务公开: the finance index and one page per period's ledger, with the menu grouped by year."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section

if TYPE_CHECKING:
    from ...model.finance import Ledger
    from ...model.kinds import Kind


def _about(ledger: Ledger) -> About:
    """A ledger's day: when it was published, else the last day of its period."""
    return About("财务", ledger.published_on or ledger.period.end)


class Finance(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = [
            r.render(
                "finance_index.md.j2",
                Page(p.section("finance"), "财务公开", sources=[*c.ledgers, *c.budgets, *c.funds]),
                c=c,
                p=p,
            )
        ]
        for index, doc in enumerate(c.ledgers):
            prev = c.ledgers[index - 1] if index else None
            nxt = c.ledgers[index + 1] if index + 1 < len(c.ledgers) else None
            page = Page(
                p.record("finance", doc.slug),
                f"{doc.model.period.label}财务收支",
                about=_about(doc.model),
                sources=[doc],
            )
            out.append(r.render("ledger.md.j2", page, c=c, p=p, ledger=doc.model, prev=prev, next=nxt))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        finance: list[NavItem] = [p.section("finance")]
        for year, docs in groupby(p.committee.ledgers, key=lambda d: d.model.period.year):
            finance.append({f"{year}年": [{d.model.period.label: p.record("finance", d.slug)} for d in docs]})
        return [{"财务公开": finance}]
