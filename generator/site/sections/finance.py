"""财务公开: the finance index, one page per year and one per period's ledger, with the menu
grouped by year.

The index shows the latest ``RECENT_PERIODS`` periods, the yearly totals and the budget; each
year's page lists that year's periods. So no page grows with the years a committee keeps, and
every ledger is a link away from the index (its year) and from the menu.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section
from .budgets import budget_slug

if TYPE_CHECKING:
    from ...model.finance import Ledger
    from ...model.kinds import Kind
    from ...source.document import Document

# A year of monthly accounts, three of quarterly ones.
RECENT_PERIODS = 12


def _about(ledger: Ledger) -> About:
    """A ledger's day: when it was published, else the last day of its period."""
    return About("财务", ledger.published_on or ledger.period.end)


def year_src(year: int) -> str:
    """A year's page: the index of its folder, so the year in the menu is a link to it."""
    return f"year/{year}/index"


def by_year(ledgers: list[Document[Ledger]]) -> list[tuple[int, list[Document[Ledger]]]]:
    """The ledgers (oldest first) grouped by the year of their period, oldest year first."""
    return [(year, list(docs)) for year, docs in groupby(ledgers, key=lambda d: d.model.period.year)]


class Finance(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        years = by_year(c.ledgers)
        year_links = [(year, p.record("finance", year_src(year))) for year, _ in reversed(years)]
        out = [
            r.render(
                "finance_index.md.j2",
                Page(p.section("finance"), "财务公开", sources=[*c.ledgers, *c.budgets, *c.funds]),
                c=c,
                p=p,
                recent=c.ledgers[-RECENT_PERIODS:],
                year_links=year_links,
            )
        ]
        budgets = {doc.model.year for doc in c.budgets}
        for year, docs in years:
            page = Page(p.record("finance", year_src(year)), f"{year}年财务收支", sources=list(docs))
            page.meta["search"] = {"exclude": True}  # search finds each period's own page
            out.append(
                r.render(
                    "finance_year.md.j2",
                    page,
                    c=c,
                    p=p,
                    year=year,
                    ledgers=docs,
                    year_links=year_links,
                    budget=p.record("finance", budget_slug(year)) if year in budgets else None,
                )
            )
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
        for year, docs in by_year(p.committee.ledgers):
            periods = [{d.model.period.label: p.record("finance", d.slug)} for d in docs]
            finance.append({f"{year}年": [p.record("finance", year_src(year)), *periods]})
        return [{"财务公开": finance}]
