"""Whether each item of a committee's 公开目录 is disclosed on time, as of the build date.

The four statuses, always said in words: 按时 (every period or matter due in the last year was
disclosed by its deadline), 即将到期 (the next deadline is within a week and nothing is out
yet), 逾期 (something was disclosed after its deadline), 缺失 (something due was never
disclosed). A 依申请 item has no deadline and is not judged.

How a record is dated: a ledger covers its 账期, a budget or a work list its year; any other
record covers the period that ended last before it was published (a 季度 report published on
10 October covers the third quarter). A matter's day (for 事后 and 即时 items) is a notice's
``occurred_on``, else the day its meeting voted (its vote, or its 四议两公开 step “…会议决议”), else a
donation's last gift. A record without
a publication date (a budget, a roster) counts as disclosed when it exists: there is nothing
to hold it against.

``catalogue_summary(committee, today)`` gives the counts the 街道 overview and each committee's home
page show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .catalogue import EVENTS, SUBKIND_FIELDS, CatalogueItem, Entry
from .fields import Period, month_end
from .workdays import nth_workday

if TYPE_CHECKING:
    from ..source.document import Document
    from .committee import Committee

ON_TIME, SOON, LATE, MISSING, ON_REQUEST = "按时", "即将到期", "逾期", "缺失", "依申请"
SOON_DAYS = 7  # a deadline this close, with nothing out yet, is 即将到期
LOOKBACK_DAYS = 366  # lateness older than a year no longer marks an item


@dataclass(frozen=True)
class Span:
    """A period a disclosure covers: a month, a quarter or a year."""

    start: date
    end: date
    months: int

    @property
    def label(self) -> str:
        if self.months == 12:
            return f"{self.start.year}年"
        if self.months == 3:
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年{self.start.month}月"

    def following(self) -> Span:
        return span_of(self.end + timedelta(days=1), self.months)

    def preceding(self) -> Span:
        return span_of(self.start - timedelta(days=1), self.months)


def span_of(day: date, months: int) -> Span:
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    return Span(date(day.year, first, 1), month_end(day.year, last), months)


@dataclass(frozen=True)
class Shortfall:
    """One thing wrong with an item: a period or matter missing, or disclosed late."""

    status: str  # 逾期 or 缺失
    what: str  # “2026年10月” or the record's title
    deadline: date | None  # None: a standing item that was never published
    doc: Document[Any] | None = None  # the late record; None when missing
    published: date | None = None

    @property
    def words(self) -> str:
        if self.deadline is None:
            return f"{self.what}未见公开"
        due = _cn(self.deadline)
        if self.status == MISSING:
            return f"{self.what}应于 {due}前公开，未见公开"
        return f"{self.what}应于 {due}前公开，{_cn(self.published)}才公开"


@dataclass
class ItemStatus:
    entry: Entry
    status: str
    latest: Document[Any] | None = None  # the last disclosure, linked from the page
    latest_folder: str = ""
    found: list[tuple[str, Document[Any]]] = field(default_factory=list)  # every record that fulfils it
    next_deadline: date | None = None
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def item(self) -> CatalogueItem:
        return self.entry.item

    @property
    def detail(self) -> str:
        """What the status rests on, in one sentence."""
        if self.shortfalls:
            return "；".join(s.words for s in self.shortfalls[:3]) + (
                f"；另有 {len(self.shortfalls) - 3} 处" if len(self.shortfalls) > 3 else ""
            )
        if self.status == SOON and self.next_deadline:
            return f"下一期应于 {_cn(self.next_deadline)}前公开"
        if self.status == ON_REQUEST:
            return "依申请公开，不计时限"
        if self.latest is None:
            return "暂无需要公开的事项" if self.item.frequency in EVENTS else ""
        return f"下一期应于 {_cn(self.next_deadline)}前公开" if self.next_deadline else ""


@dataclass(frozen=True)
class Summary:
    """A committee's catalogue in four counts, for the 街道 overview page."""

    total: int
    on_time: int
    soon: int
    late: int
    missing: int

    @property
    def words(self) -> str:
        """The counts as one phrase: “18 项均按时公开”, “18 项中逾期 1 项，缺失 2 项”."""
        if not (self.late or self.missing):
            if not self.soon:
                return f"{self.total} 项均按时公开"
            return f"{self.total} 项中 {self.soon} 项即将到期，其余按时公开"
        parts = [(self.late, LATE), (self.missing, MISSING), (self.soon, SOON)]
        return f"{self.total} 项中" + "，".join(f"{status} {n} 项" for n, status in parts if n)


