"""公开目录: what a committee must disclose, by when, and which of its data does it.

Each item states what N2 asks of a catalogue (公开事项, 内容, 依据, 时限, 主体, 渠道/载体, 对象,
方式) and a frequency rule that can be checked against the data: every month or quarter by
day N after the period (or every accounting period, which is what 村账 kept by quarter need),
every year, within N (working) days of the matter, at once, or standing (常年, kept up to
date). ``sources`` names the kinds of data that fulfil the item (``finance``,
``notices/会议决议``), so the site can show the last disclosure and its status
(``catalogue_status.py``).

A committee without a ``catalogue/`` file uses the default catalogue of its level
(``generator/catalogues/``, read by ``load/catalogue.py``); its own files may replace items of
the default by 公开事项, add items, leave items out (``omit``) or drop the default altogether.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from .fields import Flag
from .record import Record, optional, text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..errors import Collector
    from ..source.document import Document

Group = Literal["党务", "居务", "村务", "财务"]
Frequency = Literal["每月", "每季度", "每年", "按账期", "事后", "即时", "常年"]
PERIODIC = ("每月", "每季度", "每年", "按账期")
EVENTS = ("事后", "即时")
# The field that says which sort of record a file is, for ``notices/会议决议`` and the like.
SUBKIND_FIELDS = ("kind", "body")


class CatalogueItem(Record):
    title: str = text("公开事项", "例如 财务收支情况；与默认目录同名的事项整项替换默认目录里的那一项", min_length=1)
    group: Group = text("类别", "党务、居务（村里写村务）或财务")
    content: str = text("内容", "公开哪些内容", min_length=1)
    basis: str = text("依据", "法律法规或文件，例如 《村民委员会组织法》第三十条", min_length=1)
    time_limit: str | None = optional("时限", "不写时按频次自动写出，例如 每月结束后 10 日内")
    subject: str = text("主体", "负责公开的机构，例如 社区居委会", min_length=1)
    channel: str = text("渠道/载体", "例如 居务公开栏、本网站", min_length=1)
    audience: str = text("对象", "例如 本社区居民、社会公众", default="社会公众", min_length=1)
    mode: Literal["主动", "依申请"] = text("方式", "主动公开，或依申请公开", default="主动")
    level: str | None = optional("层级", "例如 社区（村）级")
    frequency: Frequency = text(
        "频次",
        "每月、每季度、每年、按账期（跟账目一样按月或按季度）：期满后 due_day 日内；"
        "事后：事项发生后 within_days 日或 within_workdays 个工作日内；即时：当天或下一个工作日；常年：长期公开，有变化时更新",
    )
    due_day: int | None = optional(
        "期满后日数", "每月、每季度、每年、按账期的事项在期满后第几天前公开，例如 10", ge=1, le=366
    )
    at_start: Flag = text(
        "期初公开", "写“是”时在本期开始后 due_day 日内公开（例如年度预算），不是期满后", default=False
    )
    within_days: int | None = optional("事后日数", "事后公开：事项发生后几日内（自然日）", ge=0, le=366)
    within_workdays: int | None = optional("事后工作日数", "事后公开：事项发生后几个工作日内，例如 20", ge=1, le=250)
    sources: list[str] = text(
        "由哪些数据公开",
        "data/ 里完成这一项的数据文件夹，例如 finance；只算某一类时写 notices/会议决议、lists/为民办实事、rosters/党组织",
        min_length=1,
    )
    keywords: list[str] = text("标题关键词", "只算标题里有其中一个词的记录，例如 低保", default_factory=list)

    @property
    def rule(self) -> str:
        """The frequency rule in words: what the page shows as 时限 when none is written."""
        if self.frequency in PERIODIC:
            unit = {"每月": "每月", "每季度": "每季度", "每年": "每年", "按账期": "每个账期"}[self.frequency]
            if self.at_start:
                return f"{unit}开始后 {self.due_day} 日内"
            return f"{unit}结束后 {self.due_day} 日内"
        if self.frequency == "即时":
            return "事项发生后即时公开（当天或下一个工作日）"
        if self.frequency == "事后":
            if self.within_workdays is not None:
                return f"事项发生后 {self.within_workdays} 个工作日内"
            return f"事项发生后 {self.within_days} 日内"
        return "长期公开，有变化时及时更新"

    @property
    def shown_time_limit(self) -> str:
        return self.time_limit or self.rule


class Catalogue(Record):
    use_default: Flag = text("沿用默认目录", "写“否”时只用本文件列出的事项", default=True)
    omit: list[str] = text(
        "不适用的默认事项", "默认目录里本委员会不公开的事项名称，要写明理由见 note", default_factory=list
    )
    items: list[CatalogueItem] = text("目录事项", default_factory=list)
    note: str | None = optional("说明", "可用 Markdown")


@dataclass(frozen=True)
class Entry:
    """One item of a committee's catalogue, and the file (and item number) it was written in."""

    doc: Document[Catalogue]
    index: int
    default: bool  # True: from the packaged default catalogue of the committee's level

    @property
    def item(self) -> CatalogueItem:
        # Read from the file's record each time: the privacy layer masks records in place
        # after loading, and open data and pages must see the masked text.
        return self.doc.model.items[self.index]


