"""公告公示: notices with their 公示期, objection channel and the matters they follow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from .fields import Day, Flag, Money, PositiveMoney
from .money import yuan
from .record import Record, optional, text
from .wording import COMMUNITY_ONLY_MEETINGS, VILLAGE_ONLY_MEETINGS, foreign_word

if TYPE_CHECKING:
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
    vote: Vote | None = optional("表决情况", "会议决议写明会议、日期、应到和到会人数、赞成、反对、弃权票数")
    levy: Levy | None = optional("一事一议", "筹资筹劳方案或决议：项目、总投资、村民筹资、筹劳工日、财政奖补、集体投入")
    steps: list[StepDone] = text("四议两公开", "决议经过的步骤和日期，按先后写", default_factory=list)
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