def _cn(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# ---------------------------------------------------------------- which records, and their dates


def records(committee: Committee, item: CatalogueItem) -> list[tuple[str, Document[Any]]]:
    """The (folder, record) pairs that fulfil ``item``: the kinds it names, narrowed by class and keyword."""
    found = []
    for source in item.sources:
        folder, _, sub = source.partition("/")
        for doc in committee.of(folder):
            if sub and not any(getattr(doc.model, name, None) == sub for name in SUBKIND_FIELDS):
                continue
            if item.keywords and not any(word in _title(doc) for word in item.keywords):
                continue
            found.append((folder, doc))
    return found


def _title(doc: Document[Any]) -> str:
    for name in ("title", "display_title", "name"):
        value = getattr(doc.model, name, None)
        if isinstance(value, str) and value:
            return value
    return doc.slug


def published(doc: Document[Any]) -> date | None:
    value = getattr(doc.model, "published_on", None)
    return value if isinstance(value, date) else None


def occurred(doc: Document[Any]) -> date | None:
    """The day of the matter a record discloses, when the data says it."""
    model = doc.model
    day = getattr(model, "occurred_on", None)
    if isinstance(day, date):
        return day
    vote = getattr(model, "vote", None)
    if vote is not None:
        return vote.held_on  # type: ignore[no-any-return]
    decided = [step.done_on for step in getattr(model, "steps", []) if step.step.endswith("会议决议")]
    if decided:
        return decided[0]  # type: ignore[no-any-return]
    gifts = getattr(model, "gifts", None)
    if gifts:
        return max(g.date for g in gifts)  # type: ignore[no-any-return]
    return None


def _covers(doc: Document[Any], months: int, at_start: bool) -> Span | None:
    """The period a record discloses, in spans of ``months``."""
    model = doc.model
    period = getattr(model, "period", None)
    if isinstance(period, Period):
        return span_of(period.end, months)  # a ledger: its last month (or its quarter, its year)
    year = getattr(model, "year", None)
    if isinstance(year, int):
        return span_of(date(year, 12, 31), months)
    day = published(doc)
    if day is None:
        return None
    here = span_of(day, months)
    return here if at_start else here.preceding()


# ---------------------------------------------------------------- the rule


def accounting_months(committee: Committee) -> int:
    """Months in the committee's 账期: its newest ledger's, else a village's quarter or a month."""
    if committee.ledgers:
        return int(committee.ledgers[-1].model.period.months)
    return 3 if committee.profile.model.level == "村委会" else 1


def _months(item: CatalogueItem, committee: Committee) -> int:
    if item.frequency == "按账期":
        return accounting_months(committee)
    return {"每月": 1, "每季度": 3, "每年": 12}[item.frequency]


def deadline_of(item: CatalogueItem, span: Span) -> date:
    days = item.due_day or 0
    if item.at_start:
        return span.start + timedelta(days=days - 1)
    return span.end + timedelta(days=days)


def event_deadline(item: CatalogueItem, day: date) -> date:
    if item.frequency == "即时":
        return nth_workday(day + timedelta(days=1), 1)[0]  # the same day, or the next working day
    if item.within_workdays is not None:
        return nth_workday(day + timedelta(days=1), item.within_workdays)[0]
    return day + timedelta(days=item.within_days or 0)


def _latest(found: list[tuple[str, Document[Any]]]) -> tuple[str, Document[Any] | None]:
    if not found:
        return "", None
    dated = [(published(doc) or date.min, index) for index, (_, doc) in enumerate(found)]
    _, index = max(dated)
    return found[index][0], found[index][1]


def status_of(entry: Entry, committee: Committee, today: date) -> ItemStatus:
    item = entry.item
    # A record published after the build date is not out yet (a build --as-of an earlier day).
    found = [(f, doc) for f, doc in records(committee, item) if (published(doc) or today) <= today]
    folder, latest = _latest(found)
    result = ItemStatus(entry, ON_TIME, latest, folder, found=found)
    if item.mode == "依申请":
        result.status = ON_REQUEST
    elif item.frequency == "常年":
        result.status = ON_TIME if found else MISSING
        if not found:
            result.shortfalls.append(Shortfall(MISSING, f"“{item.title}”", None))
    elif item.frequency in EVENTS:
        _judge_events(result, found, today)
    else:
        _judge_periods(result, found, committee, today)
    return result


def _judge_events(result: ItemStatus, found: list[tuple[str, Document[Any]]], today: date) -> None:
    item = result.item
    for _, doc in found:
        day, out = occurred(doc), published(doc)
        if day is None or out is None or (today - day).days > LOOKBACK_DAYS:
            continue
        due = event_deadline(item, day)
        if out > due:
            result.shortfalls.append(Shortfall(LATE, f"“{_title(doc)}”", due, doc, out))
    if result.shortfalls:
        result.status = LATE


def _judge_periods(
    result: ItemStatus, found: list[tuple[str, Document[Any]]], committee: Committee, today: date
) -> None:
    item = result.item
    months = _months(item, committee)
    # The newest period whose deadline has passed, and the ones before it back to the first
    # disclosure (never more than a year back): each must be out, and out on time.
    due = span_of(today, months)
    while deadline_of(item, due) >= today:
        due = due.preceding()
    by_span: dict[Span, list[Document[Any]]] = {}
    for _, doc in found:
        # A record with neither period nor publication date is out, but nobody can say for
        # which period: it counts for the one due now, as the README promises.
        span = _covers(doc, months, item.at_start) or due
        by_span.setdefault(span, []).append(doc)
    first = min(by_span, key=lambda s: s.start) if by_span else due
    span = due
    while span.start >= first.start and (today - deadline_of(item, span)).days <= LOOKBACK_DAYS:
        docs = by_span.get(span, [])
        deadline = deadline_of(item, span)
        if not docs:
            result.shortfalls.append(Shortfall(MISSING, span.label, deadline))
        else:
            days = [published(doc) for doc in docs]
            earliest = min((d for d in days if d is not None), default=None)
            if earliest is not None and None not in days and earliest > deadline:
                late = next(doc for doc in docs if published(doc) == earliest)
                result.shortfalls.append(Shortfall(LATE, span.label, deadline, late, earliest))
        span = span.preceding()
    result.shortfalls.reverse()  # oldest first, as a supervisor reads them
    upcoming = due.following()
    while upcoming in by_span:  # already out ahead of time: the next deadline is the one after
        upcoming = upcoming.following()
    result.next_deadline = deadline_of(item, upcoming)
    if any(s.status == MISSING for s in result.shortfalls):
        result.status = MISSING
    elif result.shortfalls:
        result.status = LATE
    elif upcoming not in by_span and (result.next_deadline - today).days <= SOON_DAYS:
        result.status = SOON


# ---------------------------------------------------------------- the committee


def statuses(committee: Committee, today: date) -> list[ItemStatus]:
    """Each catalogue item's status as of ``today`` (the caller reads it, never changes it).

    ``check``, the home page, the 公开目录 page, its open data and the 街道 overview all ask for
    it: it is worked out once per committee and day, kept on the committee, and worked out
    again if any of its records was replaced since (masking replaces them once after loading).
    """
    models = tuple(doc.model for doc in committee.documents())
    key = (today, tuple(map(id, committee.catalogue)), tuple(map(id, models)))
    # The models are kept with the result, so that no other record can take one's id meanwhile.
    kept: dict[Any, tuple[Any, list[ItemStatus]]] = committee.__dict__.setdefault("_catalogue_statuses", {})
    if key not in kept:
        kept.clear()
        kept[key] = ((models, list(committee.catalogue)), [status_of(e, committee, today) for e in committee.catalogue])
    return kept[key][1]


def catalogue_summary(committee: Committee, today: date) -> Summary:
    """The committee's catalogue as counts of 按时/即将到期/逾期/缺失 (for the 街道 overview)."""
    return summarise(statuses(committee, today))


def summarise(rows: list[ItemStatus]) -> Summary:
    found = [s.status for s in rows]
    return Summary(len(found), found.count(ON_TIME), found.count(SOON), found.count(LATE), found.count(MISSING))


def warnings(committee: Committee, today: date) -> list[DataError]:
    """``gongkailan check``'s warnings: each item 逾期 or 缺失, where the editor can act on it.

    A late record is pointed at by its ``published_on``; what is missing, once per item, at the
    item in the committee's catalogue file, or at its profile.yml when the item is a default one.
    """
    out: list[DataError] = []
    for result in statuses(committee, today):
        item, entry = result.item, result.entry
        where = f"公开目录“{item.title}”（{item.shown_time_limit}）"
        for late in (s for s in result.shortfalls if s.doc is not None):
            assert late.doc is not None
            mark = late.doc.located.mark(("published_on",))
            out.append(
                DataError(
                    late.doc.path,
                    mark.line,
                    mark.column,
                    f"{where}{LATE}：{late.words}",
                    "以后按时公开；公开日期或事项日期写错了就改正 published_on、occurred_on",
                    "published_on",
                )
            )
        missing = [s for s in result.shortfalls if s.status == MISSING]
        if missing:
            doc, loc = (committee.profile, ()) if entry.default else (entry.doc, ("items", entry.index, "title"))
            mark = doc.located.mark(loc)
            words = "；".join(s.words for s in missing)
            out.append(DataError(doc.path, mark.line, mark.column, f"{where}{MISSING}：{words}", _missing_hint(item)))
    return out


def _missing_hint(item: CatalogueItem) -> str:
    folders = "、".join(f"{source.partition('/')[0]}/" for source in item.sources)
    return (
        f"把这一项公开的内容加到 {folders}；本委员会确实不公开这一项时，"
        f"在 catalogue/ 的文件里写“omit: [{item.title}]”并在 note 里说明理由"
    )
