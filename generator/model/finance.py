"""财务公开: one ledger per month or quarter, reconciled to the fen."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from .fields import Day, Money, PeriodField, PositiveMoney
from .money import yuan
from .record import Record, optional, text

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document


class Line(Record):
    date: Day = text("日期")
    summary: str = text("摘要", "这笔钱是做什么的", min_length=1)
    category: str = text("类别", "例如 办公费、活动经费、上级拨款", min_length=1)
    amount: PositiveMoney = text("金额", "单位元，最多两位小数，不写逗号")
    voucher: str | None = optional("凭证号")
    fund: str | None = optional("资金来源或专项资金", "例如 福彩公益金")
    resolution: str | None = optional("批准决议", "批准这笔开支的会议决议公告的文件名（不含 .yml）")
    note: str | None = optional("备注")


class Ledger(Record):
    period: PeriodField = text("账期", "按月写 2026-03，按季度写 2026-Q1")
    opening_balance: Money = text("期初余额")
    income: list[Line] = text("收入", default_factory=list)
    expense: list[Line] = text("支出", default_factory=list)
    closing_balance: Money = text("期末余额")
    prepared_by: str | None = optional("制表人")
    reviewed_by: str | None = optional("审核", "例如 居务监督委员会")
    published_on: Day | None = optional("公开日期")
    note: str | None = optional("说明", "可用 Markdown")

    @property
    def total_income(self) -> Decimal:
        return sum((line.amount for line in self.income), Decimal("0.00"))

    @property
    def total_expense(self) -> Decimal:
        return sum((line.amount for line in self.expense), Decimal("0.00"))

    @property
    def computed_closing(self) -> Decimal:
        return self.opening_balance + self.total_income - self.total_expense

    def by_category(self, lines: list[Line]) -> list[tuple[str, Decimal]]:
        totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
        for line in lines:
            totals[line.category] += line.amount
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def check(doc: Document[Ledger], errors: Collector) -> None:
    ledger = doc.model
    for side in ("income", "expense"):
        for index, line in enumerate(getattr(ledger, side)):
            if not ledger.period.contains(line.date):
                doc.error(
                    errors,
                    (side, index, "date"),
                    f"日期 {line.date.isoformat()} 不在账期 {ledger.period.label} 内",
                    f"这一笔应记入 {line.date.year}-{line.date.month:02d} 的账目文件，或改正日期",
                )
    if ledger.computed_closing != ledger.closing_balance:
        doc.error(
            errors,
            ("closing_balance",),
            f"账目不平：期末余额写的是 {yuan(ledger.closing_balance)}，"
            f"按账目计算应为 {yuan(ledger.computed_closing)}"
            f"（期初 {yuan(ledger.opening_balance)} + 收入 {yuan(ledger.total_income)}"
            f" − 支出 {yuan(ledger.total_expense)}）",
            "请核对每一笔收支和期末余额",
        )
