"""How a resident finds a notice: a dated list by month, the current ones apart from the archive.

The 公告公示 index holds what is current — a 公示 still running or about to start, and other
notices of the last ``RECENT_DAYS`` days — so that it stays one screen or two however many
years of notices a committee keeps. Everything else is in the yearly archive, one page per year
(every notice of that year). Each kind has its pages too, one per year like the archive: the
kind's own address shows its newest year, with links to the older ones, so that no list grows
with the years a committee keeps. The filters are plain links between generated pages, so they
work with JavaScript off. A list of persons that has come down is listed by its title only and
links to its record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, get_args

from ..model.notices import NoticeKind

if TYPE_CHECKING:
    from ..model.notices import Notice
    from ..privacy.takedown import Takedown
    from ..source.document import Document

# A notice without a 公示期 (a 决议, a 通知) stays on the index for half a year.
RECENT_DAYS = 183

# URL folder of each kind's page: page addresses stay ASCII, like the records' file names.
KIND_FOLDERS: dict[str, str] = {
    "公告": "gonggao",
    "公示": "gongshi",
    "方案": "fangan",
    "会议决议": "jueyi",
    "执行情况": "zhixing",
    "选举结果": "xuanju",
    "救助名单": "jiuzhu",
    "项目招标": "zhaobiao",
    "通知": "tongzhi",
}
assert set(KIND_FOLDERS) == set(get_args(NoticeKind)), "every kind of notice needs its page's folder"


def is_current(notice: Notice, today: date, takedown: Takedown) -> bool:
    """On the index: a 公示 not yet over, or a notice without one published in the last half year."""
    if takedown.is_down(notice):
        return False
    status = notice.status(today)
    if status is not None:
        return status != "公示期已结束"
    return notice.published_on > today - timedelta(days=RECENT_DAYS)


# The home page shows this many of the newest notices, and every 公示 still running besides.
HOME_COUNT = 6


def home_notices(docs: list[Document[Notice]], today: date, takedown: Takedown) -> list[Document[Notice]]:
    """The newest notices for the home page, newest first; a 公示 still running is never left out."""
    shown = [d for d in docs if not takedown.is_down(d.model)]
    newest = shown[:HOME_COUNT]
    return [d for d in shown if d in newest or d.model.status(today) == "公示中"]


def year_src(year: int) -> str:
    return f"year/{year}"


def kind_src(kind: str, year: int | None = None) -> str:
    """A kind's page: ``kind/<folder>/`` lists its newest year, ``kind/<folder>/<year>/`` an older one.

    The newest year's page is its folder's index, so the menu shows the kind as a link with the
    older years inside (Material's ``navigation.indexes``); its address is the one a kind's page
    always had.
    """
    return f"kind/{KIND_FOLDERS[kind]}/{year}" if year else f"kind/{KIND_FOLDERS[kind]}/index"


@dataclass
class Month:
    label: str  # 2026年11月
    notices: list[Document[Notice]]


@dataclass
class NoticeList:
    """One page of the index: its title, slug inside notices/ ("" for the index) and months."""

    title: str
    slug: str
    months: list[Month]
    year: int | None = None  # a year's page: the script filters it by kind in place
    kind: str = ""  # a kind's page, listing that kind's notices of ``span``
    span: int | None = None
    count: int = field(init=False)

    def __post_init__(self) -> None:
        self.count = sum(len(m.notices) for m in self.months)


def by_month(docs: list[Document[Notice]]) -> list[Month]:
    """Notices (newest first) under one heading per month."""
    months = groupby(docs, key=lambda d: (d.model.published_on.year, d.model.published_on.month))
    return [Month(f"{year}年{month}月", list(group)) for (year, month), group in months]


def years(docs: list[Document[Notice]]) -> list[int]:
    return sorted({d.model.published_on.year for d in docs}, reverse=True)


def kinds(docs: list[Document[Notice]]) -> list[str]:
    """The kinds these notices have, in the order the data format lists them."""
    present = {d.model.kind for d in docs}
    return [k for k in KIND_FOLDERS if k in present]


def kind_years(docs: list[Document[Notice]], kind: str) -> list[int]:
    """The years with a notice of ``kind``, newest first: the first is on the kind's own page."""
    return years([d for d in docs if d.model.kind == kind])


def kind_year_src(docs: list[Document[Notice]], kind: str, year: int) -> str:
    """The page listing ``kind``'s notices of ``year`` (the kind's own page for its newest year)."""
    return kind_src(kind, None if year == kind_years(docs, kind)[0] else year)


@dataclass(frozen=True)
class Filter:
    """A link of the filter rows: to the index (slug ""), a year's page or a kind's page."""

    label: str
    slug: str
    kind: str = ""  # the kind a kind link shows (the script filters a page in place by it)
    # aria-current: "page" for the page shown; "true" for the same page marked again in another
    # row, or for the kind a kind's older year belongs to (a link to the kind's newest year).
    current: str = ""


def filters(docs: list[Document[Notice]], lst: NoticeList) -> list[tuple[str, list[Filter]]]:
    """The rows of filter links a list page shows: 年份 (近期 first), then 类别, and on a kind's
    page that kind's years. On a year's page the kinds are those of that year, each linking to
    the kind's page of that year (the script shows them in place instead)."""

    def link(label: str, slug: str, kind: str = "", ours: bool = False) -> Filter:
        """``ours``: the kind of the page shown, marked even where it links to another year."""
        return Filter(label, slug, kind, "page" if slug == lst.slug else "true" if ours else "")

    rows = [("年份", [link("近期", ""), *(link(f"{y}年", year_src(y)) for y in years(docs))])]
    if lst.year is not None:
        shown = [d for d in docs if d.model.published_on.year == lst.year]
        rows.append(("类别", [link(k, kind_year_src(docs, k, lst.year), k) for k in kinds(shown)]))
    else:
        rows.append(("类别", [link(k, kind_src(k), k, ours=k == lst.kind) for k in kinds(docs)]))
    own = kind_years(docs, lst.kind) if lst.kind else []
    if len(own) > 1:
        links = [link(f"{y}年", kind_year_src(docs, lst.kind, y)) for y in own]
        if lst.slug == kind_src(lst.kind):  # the kind's own page: already the "page" of the 类别 row
            links = [replace(f, current="true") if f.current else f for f in links]
        rows.append((f"各年的{lst.kind}", links))
    return rows


def notice_lists(docs: list[Document[Notice]], today: date, takedown: Takedown) -> list[NoticeList]:
    """The index, then one page per year, then one per kind and year."""
    current = [d for d in docs if is_current(d.model, today, takedown)]
    pages = [NoticeList("公告公示", "", by_month(current))]
    for year in years(docs):
        pages.append(
            NoticeList(
                f"{year}年公告公示",
                year_src(year),
                by_month([d for d in docs if d.model.published_on.year == year]),
                year,
            )
        )
    for kind in kinds(docs):
        for index, year in enumerate(kind_years(docs, kind)):
            shown = [d for d in docs if d.model.kind == kind and d.model.published_on.year == year]
            title = f"公告公示：{kind}" if index == 0 else f"公告公示：{kind}（{year}年）"
            pages.append(NoticeList(title, kind_year_src(docs, kind, year), by_month(shown), kind=kind, span=year))
    return pages
