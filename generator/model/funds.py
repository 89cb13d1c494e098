"""专项资金 (专款专用): earmarked funds, what each may pay for, and its running balance.

One file per fund in ``funds/``. A ledger line names its fund with ``fund:``; once a
committee registers any fund, every ``fund:`` in its ledgers must name a registered one, so
that a misspelt name cannot slip an expense past the purpose check.
"""

from __future__ import annotations

from decimal import Decimal

from .fields import Flag, Money
from .record import Record, optional, text


class Fund(Record):
    name: str = text("资金名称", "与账目里 fund 写的完全一致，例如 福彩公益金", min_length=1)
    earmarked: Flag = text("专款专用", "写 是 时只能用于下面列出的支出类别，余额不能为负", default=True)
    source: str | None = optional("来源", "例如 市民政局拨付；按每户 10 元标准拨付")
    purpose: str | None = optional("用途说明", "例如 用于老年人、残疾人等社会福利服务")
    categories: list[str] = text(
        "允许的支出类别", "这笔资金可以列支的支出类别，与账目里 category 一致", default_factory=list
    )
    opening_balance: Money = text("期初结余", "第一期账目之前这笔资金已有的结余；没有写 0", default=Decimal("0.00"))
    note: str | None = optional("说明", "可用 Markdown")
