"""Hypothesis strategies for committee data: valid committees, and files broken at random.

Every string is written as a YAML double-quoted scalar (JSON's string syntax is a subset),
so the generated text — Chinese, Markdown, HTML, personal numbers — reaches the models as
written, and the strategies stay independent of YAML's quoting rules.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from privacy_seed import make_card, make_id, make_mobile

HOSTILE = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    "[点我](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    "{{ 7*7 }}",
    "{: onclick=alert(1) }",
    "**粗体** _斜体_ `代码`",
    "# 标题",
    "- 列表项",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "&#x6A;avascript:",
    "&lt;b&gt;",
    "\\",
    "*",
    "1380013**8000**",
]

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
plain_chars = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"),
    exclude_characters="\ufeff",  # a BOM inside a file is refused with its own error (tests/cases)
)
numbers = st.integers(0, 10**6).flatmap(
    lambda n: st.sampled_from([make_id(n), make_mobile(n), make_card(n), f"+86 {make_mobile(n)}"])
)
fragment = st.one_of(
    st.text(cjk, min_size=1, max_size=8),
    st.text(plain_chars, min_size=1, max_size=12),
    st.sampled_from(HOSTILE),
    numbers,
)
# Non-empty after stripping: required text fields may not be blank.
text = st.lists(fragment, min_size=1, max_size=5).map("".join).filter(lambda s: s.strip() != "")
title = (
    st.lists(st.one_of(st.text(cjk, min_size=1, max_size=6), fragment), min_size=1, max_size=3)
    .map("".join)
    .filter(lambda s: s.strip() != "")
)


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def yaml_of(data: dict[str, Any], indent: int = 0) -> str:
    """A small YAML emitter: block style, every string double-quoted."""
    pad = "  " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    body = yaml_of(item, indent + 2).split("\n")
                    first = body[0].strip()
                    lines.append(f"{pad}  - {first}")
                    lines.extend(body[1:])
                else:
                    lines.append(f"{pad}  - {q(str(item))}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(yaml_of(value, indent + 1))
        elif isinstance(value, str):
            lines.append(f"{pad}{key}: {q(value)}")
        else:
            lines.append(f"{pad}{key}: {value}")
    return "\n".join(line for line in lines if line != "")


@st.composite
def profile(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {"name": draw(title), "subdistrict": draw(title)}
    if draw(st.booleans()):
        data["introduction"] = draw(text)
    if draw(st.booleans()):
        data["contacts"] = [{"label": draw(title), "phone": draw(numbers)}]
    if draw(st.booleans()):
        data["public_numbers"] = [draw(numbers)]
    if draw(st.booleans()):
        data["facilities"] = draw(st.lists(text, min_size=1, max_size=3))
    return data


@st.composite
def roster(draw: st.DrawFn) -> dict[str, Any]:
    members = []
    for index in range(draw(st.integers(1, 4))):
        member: dict[str, Any] = {"name": f"{draw(title)}{index}", "role": draw(title)}
        if draw(st.booleans()):
            member["phone"] = draw(numbers)
            member["phone_public"] = draw(st.sampled_from(["是", "否"]))
        if draw(st.booleans()):
            member["note"] = draw(text)
        members.append(member)
    data: dict[str, Any] = {"body": draw(st.sampled_from(["党组织", "居委会", "网格员", "社区工作者"]))}
    data["members"] = members
    if draw(st.booleans()):
        data["note"] = draw(text)
    return data


@st.composite
def ledger(draw: st.DrawFn, year: int, month: int, opening: Decimal | None = None) -> dict[str, Any]:
    start = date(year, month, 1)
    days = ((start.replace(day=28) + timedelta(days=4)).replace(day=1) - start).days
    cents = st.integers(1, 10_000_000)

    def lines(kind: str) -> list[dict[str, Any]]:
        out = []
        for _ in range(draw(st.integers(0, 3))):
            out.append(
                {
                    "date": (start + timedelta(days=draw(st.integers(0, days - 1)))).isoformat(),
                    "summary": draw(text),
                    "category": draw(title),
                    "amount": f"{Decimal(draw(cents)) / 100:.2f}",
                }
            )
        return out

    income, expense = lines("income"), lines("expense")
    if not income and not expense:
        income = [{"date": start.isoformat(), "summary": "拨款", "category": "上级拨款", "amount": "1.00"}]
    if opening is None:
        opening = Decimal(draw(st.integers(0, 10_000_000))) / 100
    closing = opening + sum(Decimal(x["amount"]) for x in income) - sum(Decimal(x["amount"]) for x in expense)
    data: dict[str, Any] = {"period": f"{year}-{month:02d}", "opening_balance": f"{opening:.2f}"}
    if income:
        data["income"] = income
    if expense:
        data["expense"] = expense
    data["closing_balance"] = f"{closing:.2f}"
    return data


@st.composite
def notice(draw: st.DrawFn) -> dict[str, Any]:
    day = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 300)))
    return {
        "title": draw(title),
        "kind": draw(st.sampled_from(["公告", "通知"])),
        "published_on": day.isoformat(),
        "body": draw(text),
    }


@st.composite
def rule(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "title": draw(title),
        "adopted_by": draw(title),
        "adopted_on": "2025-06-01",
        "articles": draw(st.lists(text, min_size=1, max_size=4)),
    }


@st.composite
def committee(draw: st.DrawFn) -> dict[str, str]:
    """The files of one valid committee: relative path -> YAML text."""
    files = {"data/c/profile.yml": yaml_of(draw(profile()))}
    for index in range(draw(st.integers(0, 2))):
        files[f"data/c/rosters/r{index}.yml"] = yaml_of(draw(roster()))
    closing = None  # each period opens with the last one's closing balance
    first = draw(st.integers(1, 11))
    for month in range(first, first + draw(st.integers(0, 2))):  # consecutive periods
        data = draw(ledger(2026, month, closing))
        closing = Decimal(data["closing_balance"])
        files[f"data/c/finance/2026-{month:02d}.yml"] = yaml_of(data)
    for index in range(draw(st.integers(0, 2))):
        files[f"data/c/notices/n{index}.yml"] = yaml_of(draw(notice()))
    if draw(st.booleans()):
        files["data/c/rules/r.yml"] = yaml_of(draw(rule()))
    return files


YAML_NOISE = [*":-[]{}#&*!|>'\"%@`,?\t\n ", "\u3000", "：", "\ufeff", "\x00", "é", "\\", "---\n", "  ", "\n  - "]


@st.composite
def broken(draw: st.DrawFn) -> tuple[dict[str, str | bytes], str]:
    """A valid committee with one file damaged; returns (files, damaged path)."""
    files: dict[str, str | bytes] = dict(draw(committee()))
    path = draw(st.sampled_from(sorted(files)))
    content = str(files[path])
    how = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "swap-lines", "truncate", "bytes"]))
    pos = draw(st.integers(0, max(len(content) - 1, 0)))
    lines = content.split("\n")
    line = draw(st.integers(0, len(lines) - 1))
    if how == "insert":
        content = content[:pos] + draw(st.sampled_from(YAML_NOISE)) + content[pos:]
    elif how == "delete":
        content = content[:pos] + content[pos + draw(st.integers(1, 5)) :]
    elif how == "replace":
        content = content[:pos] + draw(st.sampled_from(YAML_NOISE)) + content[pos + 1 :]
    elif how == "dup-line":
        lines.insert(line, lines[line])
        content = "\n".join(lines)
    elif how == "swap-lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[line], lines[other] = lines[other], lines[line]
        content = "\n".join(lines)
    elif how == "truncate":
        content = content[:pos]
    if how == "bytes":
        raw = content.encode("utf-8")
        files[path] = raw[:pos] + draw(st.binary(min_size=1, max_size=4)) + raw[pos:]
    else:
        files[path] = content
    return files, path
