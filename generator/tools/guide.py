"""The editors' guide to the data format, generated from the models the validator uses.

README.md carries this text between two markers; a test regenerates it and compares, so
the guide can never drift from what the validator accepts.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model import kinds
from ..source.yamlload import decode, load

START = "<!-- data-format:start (gongkailan guide --write README.md) -->"
END = "<!-- data-format:end -->"

Section = tuple[str, str, type[BaseModel], str]  # (heading, file pattern, model, where its records sit)


def sections() -> list[Section]:
    """Every table of the guide: each kind's file, then the records nested in it, in site order."""
    out: list[Section] = []
    for kind in [kinds.PROFILE, *kinds.shown(), *kinds.SITE_WIDE]:
        out.append((kind.title, kind.pattern, kind.model, ""))
        out += [(part.heading, kind.pattern, part.model, part.inner) for part in kind.parts]
        out += [
            (f"“{value}”清单的事项（items 每一项）", f"{kind.pattern} kind: {value}", model, "items")
            for value, model in kind.variants.items()
        ]
    return out


def _kind_words(info: FieldInfo) -> str:
    annotation = info.annotation
    args = typing.get_args(annotation)
    literal = next((a for a in (annotation, *args) if typing.get_origin(a) is typing.Literal), None)
    if literal is not None:
        return "可选：" + "、".join(typing.get_args(literal))
    text = repr(annotation) + repr(info.metadata)  # a required Annotated field keeps its validators here
    for key, words in (
        ("Period", "账期，如 2026-03 或 2026-Q1"),
        ("Decimal", "金额（元），最多两位小数"),
        ("date", "日期，年-月-日"),
        ("parse_year", "年份，四位数"),
        ("bool", "是 / 否"),
        ("list[str]", "列表，每项一行“- …”"),
        ("list", "列表"),
        ("int", "整数"),
    ):
        if key in text:
            return words
    return "文字"


def _examples(data_dir: Path | None, pattern: str, kind: str, inner: str) -> dict[str, Any]:
    """First value of each key in the example data, to show a real example."""
    found: dict[str, Any] = {}
    if data_dir is None:
        return found
    glob = pattern.split(" ")[0]
    site_level = glob.startswith("../")  # data/jiedao.yml, not inside a committee's folder
    for path in sorted(data_dir.glob(glob[3:] if site_level else f"*/{glob}")):
        data = load(decode(path.read_bytes())).data
        if not isinstance(data, dict) or (kind and data.get("kind") != kind):
            continue
        records: list[Any] = [data]
        if inner:
            records = [r for key in inner.split("|") for r in (data.get(key) or [])]
        for record in records:
            if isinstance(record, dict):
                for key, value in record.items():
                    found.setdefault(key, value)
    return found


def _shown(pattern: str) -> str:
    """The file as the guide names it: inside a committee's folder, or data/jiedao.yml."""
    glob = pattern.split(" ")[0]
    return "data/" + glob[3:] if glob.startswith("../") else glob


def _show(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value and not isinstance(value[0], dict) else "（见下表）"
    if isinstance(value, dict):
        return "（见下表）"
    text = " ".join(str(value).split())
    if len(text) > 24:
        text = text[:23] + "…"
    return f"`{text}`".replace("|", "\\|")


def render_guide(data_dir: Path | None) -> str:
    out = [START, ""]
    for heading, pattern, model, inner in sections():
        kind = pattern.split("kind: ")[1] if "kind: " in pattern else ""
        examples = _examples(data_dir, pattern, kind, inner)
        out += [
            f"#### {heading}",
            "",
            f"文件：`{_shown(pattern)}`",
            "",
            "| 键 | 含义 | 必填 | 写法 | 例子 |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, info in model.model_fields.items():
            meaning = info.title or ""
            if info.description:
                meaning += f"：{info.description}"
            required = "是" if info.is_required() else ""
            example = _show(examples[name]) if name in examples else "—"
            out.append(f"| `{name}` | {meaning} | {required} | {_kind_words(info)} | {example} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def replace_in(readme: str, guide: str) -> str:
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + guide + readme[end:]
