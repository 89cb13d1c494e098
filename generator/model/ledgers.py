"""Checks and figures that span many files: the run of periods, funds, budgets, donations.

Each ledger file is checked on its own in ``finance.py`` (dates inside the period, the
period balances). Here the committee's files are checked together: every period follows
the one before without gap or overlap and opens with its closing balance; every earmarked
fund is spent only on its purposes and never below zero; every budget category stays
within what was approved; every cash donation with a voucher is in the accounts. Each
failure is an error on the line the editor has to change.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from .budgets import Budget, BudgetRow
from .fields import Period
from .finance import Ledger, Line
from .funds import Fund
from .money import yuan

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document
    from .committee import Committee

ZERO = Decimal("0.00")
Row = tuple["Document[Ledger]", str, int, Line]  # (ledger file, "income"/"expense", index, line)


def _month_after(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _missing_months(after: Period, before: Period) -> list[str]:
    months = []
    current = _month_after(after.end)
    while current < before.start:
        months.append(f"{current.year}年{current.month}月")
        current = _month_after(current)
    return months


_FILE_PERIOD = re.compile(r"\d{4}-(?:\d{2}|[Qq][1-4])")


def check_series(ledgers: list[Document[Ledger]], errors: Collector) -> None:
    """Consecutive periods: no gap, no overlap, opening balance = previous closing balance."""
    for doc in ledgers:
        # A copied file whose period was not changed shows up as a gap and a duplicate; say why.
        named = _FILE_PERIOD.fullmatch(doc.slug)
        if named and doc.slug.upper() != doc.model.period.key.upper():
            doc.error(
                errors,
                ("period",),
                f"文件名是 {doc.slug}.yml，但账期写的是 {doc.model.period.key}",
                "复制上一期的文件后要改账期；文件名和账期要一致",
            )
    ordered = sorted(ledgers, key=lambda d: (d.model.period.start, d.model.period.months))
    for prev, doc in itertools.pairwise(ordered):
        a, b = prev.model.period, doc.model.period
        if a.key == b.key:
            continue  # a duplicate period is reported where periods are indexed
        if b.start <= a.end:
            doc.error(
                errors,
                ("period",),
                f"账期 {b.label} 与 {a.label}（{prev.path}）重叠",
                "同一段时间只能记在一个账目文件里：按月记账就不要再建季度文件，反之亦然",
            )
            continue
        missing = _missing_months(a, b)
        if missing:
            shown = "、".join(missing[:3]) + (f" 等 {len(missing)} 个月" if len(missing) > 3 else "")
            doc.error(
                errors,
                ("period",),
                f"账期不连续：上一期是 {a.label}（{prev.path}），中间缺少 {shown} 的账目",
                "每个账期都要有账目文件；没有收支的月份也要建文件，写上期初、期末余额",
            )
            continue
        if doc.model.opening_balance != prev.model.closing_balance:
            doc.error(
                errors,
                ("opening_balance",),
                f"期初余额 {yuan(doc.model.opening_balance)} 与上一期 {a.label} 的期末余额"
                f" {yuan(prev.model.closing_balance)} 不一致（相差 {yuan(doc.model.opening_balance - prev.model.closing_balance)}）",
                f"本期期初余额应等于 {prev.path} 里的 closing_balance",
            )


# ---------------------------------------------------------------- funds


@dataclass
class FundAccount:
    """One fund's money over every period: what the site shows and the checks use."""

    fund: Fund | None  # None: money not assigned to any registered fund
    name: str
    opening: Decimal = ZERO
    received: Decimal = ZERO
    spent: Decimal = ZERO
    by_period: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def balance(self) -> Decimal:
        return self.opening + self.received - self.spent


def _chronological(ledgers: list[Document[Ledger]]) -> list[Row]:
    """Every line in date order; on one day, money in before money out (as a cashier would)."""
    rows = [
        (doc, side, index, line)
        for doc in ledgers
        for side in ("income", "expense")
        for index, line in enumerate(getattr(doc.model, side))
    ]
    return sorted(rows, key=lambda r: (r[3].date, r[1] != "income"))


