"""The base of every data model, and the translation of its errors into Chinese lines."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo

from ..errors import DataError
from ..source.yamlload import Located
from .fields import full_width_problem


class Record(BaseModel):
    """A YAML mapping written by an editor: unknown keys are typos, values are exact."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        hide_input_in_errors=True,
        populate_by_name=True,
    )


def text(title: str, description: str = "", **kwargs: Any) -> Any:
    """A field with a Chinese title; the title is what editors see in errors and schemas."""
    return Field(title=title, description=description or None, **kwargs)


def optional(title: str, description: str = "", **kwargs: Any) -> Any:
    """An optional field: editors may leave it out."""
    kwargs.setdefault("default", None)
    return Field(title=title, description=description or None, **kwargs)


_CJK = re.compile("[\u4e00-\u9fff]")
_TYPE_WORDS = {
    "string": "一段文字",
    "int": "整数",
    "list": "列表（每项以“- ”开头）",
    "dict": "“键: 值”形式的内容",
    "model": "“键: 值”形式的内容",
}
_TYPE_ERRORS = ("string_type", "int_type", "list_type", "dict_type", "model_type", "model_attributes_type")


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "多行“键: 值”内容"
    if value is None:
        return "空值"
    return f"“{value}”"


def _label(model: type[BaseModel] | None, local: tuple[Any, ...], prefix: tuple[Any, ...] = ()) -> str:
    """How the editor recognises a value: its key, the key's Chinese title, and item numbers.

    ``("members", 1)`` reads "members(成员) 第 2 项"; ``("members", 1, "name")`` reads "name(姓名)".
    """
    loc = prefix + local
    last_key = max((i for i, part in enumerate(loc) if isinstance(part, str)), default=-1)
    if last_key < 0:
        return ""
    key = loc[last_key]
    title = _title_of(model, local[: last_key + 1 - len(prefix)]) if last_key >= len(prefix) else ""
    label = f"{key}（{title}）" if title and title != key else key
    items = [part for part in loc[last_key + 1 :] if isinstance(part, int)]
    return label + "".join(f" 第 {index + 1} 项" for index in items)


