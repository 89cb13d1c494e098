"""年度预算: one page per year comparing the budget with the ledgers, inside 财务公开."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import ledgers
from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section

if TYPE_CHECKING:
    from ...model.kinds import Kind


def budget_slug(year: int) -> str:
    return f"budget-{year}"


class Budgets(Section):
    nested = True

    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = []
        for doc in c.budgets:
            page = Page(
                p.record("finance", budget_slug(doc.model.year)),
                f"{doc.model.year}年预算执行情况",
                sources=[doc, *c.ledgers],
                about=About("预算"),
            )
            rows = ledgers.budget_rows(doc.model, c.ledgers)
            income = ledgers.income_rows(doc.model, c.ledgers)
            out.append(r.render("budget.md.j2", page, c=c, p=p, budget=doc.model, rows=rows, income=income))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return [
            {f"{d.model.year}年预算执行": p.record("finance", budget_slug(d.model.year))} for d in p.committee.budgets
        ]