def fund_accounts(committee: Committee) -> list[FundAccount]:
    """Received, spent and balance of every registered fund, then of unassigned money."""
    accounts = {
        doc.model.name: FundAccount(doc.model, doc.model.name, doc.model.opening_balance)
        for doc in sorted(committee.funds, key=lambda d: not d.model.earmarked)
    }
    first = committee.ledgers[0].model.opening_balance if committee.ledgers else ZERO
    general = FundAccount(None, "未指定专项的资金", first - sum((a.opening for a in accounts.values()), ZERO))
    for doc in committee.ledgers:
        key = doc.model.period.key
        for side in ("income", "expense"):
            for line in getattr(doc.model, side):
                account = accounts.get(line.fund or "", general)
                got, paid = account.by_period.get(key, (ZERO, ZERO))
                if side == "income":
                    account.received += line.amount
                    account.by_period[key] = (got + line.amount, paid)
                else:
                    account.spent += line.amount
                    account.by_period[key] = (got, paid + line.amount)
    return [*accounts.values(), general]


_ACCOUNTS: dict[int, tuple[Committee, list[FundAccount]]] = {}


def fund_movements(committee: Committee, key: str) -> list[tuple[str, Decimal, Decimal]]:
    """(fund, received, spent) in one period, for the funds that moved in it."""
    # Every ledger page asks; add the committee's lines up once, not once per page. The
    # committee is kept with its result so that its id cannot be reused while cached.
    cached = _ACCOUNTS.get(id(committee))
    if cached is None or cached[0] is not committee:
        if len(_ACCOUNTS) > 64:
            _ACCOUNTS.clear()
        cached = _ACCOUNTS[id(committee)] = (committee, fund_accounts(committee))
    return [(a.name, *a.by_period[key]) for a in cached[1] if key in a.by_period]


def _suggest(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.5)
    return f"是不是想写“{close[0]}”?" if close else ""


def check_funds(committee: Committee, errors: Collector, timeline: list[Row] | None = None) -> None:
    if not committee.funds:
        return
    by_name: dict[str, Document[Fund]] = {}
    for registered in committee.funds:
        fund = registered.model
        if fund.name in by_name:
            registered.error(
                errors,
                ("name",),
                f"资金“{fund.name}”重复：{by_name[fund.name].path} 也是这笔资金",
                "每笔资金只建一个文件",
            )
            continue
        by_name[fund.name] = registered
        if fund.opening_balance < 0:
            registered.error(
                errors,
                ("opening_balance",),
                f"“{fund.name}”的期初结余是负数（{yuan(fund.opening_balance)}）",
                "资金余额不能为负；没有结余写 0",
            )
        if fund.earmarked and not fund.categories:
            registered.error(
                errors,
                ("earmarked",),
                f"“{fund.name}”是专款专用资金，但没有写允许的支出类别",
                "加上 categories 一项，逐行写可以列支的类别（与账目里 category 一致），例如“- 活动经费”",
            )
    names = sorted(by_name)
    for doc in committee.ledgers:
        for side in ("income", "expense"):
            for index, line in enumerate(getattr(doc.model, side)):
                if line.fund and line.fund not in by_name:
                    doc.error(
                        errors,
                        (side, index, "fund"),
                        f"资金“{line.fund}”没有登记",
                        _suggest(line.fund, names) + "在 funds/ 里为每笔资金建一个文件，或改成已登记的资金名称",
                    )
                fund_doc = by_name.get(line.fund or "")
                if fund_doc is None or side != "expense" or not fund_doc.model.earmarked:
                    continue
                earmarked = fund_doc.model.categories
                if earmarked and line.category not in earmarked:
                    doc.error(
                        errors,
                        (side, index, "category"),
                        f"“{line.fund}”专款专用，只能用于：{'、'.join(earmarked)}；这笔支出的类别是“{line.category}”",
                        f"改用其他资金列支，或经会议决议后在 {fund_doc.path} 的 categories 里加上这一类别",
                    )
    balances = {name: fund_doc.model.opening_balance for name, fund_doc in by_name.items()}
    reported: set[str] = set()
    for ledger, side, index, line in timeline if timeline is not None else _chronological(committee.ledgers):
        if line.fund not in balances:
            continue
        balances[line.fund] += line.amount if side == "income" else -line.amount
        if balances[line.fund] < 0 and line.fund not in reported:
            reported.add(line.fund)
            ledger.error(
                errors,
                (side, index, "amount"),
                f"专项资金“{line.fund}”余额不足：{line.date.isoformat()} 支出 {yuan(line.amount)} 后"
                f"余额为 {yuan(balances[line.fund])}",
                "专项资金不能超支：先有拨款收入再支出，或改用其他资金列支；如有上年结余，写在 funds/ 文件的 opening_balance",
            )
    if committee.ledgers:
        first = committee.ledgers[0]
        opened = sum((d.model.opening_balance for d in by_name.values()), ZERO)
        if opened > first.model.opening_balance:
            holder = next(d for d in by_name.values() if d.model.opening_balance > 0)
            holder.error(
                errors,
                ("opening_balance",),
                f"各项资金的期初结余合计 {yuan(opened)} 超过第一期账目（{first.path}）的期初余额"
                f" {yuan(first.model.opening_balance)}",
                "核对 funds/ 里每笔资金的 opening_balance",
            )


