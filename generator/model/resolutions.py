"""四议两公开 end to end: what carries out a meeting resolution, gathered for its page.

A resolution (a notice of kind 会议决议) is named by the records that carry it out: expense
lines (``resolution`` on a ledger line), the year's projects (为民办实事 items), notices such as
tenders and 执行情况 (``resolution``), rules it adopted, budgets it approved or adjusted. Its
page lists them with amounts and status, so the resolution, its execution and its result
stand on one page (N5). Every such link must name an existing 会议决议: ``check_link``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document
    from .budgets import Budget
    from .committee import Committee
    from .finance import Ledger, Line
    from .notices import Notice
    from .rules import Rule
    from .worklists import ProjectItem, WorkList

RESOLUTION = "会议决议"


@dataclass
class Execution:
    """Everything that names one resolution, by kind."""

    expenses: list[tuple[Document[Ledger], Line]] = field(default_factory=list)
    projects: list[tuple[Document[WorkList], ProjectItem]] = field(default_factory=list)
    notices: list[Document[Notice]] = field(default_factory=list)  # tenders, 执行情况, …
    rules: list[Document[Rule]] = field(default_factory=list)
    budgets: list[tuple[Document[Budget], str, Decimal]] = field(default_factory=list)  # (budget, what, amount)

    @property
    def spent(self) -> Decimal:
        return sum((line.amount for _, line in self.expenses), Decimal("0.00"))

    @property
    def results(self) -> list[Document[Notice]]:
        """The notices that report the result (实施结果公开)."""
        return [n for n in self.notices if n.model.kind == "执行情况"]

    def __bool__(self) -> bool:
        return bool(self.expenses or self.projects or self.notices or self.rules or self.budgets)


def carried_out(committee: Committee, slug: str) -> Execution:
    """What carries out the resolution ``slug`` (see ``executions`` for every resolution at once)."""
    return executions(committee).get(slug) or Execution()


def executions(committee: Committee) -> dict[str, Execution]:
    """What carries out each resolution named anywhere in the committee's records, in one pass.

    Each list keeps the order of the records (notices oldest first), as ``carried_out`` gives it.
    """
    found: dict[str, Execution] = defaultdict(Execution)
    for ledger in committee.ledgers:
        for line in ledger.model.expense:
            if line.resolution:
                found[line.resolution].expenses.append((ledger, line))
    for worklist in committee.lists:
        for item in worklist.model.items:
            slug = getattr(item, "resolution", None)
            if slug:
                found[slug].projects.append((worklist, item))
    for notice in committee.notices:
        if notice.model.resolution:
            found[notice.model.resolution].notices.append(notice)
    for execution in found.values():
        # Oldest first: the tender before its result, the result last.
        execution.notices.sort(key=lambda n: n.model.published_on)
    for rule in committee.rules:
        if rule.model.resolution:
            found[rule.model.resolution].rules.append(rule)
    for budget in committee.budgets:
        if budget.model.resolution:
            total = sum((item.amount for item in budget.model.expense), Decimal("0.00"))
            found[budget.model.resolution].budgets.append((budget, f"{budget.model.year}年支出预算", total))
        for item in budget.model.expense:
            if item.adjustment_resolution and item.adjusted_amount is not None:
                found[item.adjustment_resolution].budgets.append(
                    (budget, f"{budget.model.year}年“{item.category}”预算调整为", item.adjusted_amount)
                )
    return dict(found)


def check_link(
    doc: Document[Any], errors: Collector, loc: tuple[Any, ...], target: str | None, notices: dict[str, Notice]
) -> None:
    """A ``resolution`` field names a notice that exists and is a 会议决议."""
    if not target:
        return
    key = next(part for part in reversed(loc) if isinstance(part, str))
    doc.check_reference(errors, loc, target, set(notices))  # a missing one, said as for every reference
    if target in notices and notices[target].kind != RESOLUTION:
        doc.error(
            errors,
            loc,
            f"“{target}”是{notices[target].kind}，不是会议决议",
            f"{key} 写批准这件事的会议决议公告的文件名；其他相关公告写在决议的 related 里",
        )
