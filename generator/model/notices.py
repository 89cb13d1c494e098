"""公告公示： notices with their 公示期， objection channel and the matters they follow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ..errors import DataError
from .fields import Day, Flag, Money, PositiveMoney
from .money import yuan
from .record import Record, optional, text
from .wording import COMMUNITY_ONLY_MEETINGS, VILLAGE_ONLY_MEETINGS, foreign_word
from .workdays import nth_workday

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..errors import Collector
    from ..source.document import Document

NoticeKind = Literal["公告", "公示", "方案", "会议决议", "执行情况", "选举结果", "救助名单", "项目招标", "通知"]
Meeting = Literal["村民会议", "村民代表会议", "居民会议", "居民代表会议", "党员大会", "两委联席会议"]
# 四议两公开, in the order the steps happen (中办发〔2004〕17号 and local practice).
Step = Literal[
    "党组织提议",
    "两委会议商议",
    "党员大会审议",
    "村民代表会议决议",
    "村民会议决议",
    "居民代表会议决议",
    "居民会议决议",
    "决议公开",
    "实施结果公开",
]


class Vote(Record):
    meeting: Meeting = text("会议", "例如 村民代表会议")
    held_on: Day = text("开会日期")
    expected: int | None = optional("应到人数", ge=1)
    present: int = text("到会人数", ge=1)
    in_favour: int = text("赞成", ge=0)
    against: int = text("反对", ge=0)
    abstain: int = text("弃权", ge=0)

    @property
    def passed(self) -> bool:
        """Carried by more than half of those present (村民委员会组织法 on 村民会议/村民代表会议)."""
        return self.in_favour * 2 > self.present


class Levy(Record):
    """一事一议筹资筹劳: what villagers give in money and in workdays, and who pays the rest."""

    project: str = text("项目", "例如 五里岗至塘口村道硬化", min_length=1)
    total: PositiveMoney = text("项目总投资", "不含投劳折算")
    raised: Money = text("村民筹资", "筹资总额")
    per_person: Money | None = optional("每人筹资")
    persons: int | None = optional("筹资人数", ge=0)
    workdays: int = text("筹劳工日", "投劳总工日数", default=0, ge=0)
    subsidy: Money = text("财政奖补", default=Decimal("0.00"))
    collective: Money = text("村集体投入", default=Decimal("0.00"))
    other: Money = text("其他来源", default=Decimal("0.00"))


class StepDone(Record):
    step: Step = text("步骤", "四议两公开的一步，例如 党组织提议、两委会议商议")
    done_on: Day = text("日期")
    note: str | None = optional("说明")


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
    occurred_on: Day | None = optional(
        "事项日期",
        "公告所说的事发生或作出决定的日期（开会、选举、评议、完工）；公开目录按它核对“事后”公开是否按时",
    )
    resolution: str | None = optional(
        "依据决议", "招标、执行情况等公告所执行的会议决议公告的文件名（不含 .yml）；决议的页面会列出它"
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
    vote: Vote | None = optional("表决情况", "会议决议写明会议、日期、应到和到会人数、赞成、反对、弃权票数")
    levy: Levy | None = optional("一事一议", "筹资筹劳方案或决议：项目、总投资、村民筹资、筹劳工日、财政奖补、集体投入")
    steps: list[StepDone] = text("四议两公开", "决议经过的步骤和日期，按先后写", default_factory=list)
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
    _check_vote(doc, errors)
    _check_levy(doc, errors)
    for index in range(1, len(notice.steps)):
        if notice.steps[index].done_on < notice.steps[index - 1].done_on:
            doc.error(
                errors,
                ("steps", index, "done_on"),
                f"“{notice.steps[index].step}”的日期早于上一步“{notice.steps[index - 1].step}”",
                "四议两公开的步骤按先后写，请核对日期",
            )


def _check_vote(doc: Document[Notice], errors: Collector) -> None:
    vote = doc.model.vote
    if vote is None:
        return
    cast = vote.in_favour + vote.against + vote.abstain
    if cast > vote.present:
        doc.error(
            errors,
            ("vote", "in_favour"),
            f"赞成、反对、弃权共 {cast} 票，多于到会人数 {vote.present}",
            "请核对票数和到会人数（没有投票的到会人员不计票）",
        )
    if vote.expected is not None and vote.present > vote.expected:
        doc.error(errors, ("vote", "present"), f"到会人数 {vote.present} 多于应到人数 {vote.expected}", "请核对人数")
    elif vote.expected is not None and vote.meeting.endswith("代表会议") and vote.present * 3 < vote.expected * 2:
        doc.error(
            errors,
            ("vote", "present"),
            f"{vote.meeting}到会 {vote.present} 人，不到应到 {vote.expected} 人的三分之二，会议不能举行",
            "代表会议须有三分之二以上组成人员参加：请核对人数，或补开会议",
        )


def check_level(notices: list[Document[Notice]], level: str, errors: Collector) -> None:
    """A 村民代表会议 in a 社区's notice (or the reverse) is a copied file or a wrong level."""
    where = "村委会" if level == "村委会" else "社区居委会"
    for doc in notices:
        found: list[tuple[tuple[str | int, ...], str]] = []
        if doc.model.vote:
            found.append((("vote", "meeting"), doc.model.vote.meeting))
        found += [(("steps", i, "step"), s.step.removesuffix("决议")) for i, s in enumerate(doc.model.steps)]
        for loc, meeting in found:
            instead = foreign_word(level, meeting, VILLAGE_ONLY_MEETINGS, COMMUNITY_ONLY_MEETINGS)
            if instead:
                doc.error(
                    errors,
                    loc,
                    f"{where}的公告里不能有“{meeting}”",
                    f"{'村' if level == '村委会' else '社区'}里写“{instead}”；"
                    f"如果这个委员会其实是{'社区居委会' if level == '村委会' else '村委会'}，请改 profile.yml 的 level",
                )


def _check_levy(doc: Document[Notice], errors: Collector) -> None:
    levy = doc.model.levy
    if levy is None:
        return
    if levy.per_person is not None and levy.persons is not None and levy.per_person * levy.persons != levy.raised:
        doc.error(
            errors,
            ("levy", "raised"),
            f"村民筹资写的是 {yuan(levy.raised)}，按每人 {yuan(levy.per_person)} × {levy.persons} 人"
            f"应为 {yuan(levy.per_person * levy.persons)}",
            "请核对 raised、per_person 和 persons",
        )
    sources = levy.raised + levy.subsidy + levy.collective + levy.other
    if sources != levy.total:
        doc.error(
            errors,
            ("levy", "total"),
            f"资金来源合计 {yuan(sources)}（筹资 {yuan(levy.raised)} + 奖补 {yuan(levy.subsidy)}"
            f" + 集体 {yuan(levy.collective)} + 其他 {yuan(levy.other)}）与项目总投资 {yuan(levy.total)} 不一致",
            "请核对各项资金来源和 total",
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
                    f"公示结束日期约为 {notice.closes_on.isoformat()}：{notice.closes_on.year} 年的节假日安排还没有收录，"
                    "只按周末计算",
                    "国务院公布放假安排、更新 chinesecalendar 后重新生成即可；也可以改写确定的 ends_on",
                    "period_workdays",
                )
            )
    return warnings
