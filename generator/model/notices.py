"""公告公示： notices with their 公示期， objection channel and the matters they follow."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from ..errors import DataError
from .fields import Day, Flag
from .record import Record, optional, text
from .workdays import nth_workday

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..errors import Collector
    from ..source.document import Document

NoticeKind = Literal["公告", "公示", "会议决议", "执行情况", "选举结果", "救助名单", "项目招标", "通知"]


class Notice(Record):
    title: str = text("标题", min_length=1)
    kind: NoticeKind = text("类别", default="公告")
    published_on: Day = text("发布日期")
    starts_on: Day | None = optional("公示开始日期")
    ends_on: Day | None = optional("公示结束日期", "与 period_workdays 二选一")
    period_workdays: int | None = optional(
        "公示工作日数",
        "公示期按工作日计时写天数（如 7），不写 ends_on：从开始日期那天起数，"
        "按国务院公布的节假日和调休计算；下一年的安排还没公布时只跳过周末，结束日期标“约”",
        ge=1,
        le=60,
    )
    issuer: str | None = optional("发布单位", "不写时用居（村）委会名称")
    objections: str | None = optional("异议受理", "对公示内容有异议时找谁、怎么联系、到哪天为止")
    body: str = text("正文", "可用 Markdown", min_length=1)
    lists_persons: Flag = text(
        "人员名单",
        "正文里有列出个人的表格（救助名单、选民名单等）时写“是”：只有这样的公告可以有姓名、申请人等表头，"
        "公示期结束后按规定撤下",
        default=False,
    )
    related: list[str] = text("相关公告", "例如决议对应的执行情况公告的文件名（不含 .yml）", default_factory=list)

    @property
    def opens_on(self) -> date:
        return self.starts_on or self.published_on

    @property
    def closes_on(self) -> date | None:
        """The last day of the 公示期： written, or counted from ``period_workdays``."""
        if self.ends_on is not None or self.period_workdays is None:
            return self.ends_on
        return nth_workday(self.opens_on, self.period_workdays)[0]

    @property
    def closes_estimated(self) -> bool:
        """True when the end was counted into a year whose holidays are not published yet (约)."""
        if self.ends_on is not None or self.period_workdays is None:
            return False
        return nth_workday(self.opens_on, self.period_workdays)[1]

    def status(self, today: date) -> str | None:
        """公示中 / 公示期已结束 / 尚未开始 — always said in words, never by colour alone."""
        closes = self.closes_on
        if closes is None:
            return None
        if today < self.opens_on:
            return "尚未开始"
        if today <= closes:
            return "公示中"
        return "公示期已结束"

    def days_left(self, today: date) -> str | None:
        """“还有 3 天” / “今天截止” while the 公示 runs, so that a resident knows how long to object."""
        closes = self.closes_on
        if closes is None or self.status(today) != "公示中":
            return None
        left = (closes - today).days
        if left == 0:
            return "今天截止"
        return f"还有 {left} 天" + ("（约）" if self.closes_estimated else "")


def check(doc: Document[Notice], errors: Collector) -> None:
    notice = doc.model
    if notice.ends_on and notice.period_workdays:
        doc.error(
            errors,
            ("period_workdays",),
            "同时写了公示结束日期和公示工作日数",
            "两者只写一个：按工作日计时留 period_workdays，删去 ends_on",
        )
    if notice.starts_on and not notice.ends_on and not notice.period_workdays:
        doc.error(
            errors,
            ("starts_on",),
            "写了公示开始日期，但没有结束日期",
            "请加上一行“ends_on: 年-月-日”，或按工作日计时写“period_workdays: 天数”",
        )
    start = notice.opens_on
    if notice.ends_on and notice.ends_on < start:
        doc.error(errors, ("ends_on",), "公示结束日期早于开始日期", "请核对 starts_on 和 ends_on")
    if notice.kind in ("公示", "救助名单") and notice.closes_on is None:
        doc.error(
            errors,
            ("kind",),
            f"“{notice.kind}”要写明公示期",
            "请加上 starts_on 和 ends_on，或 period_workdays（救助名单一般公示 7 天）",
        )


def estimate_warnings(docs: Iterable[Document[Notice]]) -> list[DataError]:
    """Periods counted into a year whose holidays are not published yet: a warning, not an error.

    A December build must not fail because next year's 放假安排 is not out; ``check --strict``
    makes them errors for committees that want every date exact.
    """
    warnings = []
    for doc in docs:
        notice = doc.model
        if notice.closes_estimated and notice.closes_on is not None:
            mark = doc.located.mark(("period_workdays",))
            warnings.append(
                DataError(
                    doc.path,
                    mark.line,
                    mark.column,
                    f"公示结束日期约为 {notice.closes_on.isoformat()}:{notice.closes_on.year} 年的节假日安排还没有收录，"
                    "只按周末计算",
                    "国务院公布放假安排、更新 chinesecalendar 后重新生成即可；也可以改写确定的 ends_on",
                    "period_workdays",
                )
            )
    return warnings
