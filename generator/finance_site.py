"""The finance pages beyond one ledger: budgets, funds, donations, property fees.

Hooked into the renderer with two calls (``install`` for the template helpers, ``pages``
for the extra pages) and into the navigation with ``nav_entries``, so that the shared
modules stay small.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import jinja2

from . import charts, ledgers, opendata
from .capital import capital
from .pages import Page

if TYPE_CHECKING:
    from .render import Paths, Renderer
    from .repository import Committee


def net_words(amount: Decimal) -> str:
    """收支相抵 in words: a surplus, a deficit, or exactly even."""
    if amount > 0:
        return f"收支相抵结余 {amount:,.2f} 元"
    if amount < 0:
        return f"支出多于收入 {-amount:,.2f} 元"
    return "收支相抵为零"


def install(env: jinja2.Environment) -> None:
    env.filters.update(capital=capital, plain_yuan=lambda d: f"{d:,.2f}", net_words=net_words)
    env.globals.update(
        category_chart=charts.category_chart,
        balance_chart=charts.balance_chart,
        budget_chart=charts.budget_chart,
        fund_accounts=ledgers.fund_accounts,
        fund_movements=ledgers.fund_movements,
        reconcile=ledgers.reconcile,
        year_totals=ledgers.year_totals,
        budget_rows=ledgers.budget_rows,
        data_href=opendata.href,
        ledger_file=opendata.ledger_file,
        data_folder=opendata.folder,
    )


def budget_slug(year: int) -> str:
    return f"budget-{year}"


def pages(renderer: Renderer, p: Paths) -> list[Page]:
    c = p.committee
    out: list[Page] = []
    for doc in c.budgets:
        out.append(
            renderer._render(
                "budget.md.j2",
                Page(p.record("finance", budget_slug(doc.model.year)), f"{doc.model.year}年预算执行情况"),
                c=c,
                p=p,
                budget=doc.model,
                rows=ledgers.budget_rows(doc.model, c.ledgers),
                income=ledgers.income_rows(doc.model, c.ledgers),
            )
        )
    if c.funds:
        out.append(
            renderer._render(
                "funds.md.j2",
                Page(p.record("finance", "funds"), "专项资金"),
                c=c,
                p=p,
                accounts=ledgers.fund_accounts(c),
            )
        )
    if c.donations:
        out.append(renderer._render("donations_index.md.j2", Page(p.section("donations"), "捐赠公示"), c=c, p=p))
        for gifts in c.donations:
            out.append(
                renderer._render(
                    "donations.md.j2",
                    Page(p.record("donations", gifts.slug), gifts.model.title),
                    c=c,
                    p=p,
                    d=gifts.model,
                )
            )
    if c.properties:
        out.append(renderer._render("property_index.md.j2", Page(p.section("property"), "物业四公开"), c=c, p=p))
        for disclosure in c.properties:
            page = Page(p.record("property", disclosure.slug), disclosure.model.title)
            out.append(renderer._render("property.md.j2", page, c=c, p=p, pd=disclosure.model))
    return out


def nav_entries(p: Paths) -> tuple[list[Any], list[Any]]:
    """(entries appended under 财务公开, sections placed after it)."""
    c: Committee = p.committee
    finance: list[Any] = [
        {f"{d.model.year}年预算执行": p.record("finance", budget_slug(d.model.year))} for d in c.budgets
    ]
    if c.funds:
        finance.append({"专项资金": p.record("finance", "funds")})
    sections: list[Any] = []
    if c.donations:
        sections.append(
            {
                "捐赠公示": [
                    p.section("donations"),
                    *({d.model.title: p.record("donations", d.slug)} for d in c.donations),
                ]
            }
        )
    if c.properties:
        sections.append(
            {
                "物业四公开": [
                    p.section("property"),
                    *({d.model.title: p.record("property", d.slug)} for d in c.properties),
                ]
            }
        )
    return finance, sections
