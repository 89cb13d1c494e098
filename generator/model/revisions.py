"""What a resident reads differently between two versions of a record: old text and new text.

One place for it, so the history pages of the site and ``gongkailan diff`` agree: a rule is
compared article by article (第五条 old → new, 新增, 删除), any other record field by field
(its Chinese title, the value before and after; a long text by the paragraphs that changed).
Values come out as plain text; whoever prints them escapes and masks them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .money import yuan
from .numerals import chinese_number
from .rules import Rule


@dataclass(frozen=True)
class Change:
    label: str  # 第五条, 标题, 正文
    old: str | None  # None: added
    new: str | None  # None: removed


def plain(value: Any) -> str:
    """A field's value as a resident reads it."""
    if value is None or value == [] or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, BaseModel):
        filled = [(info.title or name, getattr(value, name)) for name, info in type(value).model_fields.items()]
        return "；".join(f"{title}：{plain(v)}" for title, v in filled if v not in (None, "", []))
    if isinstance(value, list):
        return "；".join(plain(v) for v in value)
    return str(value)


def _articles(rule: Rule) -> list[str]:
    return [text for _, articles in rule.numbered() for _, text in articles]


def _number(index: int) -> str:
    return f"第{chinese_number(index + 1)}条"


def article_changes(old: Rule, new: Rule) -> list[Change]:
    """Each amended, added or removed article, numbered as in the version that has it."""
    before, after = _articles(old), _articles(new)
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            out.append(Change(_number(j1 + k), before[i1 + k], after[j1 + k]))
        out += [Change(f"原{_number(i)}", before[i], None) for i in range(i1 + paired, i2)]
        out += [Change(_number(j), None, after[j]) for j in range(j1 + paired, j2)]
    return out


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _text_changes(label: str, old: str, new: str) -> list[Change]:
    """A long text by its changed paragraphs, so one corrected figure does not repeat the page."""
    before, after = _paragraphs(old), _paragraphs(new)
    out = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out.append(Change(label, "\n\n".join(before[i1:i2]) or None, "\n\n".join(after[j1:j2]) or None))
    return out


def changes(old: BaseModel, new: BaseModel) -> list[Change]:
    """Everything a resident reads differently in ``new`` than in ``old`` (the same kind of record)."""
    out: list[Change] = []
    skip: set[str] = set()
    if isinstance(old, Rule) and isinstance(new, Rule):
        out += article_changes(old, new)
        skip = {"chapters", "articles"}
        if [c.title for c in old.chapters] != [c.title for c in new.chapters]:
            out.append(Change("章", "、".join(c.title for c in old.chapters), "、".join(c.title for c in new.chapters)))
    for name, info in type(new).model_fields.items():
        was, now = getattr(old, name, None), getattr(new, name)
        if name in skip or was == now:
            continue
        label = info.title or name
        if isinstance(was, str) and isinstance(now, str) and ("\n" in was or "\n" in now):
            out += _text_changes(label, was, now)
        else:
            out.append(Change(label, plain(was), plain(now)))
    return out
