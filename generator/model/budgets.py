"""年度预算: the approved budget by expense category, against what was actually spent.

One file per year in ``budgets/`` (``budgets/2026.yml``). Spending past a category's
budget is an error: the committee either did not keep to what residents approved, or the
budget was raised by a meeting, which the file records with ``adjusted_amount`` and
``adjustment_resolution``. The site then still flags the category as over its original
budget, with the resolution beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .fields import Day, Money, Year
from .record import Record, optional, text


class BudgetItem(Record):
    category: str = text("类别", "与账目里支出的 category 一致", min_length=1)
    amount: Money = text("预算金额", "年初批准的金额")
    adjusted_amount: Money | None = optional("调整后预算", "经会议决议调整预算时填写调整后的金额")
    adjustment_resolution: str | None = optional(
        "调整决议", "批准调整预算的会议决议公告的文件名（不含 .yml）；写了调整后预算就必须写"
    )
    note: str | None = optional("说明")

    @property
    def effective(self) -> Decimal:
        return self.adjusted_amount if self.adjusted_amount is not None else self.amount


class IncomeItem(Record):
    category: str = text("类别", "与账目里收入的 category 一致，例如 发包收入、租赁收入、补助收入", min_length=1)
    amount: Money = text("预计金额")
    note: str | None = optional("说明")


@dataclass
class IncomeRow:
    """One income category: what was expected and what came in (a shortfall is shown, not an error)."""

    item: IncomeItem
    actual: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.item.amount - self.actual


class Budget(Record):
    year: Year = text("年度", "例如 2026")
    approved_by: str | None = optional("批准机构", "例如 村（居）民代表会议")
    approved_on: Day | None = optional("批准日期")
    resolution: str | None = optional("批准决议", "批准预算的会议决议公告的文件名（不含 .yml）")
    income: list[IncomeItem] = text("收入预算", "村集体经济收入等，每个收入类别一项；可以不写", default_factory=list)
    expense: list[BudgetItem] = text("支出预算", "每个支出类别一项", min_length=1)
    note: str | None = optional("说明", "可用 Markdown")


@dataclass
class BudgetRow:
    """One category's execution: what the page shows and the checks compare."""

    item: BudgetItem
    actual: Decimal

    @property
    def budget(self) -> Decimal:
        return self.item.effective

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.actual

    @property
    def percent(self) -> str:
        if self.budget == 0:
            return "—" if self.actual == 0 else "超支"
        return f"{(self.actual * 100 / self.budget).quantize(Decimal('0.1'))}%"

    @property
    def over(self) -> bool:
        return self.actual > self.budget

    @property
    def over_original(self) -> bool:
        return self.actual > self.item.amount