# ---------------------------------------------------------------- budgets


def budget_rows(budget: Budget, ledgers: list[Document[Ledger]]) -> list[BudgetRow]:
    actual: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for doc in ledgers:
        for line in doc.model.expense:
            if line.date.year == budget.year:
                actual[line.category] += line.amount
    return [BudgetRow(item, actual[item.category]) for item in budget.expense]


def check_budgets(committee: Committee, errors: Collector, timeline: list[Row] | None = None) -> None:
    notices = {n.slug for n in committee.notices}
    years: dict[int, Document[Budget]] = {}
    for doc in committee.budgets:
        budget = doc.model
        if budget.year in years:
            doc.error(
                errors,
                ("year",),
                f"{budget.year} 年的预算重复：{years[budget.year].path} 也是这一年",
                "每年只建一个预算文件",
            )
            continue
        years[budget.year] = doc
        doc.check_reference(errors, ("resolution",), budget.resolution, notices)
        seen: set[str] = set()
        for index, item in enumerate(budget.expense):
            if item.category in seen:
                doc.error(
                    errors, ("expense", index, "category"), f"类别“{item.category}”在预算里写了两次", "每个类别只写一项"
                )
            seen.add(item.category)
            if item.adjusted_amount is not None and not item.adjustment_resolution:
                doc.error(
                    errors,
                    ("expense", index, "adjusted_amount"),
                    f"“{item.category}”的预算调整没有写批准决议",
                    "调整预算要经会议决议：加上 adjustment_resolution: 决议公告的文件名",
                )
            doc.check_reference(
                errors, ("expense", index, "adjustment_resolution"), item.adjustment_resolution, notices
            )
    if years:
        expenses: dict[int, list[Row]] = defaultdict(list)
        for row in timeline if timeline is not None else _chronological(committee.ledgers):
            if row[1] == "expense" and row[3].date.year in years:
                expenses[row[3].date.year].append(row)
        for year, doc in years.items():
            _check_spending(doc, expenses[year], errors)


def _check_spending(doc: Document[Budget], expenses: list[Row], errors: Collector) -> None:
    budget = doc.model
    limits = {item.category: (index, item) for index, item in enumerate(budget.expense)}
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
    reported: set[str] = set()
    for ledger, side, index, line in expenses:
        if line.category in reported:
            continue
        if line.category not in limits:
            reported.add(line.category)
            ledger.error(
                errors,
                (side, index, "category"),
                f"支出类别“{line.category}”没有列入 {budget.year} 年预算（{doc.path}）",
                _suggest(line.category, sorted(limits)) + "改成预算里的类别，或经会议决议后在预算里加上这一类",
            )
            continue
        spent[line.category] += line.amount
        position, item = limits[line.category]
        if spent[line.category] > item.effective:
            reported.add(line.category)
            key = "adjusted_amount" if item.adjusted_amount is not None else "amount"
            row = BudgetRow(item, spent[line.category])
            doc.error(
                errors,
                ("expense", position, key),
                f"“{item.category}”超出 {budget.year} 年预算：预算 {yuan(item.effective)}，"
                f"到 {line.date.isoformat()}（{ledger.path}）已支出 {yuan(row.actual)}，超出 {yuan(-row.remaining)}",
                "超预算支出要经居民会议或居民代表会议决议调整预算：写上 adjusted_amount 和 adjustment_resolution",
            )


# ---------------------------------------------------------------- donations


