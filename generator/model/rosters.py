"""组织名册: the bodies of the committee and their members, with terms of office."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from .fields import Day, Flag
from .markers import ADDRESS, OFFICE, private_unless
from .record import Record, optional, text
from .wording import (
    COMMUNITY_ONLY_BODIES,
    COMMUNITY_ONLY_ELECTIONS,
    VILLAGE_ONLY_BODIES,
    VILLAGE_ONLY_ELECTIONS,
    foreign_word,
)

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document

BodyKind = Literal[
    "党组织",
    "居委会",
    "村委会",
    "监督委员会",
    "居民小组",
    "居民代表",
    "村民小组",
    "村民代表",
    "民主理财小组",
    "村集体经济组织",
    "楼栋长",
    "网格员",
    "社区工作者",
    "法律顾问",
    "业主委员会",
    "物业服务企业",
]
ElectionKind = Literal[
    "直接选举",
    "户代表选举",
    "居民代表选举",
    "居民会议选举",
    "居民代表会议选举",
    "居民小组会议推选",
    "村民会议选举",
    "村民代表会议选举",
    "村民小组会议推选",
    "党员大会选举",
    "业主大会选举",
    "聘任",
    "选聘",
    "委派",
]

# Rosters are listed in the order of the bodies above (党组织 first), not by file name.
BODY_ORDER: tuple[str, ...] = BodyKind.__args__  # type: ignore[attr-defined]


def body_rank(roster: Roster) -> int:
    return BODY_ORDER.index(roster.body)


# Bodies whose members are elected for a term: a term that has run out means 换届 is due.
ELECTED_BODIES = {
    "党组织",
    "居委会",
    "村委会",
    "监督委员会",
    "居民小组",
    "居民代表",
    "村民小组",
    "村民代表",
    "民主理财小组",
    "业主委员会",
}


class Member(Record):
    name: str = text("姓名", min_length=1)
    role: str = text("职务", "例如 主任、副主任、委员、组长", default="成员")
    duties: str | None = optional("分工")
    group: str | None = optional("所属小组、楼栋或网格")
    address: str | None = optional("住址", "例如楼栋长的住址；公开时隐去楼栋、单元和门牌号", json_schema_extra=ADDRESS)
    certificate: str | None = optional("职业资格", "例如 助理社会工作师")
    phone: str | None = optional(
        "电话", "默认不公开；要公开请同时写 phone_public: 是", json_schema_extra=private_unless("phone_public")
    )
    phone_public: Flag = text("公开电话", default=False)
    since: Day | None = optional("任职日期")
    until: Day | None = optional("离任日期")
    note: str | None = optional("备注")


class Roster(Record):
    body: BodyKind = text("机构类别")
    name: str | None = optional("机构名称", "例如 中共幸福里社区委员会；不写时用机构类别")
    elected_on: Day | None = optional("选举（产生）日期")
    term_ends_on: Day | None = optional("任期届满日期")
    election: ElectionKind | None = optional("产生方式")
    organisation: str | None = optional("单位", "法律顾问所在律所、物业服务企业名称等")
    contact: str | None = optional("公开联系方式", "例如 物业服务中心电话", json_schema_extra=OFFICE)
    members: list[Member] = text("成员", min_length=1)
    note: str | None = optional("说明", "可用 Markdown")

    @property
    def title(self) -> str:
        return self.name or self.body

    def term_expired(self, today: date) -> bool:
        return self.term_ends_on is not None and self.term_ends_on < today


def check(doc: Document[Roster], errors: Collector) -> None:
    roster = doc.model
    if roster.elected_on and roster.term_ends_on and roster.term_ends_on <= roster.elected_on:
        doc.error(errors, ("term_ends_on",), "任期届满日期不晚于选举日期", "请核对 elected_on 和 term_ends_on")
    for index, member in enumerate(roster.members):
        if member.since and member.until and member.until < member.since:
            doc.error(
                errors, ("members", index, "until"), f"{member.name} 的离任日期早于任职日期", "请核对 since 和 until"
            )


def _level_hint(level: str, instead: str) -> str:
    other = "社区居委会" if level == "村委会" else "村委会"
    said = f"{'村' if level == '村委会' else '社区'}里写“{instead}”；" if instead else ""
    return f"{said}如果这个委员会其实是{other}，请把 profile.yml 的 level 改成 {other}"


def check_level(doc: Document[Roster], level: str, errors: Collector) -> None:
    """A 村民小组 in a 社区 or a 居民小组 in a 村 is a copied file or a wrong level in profile.yml."""
    roster = doc.model
    where = "村委会" if level == "村委会" else "社区居委会"
    instead = foreign_word(level, roster.body, VILLAGE_ONLY_BODIES, COMMUNITY_ONLY_BODIES)
    if instead is not None:
        doc.error(errors, ("body",), f"{where}的名册不能是“{roster.body}”", _level_hint(level, instead))
    if roster.election:
        instead = foreign_word(level, roster.election, VILLAGE_ONLY_ELECTIONS, COMMUNITY_ONLY_ELECTIONS)
        if instead is not None:
            doc.error(
                errors,
                ("election",),
                f"{where}的产生方式不能是“{roster.election}”",
                _level_hint(level, instead),
            )


def check_all(rosters: list[Document[Roster]], errors: Collector) -> None:
    """监督委员会 members may not sit on the 居委会/村委会 (民政部 rules on 监委会)."""
    committee = {m.name for r in rosters if r.model.body in ("居委会", "村委会") for m in r.model.members}
    for doc in rosters:
        if doc.model.body != "监督委员会":
            continue
        for index, member in enumerate(doc.model.members):
            if member.name in committee:
                doc.error(
                    errors,
                    ("members", index, "name"),
                    f"{member.name} 同时是居（村）委会成员，不能担任监督委员会成员",
                    "监督委员会成员不得由居（村）委会成员及其近亲属担任，请核对名册",
                )
