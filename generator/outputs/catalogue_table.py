"""The 公开目录's statuses as open data: one row per catalogue item of a committee, as of the build day.

The same statuses the 公开目录 page shows (``model/catalogue_status.py``), in words, with the
last disclosure the page links to. Registered with ``opendata.register_table`` when
``generator.outputs`` is imported, so every committee with a catalogue has the table in its
``datapackage.json``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..model.catalogue_status import LATE, MISSING, ON_REQUEST, ON_TIME, SOON, statuses
from ..site.pages import url_of
from ..site.section import Paths
from .opendata import Column, Table, register_table

if TYPE_CHECKING:
    from ..model.committee import Committee

STATUS = Column(
    "状态",
    "string",
    "按时、即将到期、逾期、缺失，或依申请（不计时限）",
    enum=(ON_TIME, SOON, LATE, MISSING, ON_REQUEST),
)
PAGE = Column(
    "最近公开页面",
    "string",
    "网站上最近一次公开的页面：网站设了 site_url 时是完整网址，否则是相对网站根目录的地址",
    link=True,
)

COLUMNS = [
    Column("类别", "string", "党务、居务、村务或财务"),
    Column("公开事项", "string"),
    Column("频次", "string", "每月、每季度、每年、按账期、事后、即时或常年"),
    Column("时限", "string", "什么时候之前要公开"),
    STATUS,
    Column("说明", "string", "状态的依据：哪一期缺失或逾期，或下一期的期限"),
    Column("最近公开", "string", "最近一次公开的标题；常年公开的多份材料写“共 N 份”"),
    Column("最近公开日期", "date", "年-月-日；数据里没有公开日期时空着"),
    PAGE,
    Column("下一期期限", "date", "定期公开的事项下一期的公开期限"),
    Column("核对日期", "date", "按这一天核对状态（生成网站的日期）"),
]


def _rows(committee: Committee, today: date) -> list[list[Any]]:
    # Imported here, not with the module: ``generator.outputs`` imports this module, and every
    # command (``check`` too) would otherwise load all the page sections first.
    from ..site.sections.catalogue import last_disclosure

    p = Paths(committee, f"{committee.slug}/index.md")
    out = []
    for status in statuses(committee, today):
        item = status.item
        last = last_disclosure(p, status)
        page, words, day = last if last else (None, None, None)
        out.append(
            [
                item.group,
                item.title,
                item.frequency,
                item.shown_time_limit,
                status.status,
                status.detail,
                words,
                day,
                url_of(page) if page else None,
                status.next_deadline,
                today,
            ]
        )
    return out


CATALOGUE_TABLE = register_table(
    Table(
        "catalogue",
        "公开目录执行情况",
        "catalogue",
        COLUMNS,
        _rows,
        "公开目录的每一项是否按时公开（按时、即将到期、逾期、缺失），以及最近一次公开的日期和页面，按核对日期计",
    )
)