def check_donations(committee: Committee, errors: Collector) -> None:
    income = {line.voucher: (doc, line) for doc in committee.ledgers for line in doc.model.income if line.voucher}
    for doc in committee.donations:
        for index, gift in enumerate(doc.model.gifts):
            if gift.kind == "现金" and gift.amount is None:
                doc.error(errors, ("gifts", index), "现金捐赠没有写金额", "加上一行“amount: 金额”")
            if gift.kind == "物资" and not gift.goods:
                doc.error(errors, ("gifts", index), "物资捐赠没有写物资名称和数量", "加上一行“goods: 大米 50 袋”")
            if not gift.voucher:
                continue
            found = income.get(gift.voucher)
            if found is None:
                doc.error(
                    errors,
                    ("gifts", index, "voucher"),
                    f"账目里找不到凭证号为“{gift.voucher}”的收入",
                    "现金捐赠要记入当期账目的收入，凭证号两边写得一样",
                )
            elif gift.amount is not None and found[1].amount != gift.amount:
                doc.error(
                    errors,
                    ("gifts", index, "amount"),
                    f"捐赠金额 {yuan(gift.amount)} 与账目（{found[0].path}）凭证“{gift.voucher}”的"
                    f"收入 {yuan(found[1].amount)} 不一致",
                    "核对捐赠公示和账目",
                )


# ---------------------------------------------------------------- reconciliation


@dataclass
class Reconciliation:
    """The same money added up three ways; the page shows that they agree to the fen."""

    first_opening: Decimal
    last_closing: Decimal
    income_by_period: Decimal
    expense_by_period: Decimal
    income_by_category: Decimal
    expense_by_category: Decimal
    income_by_fund: Decimal
    expense_by_fund: Decimal
    fund_balances: Decimal

    @property
    def agrees(self) -> bool:
        return (
            self.income_by_period == self.income_by_category == self.income_by_fund
            and self.expense_by_period == self.expense_by_category == self.expense_by_fund
            and self.first_opening + self.income_by_period - self.expense_by_period == self.last_closing
            and self.fund_balances == self.last_closing
        )


def reconcile(committee: Committee) -> Reconciliation | None:
    if not committee.ledgers:
        return None
    models = [d.model for d in committee.ledgers]
    income_cat: dict[str, Decimal] = defaultdict(lambda: ZERO)
    expense_cat: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ledger in models:
        for cat, amount in ledger.by_category(ledger.income):
            income_cat[cat] += amount
        for cat, amount in ledger.by_category(ledger.expense):
            expense_cat[cat] += amount
    accounts = fund_accounts(committee)
    return Reconciliation(
        first_opening=models[0].opening_balance,
        last_closing=models[-1].closing_balance,
        income_by_period=sum((m.total_income for m in models), ZERO),
        expense_by_period=sum((m.total_expense for m in models), ZERO),
        income_by_category=sum(income_cat.values(), ZERO),
        expense_by_category=sum(expense_cat.values(), ZERO),
        income_by_fund=sum((a.received for a in accounts), ZERO),
        expense_by_fund=sum((a.spent for a in accounts), ZERO),
        fund_balances=sum((a.balance for a in accounts), ZERO),
    )


@dataclass
class YearTotals:
    year: int
    periods: int
    opening: Decimal
    income: Decimal
    expense: Decimal
    closing: Decimal


def year_totals(ledgers: list[Document[Ledger]]) -> list[YearTotals]:
    """Each year's periods added up: what residents compare with the annual budget."""
    out: list[YearTotals] = []
    for doc in ledgers:
        m = doc.model
        if not out or out[-1].year != m.period.year:
            out.append(YearTotals(m.period.year, 0, m.opening_balance, ZERO, ZERO, m.opening_balance))
        year = out[-1]
        year.periods += 1
        year.income += m.total_income
        year.expense += m.total_expense
        year.closing = m.closing_balance
    return out


def check_committee(committee: Committee, errors: Collector) -> None:
    """Every cross-file finance check; skipped parts whose files did not all load."""
    if "finance" not in committee.incomplete:
        check_series(committee.ledgers, errors)
        timeline = _chronological(committee.ledgers)
        if "funds" not in committee.incomplete:
            check_funds(committee, errors, timeline)
        if "budgets" not in committee.incomplete:
            check_budgets(committee, errors, timeline)
        check_donations(committee, errors)