def _walk(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that owns the last key of ``loc``."""
    current = model
    for part in loc[:-1]:
        if current is None or isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = inner_model(info.annotation)
    return current


def inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def _field(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> FieldInfo | None:
    owner = _walk(model, loc)
    key = loc[-1] if loc else None
    if owner is None or not isinstance(key, str):
        return None
    return owner.model_fields.get(key)


def _title_of(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    info = _field(model, loc)
    return (info.title or "") if info else ""


def _item_model(model: type[BaseModel] | None, local: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model a value at ``local`` should be (a list item's model, for instance)."""
    if not local:
        return model
    key_at = max((i for i, part in enumerate(local) if isinstance(part, str)), default=-1)
    info = _field(model, local[: key_at + 1]) if key_at >= 0 else None
    return inner_model(info.annotation) if info else None


def _suggest(word: str, choices: list[str]) -> str | None:
    """The one choice the editor most likely meant, or None when two are equally likely.

    Similarity first, then the length of the shared beginning (履职清单 -> 履职事项, not
    负面清单); a tie after both is no suggestion rather than a coin toss.
    """

    def score(choice: str) -> tuple[float, int]:
        ratio = difflib.SequenceMatcher(None, word, choice).ratio()
        shared = next(
            (i for i, (a, b) in enumerate(zip(word, choice, strict=False)) if a != b), min(len(word), len(choice))
        )
        return round(ratio, 6), shared

    ranked = sorted(((score(c), c) for c in choices), reverse=True)
    if not ranked or ranked[0][0][0] < 0.5:
        return None
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None
    return ranked[0][1]


def _type_hint(kind: str, value: Any, key: str, model: type[BaseModel] | None, flow: bool) -> str:
    """What to change when a value has the wrong shape, in the terms of what was written."""
    wanted = kind.split("_")[0]
    if flow and wanted not in ("list", "dict", "model"):
        return '以 [ 或 { 开头的文字要用英文引号把整个值括起来，例如 "[公示] …"'
    if wanted == "string" and isinstance(value, list):
        return "这里只写一段文字，不要分成以“- ”开头的多项；几项内容可以用顿号隔开写在同一行"
    if wanted == "string" and isinstance(value, dict):
        return f"这里只写一段文字，写在“{key}:”的同一行；下面不要再缩进写“键: 值”"
    if wanted == "list" and isinstance(value, dict) and value:
        first = next(iter(value))
        return f"列表的每一项要以“- ”开头：把“{first}:”改成“- {first}:”，同一项的其余键与它对齐"
    if wanted == "list":
        return f"每项单独一行，以“- ”开头，写在“{key}:”的下一行并缩进两格"
    if wanted in ("dict", "model") and not isinstance(value, (list, dict)):
        first = next((name for name, info in model.model_fields.items() if info.is_required()), None) if model else None
        if first:
            return f"这一项要写成“键: 值”，例如“- {first}: {value}”"
    return "检查缩进和“- ”是否写对"


def translate(
    exc: ValidationError, path: str, located: Located, model: type[BaseModel] | None, prefix: tuple[Any, ...] = ()
) -> list[DataError]:
    """Turn pydantic's errors into one Chinese line each, placed on the right line."""
    raw = exc.errors(include_url=False)
    # A missing key that an unknown key beside it was surely meant to be (amout -> amount) is
    # reported once, as the misspelling: "缺少 amount" would only send the editor looking.
    misspelt: set[tuple[Any, ...]] = set()
    for err in raw:
        if err["type"] == "extra_forbidden":
            local = tuple(err["loc"])
            owner = _walk(model, local)
            close = _suggest(str(local[-1]), sorted(owner.model_fields)) if owner else None
            if close:
                misspelt.add((*local[:-1], close))
    out: list[DataError] = []
    for err in raw:
        local = tuple(err["loc"])
        loc = prefix + local
        kind = err["type"]
        if kind == "missing" and local in misspelt:
            continue
        ctx = err.get("ctx") or {}
        value = located_value(located, loc)
        label = _label(model, local, prefix)
        key = next((part for part in reversed(loc) if isinstance(part, str)), "")
        info = _field(model, local)
        mark = located.mark(loc)
        if value is None or isinstance(value, (list, dict)):
            mark = located.key_mark(loc)  # an empty or many-line value: point at its key
        hint = ""
        if kind == "gkl":
            message, hint = ctx["message"], ctx.get("hint", "")
        elif kind == "missing":
            mark = located.mark(loc[:-1])
            message = f"缺少必填项 {label}"
            hint = f"请加上一行“{loc[-1]}: …”"
            if info and info.description:
                hint += f"（{info.description}）"
        elif kind == "extra_forbidden":
            mark = located.key_mark(loc)
            owner = _walk(model, local)
            allowed = sorted(owner.model_fields) if owner else []
            close = _suggest(str(loc[-1]), allowed)
            message = f"不认识的键“{loc[-1]}”"
            if close:
                hint = f"是不是想写“{close}”?"
            elif allowed:
                hint = "这里可以用的键有：" + "、".join(allowed)
        elif kind in ("literal_error", "enum"):
            expected = ctx.get("expected", "")
            options = [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",")]
            hint = "只能写以下之一：" + "、".join(options)
            if value is None:
                message = f"{label} 没有填写"
            else:
                message = f"{label} 不能是{_describe(value)}"
                close = _suggest(str(value), options)
                if close:
                    hint = f"是不是想写“{close}”?" + hint
        elif value is None and kind in (*_TYPE_ERRORS, "int_parsing"):
            message = f"{label} 没有填写"
            if isinstance(loc[-1], int):
                hint = "这一项是空的：在“- ”后面写上内容，或删去这一行"
            elif kind == "list_type":
                hint = f"请在“{key}:”的下一行逐项写上，每项以“- ”开头并缩进两格"
            else:
                hint = f"请在“{key}:”后面写上内容"
            if info is not None and not info.is_required():
                hint += "，或删去这一行"
        elif kind in _TYPE_ERRORS:
            wanted = _TYPE_WORDS.get(kind.split("_")[0], "")
            message = f"{label} 应该是{wanted}，现在是{_describe(value)}"
            hint = _type_hint(kind, value, key, _item_model(model, local), loc in located.flow)
        elif kind == "int_parsing":
            message = f"{label} 应该是整数，现在是{_describe(value)}"
            hint = "只写阿拉伯数字，不要加逗号或单位"
            typed_wide = full_width_problem(value, f"{label} ") if isinstance(value, str) else None
            if typed_wide is not None:
                message, hint = typed_wide
        elif kind == "string_too_short" or kind == "too_short":
            message = f"{label} 不能为空"
            hint = "至少要写一项，每项以“- ”开头" if isinstance(value, list) else "请填写内容"
        elif kind in ("greater_than", "greater_than_equal"):
            message = f"{label} 必须大于{'等于' if kind.endswith('equal') else ''} {ctx.get('gt', ctx.get('ge'))}"
        elif kind == "value_error" and _CJK.search(str(ctx.get("error", err["msg"]))):
            message = str(ctx.get("error", err["msg"]))
        elif kind == "value_error":  # a library's English message must not reach the editor
            message = f"{label} 的值{_describe(value)}不对"
            hint = "请核对这个值；写法见 README 的数据格式说明"
        else:  # pydantic's own wording is English: never shown to the editor
            message = f"{label} 的值{_describe(value)}不对"
            hint = "请核对这个值；写法见 README 的数据格式说明"
        out.append(DataError(path, mark.line, mark.column, message, hint, ".".join(map(str, loc))))
    return out


def located_value(located: Located, loc: tuple[Any, ...]) -> Any:
    node = located.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