def check(doc: Document[Catalogue], errors: Collector, known: Mapping[str, tuple[str, type[BaseModel]]]) -> None:
    """One catalogue file: each item's frequency has the numbers it needs, and its sources exist.

    ``known`` is the registry's folders (folder -> title, model), passed in by ``kinds.py``.
    """
    seen: dict[str, int] = {}
    for index, item in enumerate(doc.model.items):
        at = ("items", index)
        if item.title in seen:
            doc.error(
                errors,
                (*at, "title"),
                f"公开事项“{item.title}”重复（第 {seen[item.title] + 1} 项也是）",
                "每个公开事项只写一次：合并两项，或改一个名称",
            )
        seen.setdefault(item.title, index)
        _check_rule(doc, errors, item, at)
        for number, source in enumerate(item.sources):
            _check_source(doc, errors, (*at, "sources", number), source, known)


def _check_rule(doc: Document[Catalogue], errors: Collector, item: CatalogueItem, at: tuple[Any, ...]) -> None:
    if item.frequency in PERIODIC:
        if item.due_day is None:
            doc.error(
                errors,
                (*at, "frequency"),
                f"频次“{item.frequency}”要写明期满后几日内公开",
                "请在这一项加上一行“due_day: 10”（期满后第 10 天前公开）",
            )
        for extra in ("within_days", "within_workdays"):
            if getattr(item, extra) is not None:
                doc.error(
                    errors,
                    (*at, extra),
                    f"频次“{item.frequency}”不按事项计时，{extra} 用不上",
                    f"删去 {extra}，用 due_day",
                )
        return
    if item.due_day is not None or item.at_start:
        key = "due_day" if item.due_day is not None else "at_start"
        doc.error(
            errors,
            (*at, key),
            f"频次“{item.frequency}”没有期，{key} 用不上",
            "删去这一行；按月、季度、年或账期公开时把 frequency 改为 每月、每季度、每年 或 按账期",
        )
    if item.frequency == "事后" and (item.within_days is None) == (item.within_workdays is None):
        both = item.within_days is not None
        doc.error(
            errors,
            (*at, "within_days" if both else "frequency"),
            "同时写了事后日数和事后工作日数" if both else "频次“事后”要写明事项发生后几日内公开",
            "只写一个：按工作日计时写“within_workdays: 20”，按自然日写“within_days: 7”",
        )
    if item.frequency in ("即时", "常年"):
        for extra in ("within_days", "within_workdays"):
            if getattr(item, extra) is not None:
                doc.error(
                    errors,
                    (*at, extra),
                    f"频次“{item.frequency}”不写时限天数",
                    f"删去 {extra}；要按天数计时就把 frequency 改为 事后",
                )


def _check_source(
    doc: Document[Catalogue],
    errors: Collector,
    loc: tuple[Any, ...],
    source: str,
    known: Mapping[str, tuple[str, type[BaseModel]]],
) -> None:
    folder, _, sub = source.partition("/")
    usable = {name: title for name, (title, _) in known.items() if name != "catalogue"}
    listed = "、".join(f"{name}（{title}）" for name, title in usable.items())
    if folder not in usable:
        doc.error(errors, loc, f"没有“{folder}”这类数据", f"sources 写 data/ 里的数据文件夹：{listed}")
        return
    if not sub:
        return
    model = known[folder][1]
    field_name = next((name for name in SUBKIND_FIELDS if name in model.model_fields), None)
    if field_name is None:
        doc.error(errors, loc, f"{usable[folder]}（{folder}）不分类别，不能写“/{sub}”", f"只写 {folder}")
        return
    choices = _choices(model.model_fields[field_name].annotation)
    if choices and sub not in choices:
        doc.error(
            errors,
            loc,
            f"{usable[folder]}没有“{sub}”这一类",
            f"{folder}/ 后面只能写以下之一：" + "、".join(choices),
        )


def _choices(annotation: Any) -> list[str]:
    if typing.get_origin(annotation) is Literal:
        return [str(arg) for arg in typing.get_args(annotation)]
    return []  # free text (a rule's 类别): any word is a class of its own
