"""公告公示: notices with their 公示期, objection channel and the matters they follow."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from .fields import Day, Flag
from .record import Record, optional, text

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document

NoticeKind = Literal["公告", "公示", "会议决议", "执行情况", "选举结果", "救助名单", "项目招标", "通知"]


class Notice(Record):
    title: str = text("标题", min_length=1)
    kind: NoticeKind = text("类别", default="公告")
    published_on: Day = text("发布日期")
    starts_on: Day | None = optional("公示开始日期")
    ends_on: Day | None = optional("公示结束日期")
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

    def status(self, today: date) -> str | None:
        """公示中 / 公示期已结束 / 尚未开始 — always said in words, never by colour alone."""
        if self.ends_on is None:
            return None
        start = self.starts_on or self.published_on
        if today < start:
            return "尚未开始"
        if today <= self.ends_on:
            return "公示中"
        return "公示期已结束"


def check(doc: Document[Notice], errors: Collector) -> None:
    notice = doc.model
    if notice.starts_on and not notice.ends_on:
        doc.error(errors, ("starts_on",), "写了公示开始日期，但没有结束日期", "请加上一行“ends_on: 年-月-日”")
    start = notice.starts_on or notice.published_on
    if notice.ends_on and notice.ends_on < start:
        doc.error(errors, ("ends_on",), "公示结束日期早于开始日期", "请核对 starts_on 和 ends_on")
    if notice.kind in ("公示", "救助名单") and notice.ends_on is None:
        doc.error(
            errors, ("kind",), f"“{notice.kind}”要写明公示期", "请加上 starts_on 和 ends_on（救助名单一般公示 7 天）"
        )
