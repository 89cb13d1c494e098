"""捐赠公示 and 物业四公开: two disclosures residents ask for by name.

``donations/*.yml``: one file per 公示 (for example one per campaign or per year), listing
each gift, who gave it, what it was for and how it was used. ``property/*.yml``: the
property company's "four disclosures" — service content, service standards, fees, and how
the money was used.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from .fields import Day, GiftMoney, Money
from .markers import OFFICE
from .record import Record, optional, text


class Gift(Record):
    date: Day = text("日期")
    donor: str = text("捐赠人", "个人不愿公开姓名时写“爱心居民”", min_length=1)
    kind: Literal["现金", "物资"] = text("类型", default="现金")
    amount: GiftMoney | None = optional("金额", "现金写金额；物资可写折合金额；都是正数")
    goods: str | None = optional("物资", "物资名称和数量，例如 大米 50 袋")
    purpose: str | None = optional("用途", "捐赠人指定的用途")
    voucher: str | None = optional("入账凭证号", "现金捐赠记入账目时的凭证号；写了会与账目核对")
    use: str | None = optional("使用情况")


class Donations(Record):
    title: str = text("标题", min_length=1)
    published_on: Day = text("公示日期")
    gifts: list[Gift] = text("捐赠明细", min_length=1)
    note: str | None = optional("说明", "可用 Markdown")

    @property
    def cash_total(self) -> Decimal:
        return sum((g.amount for g in self.gifts if g.kind == "现金" and g.amount), Decimal("0.00"))

    @property
    def goods_total(self) -> Decimal:
        return sum((g.amount for g in self.gifts if g.kind == "物资" and g.amount), Decimal("0.00"))


class Fee(Record):
    item: str = text("收费项目", min_length=1)
    standard: str = text("收费标准", "例如 1.20 元/平方米·月", min_length=1)
    basis: str | None = optional("定价依据", "例如 政府指导价、业主大会决定")


class Use(Record):
    item: str = text("项目", min_length=1)
    amount: Money = text("金额")
    note: str | None = optional("说明")


class PropertyDisclosure(Record):
    title: str = text("标题", min_length=1)
    company: str = text("物业服务企业", min_length=1)
    period: str = text("公开期间", "例如 2026 年 1-9 月", min_length=1)
    published_on: Day = text("公开日期")
    content: list[str] = text("服务内容", min_length=1)
    standards: list[str] = text("服务标准", min_length=1)
    fees: list[Fee] = text("收费项目和标准", min_length=1)
    income: list[Use] = text("收入", "物业费、公共收益等收入", default_factory=list)
    expense: list[Use] = text("使用情况", "支出", default_factory=list)
    contact: str | None = optional("咨询投诉", "电话或地点", json_schema_extra=OFFICE)
    note: str | None = optional("说明", "可用 Markdown")

    @property
    def total_income(self) -> Decimal:
        return sum((u.amount for u in self.income), Decimal("0.00"))

    @property
    def total_expense(self) -> Decimal:
        return sum((u.amount for u in self.expense), Decimal("0.00"))
