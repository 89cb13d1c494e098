"""The one Jinja2 environment over ``generator/templates/``, for site pages and posters alike.

Autoescape is on, undefined names are errors, and privacy's ``finalize`` masks every value a
template prints, so a template that builds text from data cannot show a personal number,
whether it becomes a page or a wall poster.
"""

from __future__ import annotations

import re
from decimal import Decimal

import jinja2
from markupsafe import Markup

from ..model import ledgers
from ..model.capital import capital
from ..model.money import yuan
from ..privacy import masking as privacy
from . import charts
from .markup import cn_date, keep_times, markdown_block, markdown_inline, md_text
from .notice_items import notice_item, notice_status, status_badge
from .pages import committee_feed, folder, href, ledger_file

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    finalize=privacy.finalize,
    # The package's own templates do not change while a build runs: no stat of the file at
    # every page (Jinja's default checks each template's mtime on every lookup).
    auto_reload=False,
)

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
# A header of a few characters (序号, 申请人, 家庭人口) never wraps: its column is made wide enough.
_SHORT_HEADER = re.compile(r"<th((?:\s+(?!class)[\w-]+=\"[^\"]*\")*)>([^<]{1,4})</th>")


def size_tables(html: Markup) -> Markup:
    """Smaller type for tables with many columns, so a row still fits a poster's width.

    A 12-column table at full poster size wraps every cell to one character per line.
    """

    def tag(match: re.Match[str]) -> str:
        first = _ROW.search(match.group(1))
        columns = len(re.findall(r"<t[hd][\s>]", first.group(1))) if first else 0
        size = "wider" if columns > 9 else "wide" if columns > 6 else ""
        return f'<table class="{size}">{match.group(1)}</table>' if size else match.group(0)

    return Markup(_SHORT_HEADER.sub(r'<th\1 class="short">\2</th>', _TABLE.sub(tag, str(html))))


ENV.filters.update(
    yuan=yuan,
    md=markdown_block,
    mdi=markdown_inline,
    mdt=md_text,
    cn_date=cn_date,
    size_tables=size_tables,
    keep_times=keep_times,
)


def net_words(amount: Decimal) -> str:
    """收支相抵 in words: a surplus, a deficit, or exactly even."""
    if amount > 0:
        return f"收支相抵结余 {amount:,.2f} 元"
    if amount < 0:
        return f"支出多于收入 {-amount:,.2f} 元"
    return "收支相抵为零"


# Finance helpers: 大写, charts, open-data links, budgets and funds.
ENV.filters.update(capital=capital, plain_yuan=lambda d: f"{d:,.2f}", net_words=net_words)
ENV.globals.update(
    category_chart=charts.category_chart,
    balance_chart=charts.balance_chart,
    budget_chart=charts.budget_chart,
    fund_accounts=ledgers.fund_accounts,
    fund_movements=ledgers.fund_movements,
    reconcile=ledgers.reconcile,
    year_totals=ledgers.year_totals,
    budget_rows=ledgers.budget_rows,
    data_href=href,
    ledger_file=ledger_file,
    data_folder=folder,
    committee_feed=committee_feed,
)
# A notice's line in a list and its 公示 status (generator/site/notice_items.py).
ENV.globals.update(notice_item=notice_item, notice_status=notice_status, status_badge=status_badge)
