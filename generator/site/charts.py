"""Charts drawn at build time as inline SVG: no JavaScript, legible on a phone, printable.

Black and white only: income is a solid dark bar, expense an outlined bar with diagonal
hatching, so the two differ without colour and survive a black-and-white printer. Every
figure is also in the chart's ``<desc>`` (read by screen readers and indexed by search)
and in a table next to the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from ..model.budgets import BudgetRow
from ..model.finance import Ledger
from ..model.money import yuan

WIDTH = 400  # viewBox units; small so that 15-unit text stays readable (about 12 px) on a 360 px phone
FONT = 'font-family="sans-serif" font-size="15"'
ROW = 28
LABEL = 110
VALUE = 96  # room right of the longest bar for its amount


def _e(text: str) -> str:
    return escape(text, quote=True)


def _pattern(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern></defs>'
    )


def _fill(kind: str, ident: str) -> str:
    if kind == "income":
        return 'fill="#333" stroke="#000"'
    return f'fill="url(#{ident}-hatch)" stroke="#000"'


def _short(text: str, limit: int = 6) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(ident: str, height: int, title: str, desc: str, body: list[str]) -> str:
    return "".join(
        [
            f'<svg class="gkl-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
            f' width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" {FONT}>',
            f'<title id="{ident}-title">{_e(title)}</title>',
            f'<desc id="{ident}-desc">{_e(desc)}</desc>',
            _pattern(ident),
            # A white card: black text stays readable in the dark colour scheme and in print.
            f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
            *body,
            "</svg>",
        ]
    )


def category_chart(ledger: Ledger, ident: str = "gkl-cat") -> str:
    """Horizontal bars: income categories, then expense categories, on one scale."""
    groups = [
        ("income", "收入", ledger.by_category(ledger.income)),
        ("expense", "支出", ledger.by_category(ledger.expense)),
    ]
    largest = max((amount for _, _, rows in groups for _, amount in rows), default=Decimal(0))
    span = WIDTH - LABEL - VALUE
    body: list[str] = []
    words: list[str] = []
    y = 4
    # Legend first: the two fills named in words.
    body.append(f'<rect x="0" y="{y}" width="14" height="14" {_fill("income", ident)}/>')
    body.append(f'<text x="20" y="{y + 12}">收入</text>')
    body.append(f'<rect x="70" y="{y}" width="14" height="14" {_fill("expense", ident)}/>')
    body.append(f'<text x="90" y="{y + 12}">支出</text>')
    y += 28
    for kind, word, rows in groups:
        body.append(f'<text x="0" y="{y + 17}" font-weight="bold">{word}</text>')
        y += ROW
        if not rows:
            body.append(f'<text x="{LABEL}" y="{y + 12}">本期无</text>')
            words.append(f"{word}：本期无")
            y += ROW
            continue
        parts = []
        for category, amount in rows:
            length = 0 if not largest else max(1, int(span * amount / largest))
            body.append(f'<text x="{LABEL - 6}" y="{y + 17}" text-anchor="end">{_e(_short(category))}</text>')
            body.append(
                f'<rect x="{LABEL}" y="{y + 4}" width="{length}" height="{ROW - 8}" {_fill(kind, ident)}>'
                f"<title>{_e(category)} {yuan(amount)}</title></rect>"
            )
            body.append(f'<text x="{LABEL + length + 4}" y="{y + 17}">{yuan(amount)}</text>')
            parts.append(f"{category} {yuan(amount)}")
            y += ROW
        words.append(f"{word}：" + "，".join(parts))
    title = f"{ledger.period.label}收入、支出按类别"
    return _svg(ident, y + 4, title, "；".join(words), body)


def balance_chart(ledgers: Sequence[Ledger], ident: str = "gkl-bal") -> str:
    """Columns: the closing balance of each of the last 12 periods, oldest on the left."""
    shown = list(ledgers)[-12:]
    top = 24
    plot = 180
    base = top + plot
    left = 8
    slot = (WIDTH - left) / max(len(shown), 1)
    largest = max((max(x.closing_balance, Decimal(0)) for x in shown), default=Decimal(0))
    body: list[str] = [f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#000"/>']
    if largest:
        body.append(f'<text x="{left}" y="14" font-size="14">最高 {yuan(largest)}</text>')
    words = []
    previous_year = None
    for index, ledger in enumerate(shown):
        value = max(ledger.closing_balance, Decimal(0))
        height = int(plot * value / largest) if largest else 0
        x = left + index * slot
        bar = slot * 0.62
        body.append(
            f'<rect x="{x + (slot - bar) / 2:.1f}" y="{base - height}" width="{bar:.1f}" height="{height}"'
            f" {_fill('income', ident)}><title>{_e(ledger.period.label)} {yuan(ledger.closing_balance)}</title></rect>"
        )
        month = (
            f"Q{(ledger.period.first_month - 1) // 3 + 1}"
            if ledger.period.months == 3
            else f"{ledger.period.first_month}月"
        )
        body.append(f'<text x="{x + slot / 2:.1f}" y="{base + 18}" text-anchor="middle" font-size="14">{month}</text>')
        if ledger.period.year != previous_year:
            body.append(f'<text x="{x + 2:.1f}" y="{base + 36}" font-size="14">{ledger.period.year}年</text>')
            previous_year = ledger.period.year
        words.append(f"{ledger.period.label} {yuan(ledger.closing_balance)}")
    title = f"最近 {len(shown)} 期的期末余额"
    return _svg(ident, base + 44, title, "；".join(words), body)


def budget_chart(rows: Sequence[BudgetRow], year: int, ident: str = "gkl-budget") -> str:
    """Per category: the budget as an outlined bar, what was spent as a solid bar inside it."""
    largest = max((max(r.budget, r.actual) for r in rows), default=Decimal(0))
    span = WIDTH - LABEL - 60
    body: list[str] = []
    y = 4
    body.append(f'<rect x="0" y="{y}" width="14" height="14" fill="#fff" stroke="#000"/>')
    body.append(f'<text x="20" y="{y + 12}">预算</text>')
    body.append(f'<rect x="70" y="{y}" width="14" height="14" {_fill("income", ident)}/>')
    body.append(f'<text x="90" y="{y + 12}">已支出</text>')
    y += 28
    words = []
    for row in rows:
        budget = int(span * row.budget / largest) if largest else 0
        spent = int(span * row.actual / largest) if largest else 0
        body.append(f'<text x="{LABEL - 6}" y="{y + 17}" text-anchor="end">{_e(_short(row.item.category))}</text>')
        body.append(f'<rect x="{LABEL}" y="{y + 4}" width="{budget}" height="{ROW - 8}" fill="#fff" stroke="#000"/>')
        body.append(
            f'<rect x="{LABEL}" y="{y + 8}" width="{spent}" height="{ROW - 16}" {_fill("income", ident)}>'
            f"<title>{_e(row.item.category)} 预算 {yuan(row.budget)}，已支出 {yuan(row.actual)}</title></rect>"
        )
        mark = "超支" if row.over else row.percent
        body.append(f'<text x="{LABEL + max(budget, spent) + 4}" y="{y + 17}">{_e(mark)}</text>')
        words.append(f"{row.item.category} 预算 {yuan(row.budget)}，已支出 {yuan(row.actual)}（{row.percent}）")
        y += ROW
    return _svg(ident, y + 4, f"{year}年预算执行（按类别）", "；".join(words), body)
