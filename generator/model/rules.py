"""规章制度: 居民公约, 议事规则 and the work systems, article by article."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .fields import Day
from .numerals import chinese_number
from .record import Record, optional, text

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document


class Chapter(Record):
    title: str = text("章标题", "例如 总则", min_length=1)
    articles: list[str] = text("条文", "每条一项，以“- ”开头", min_length=1)


class Rule(Record):
    title: str = text("名称", min_length=1)
    kind: str = text("类别", "例如 居民公约、议事规则、工作制度", default="工作制度")
    adopted_by: str = text("通过机构", "例如 居民会议、居民代表会议", min_length=1)
    adopted_on: Day = text("通过日期")
    resolution: str | None = optional("通过决议", "通过这项制度的会议决议公告的文件名（不含 .yml）；决议的页面会列出它")
    effective_on: Day | None = optional("施行日期")
    status: Literal["有效", "已废止"] = text("状态", default="有效")
    repealed_on: Day | None = optional("废止日期")
    replaces: list[str] = text("替代的旧版本", "旧版本文件名（不含 .yml）", default_factory=list)
    preamble: str | None = optional("序言", "可用 Markdown")
    chapters: list[Chapter] = text("章", default_factory=list)
    articles: list[str] = text("条文", "不分章时直接列出条文", default_factory=list)

    def numbered(self) -> list[tuple[str | None, list[tuple[str, str]]]]:
        """Chapters with their articles numbered 第一条, 第二条 … across the whole rule."""
        groups: list[tuple[str | None, list[str]]] = [
            (f"第{chinese_number(i)}章 {c.title}", c.articles) for i, c in enumerate(self.chapters, 1)
        ]
        if self.articles:
            groups.append((None, self.articles))
        out: list[tuple[str | None, list[tuple[str, str]]]] = []
        counter = 0
        for heading, articles in groups:
            numbered = []
            for article in articles:
                counter += 1
                numbered.append((f"第{chinese_number(counter)}条", article))
            out.append((heading, numbered))
        return out


def check(doc: Document[Rule], errors: Collector) -> None:
    rule = doc.model
    if bool(rule.chapters) == bool(rule.articles):
        doc.error(
            errors,
            ("articles",) if rule.chapters else (),
            "条文要么分章写在 chapters 下，要么直接写在 articles 下，只能选一种" if rule.chapters else "缺少条文",
            "不分章时写 articles: 加条文列表；分章时写 chapters 一项，每章有 title 和 articles",
            key=True,
        )
    if rule.effective_on and rule.effective_on < rule.adopted_on:
        doc.error(errors, ("effective_on",), "施行日期早于通过日期", "请核对 adopted_on 和 effective_on")
    if rule.status == "已废止" and rule.repealed_on is None:
        doc.error(errors, ("status",), "已废止的制度要写废止日期", "请加上一行“repealed_on: 年-月-日”")
    if rule.status == "有效" and rule.repealed_on is not None:
        doc.error(
            errors, ("repealed_on",), "写了废止日期，但状态仍是“有效”", "请把 status 改为 已废止，或删去 repealed_on"
        )
