"""The base of every data model, and the translation of its errors into Chinese lines."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DataError
from .yamlload import Located


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


_TYPE_WORDS = {
    "string": "一段文字",
    "int": "整数",
    "list": "列表(每项以“- ”开头)",
    "dict": "“键: 值”形式的内容",
    "model": "“键: 值”形式的内容",
}


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, dict):
        return "多行“键: 值”内容"
    if value is None:
        return "空值"
    return f"“{value}”"


def _label(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    key = next((part for part in reversed(loc) if isinstance(part, str)), "")
    title = _title_of(model, loc)
    return f"{key}({title})" if title and title != key else key


def _walk(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that owns the last key of ``loc``."""
    current = model
    for part in loc[:-1]:
        if current is None or isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _title_of(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> str:
    owner = _walk(model, loc)
    key = loc[-1] if loc else None
    if owner is None or not isinstance(key, str):
        return ""
    info = owner.model_fields.get(key)
    return (info.title or "") if info else ""


def translate(
    exc: ValidationError, path: str, located: Located, model: type[BaseModel] | None, prefix: tuple[Any, ...] = ()
) -> list[DataError]:
    """Turn pydantic's errors into one Chinese line each, placed on the right line."""
    out: list[DataError] = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        local = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        value = located_value(located, loc)
        label = _label(model, local)
        mark = located.mark(loc)
        hint = ""
        if kind == "gkl":
            message, hint = ctx["message"], ctx.get("hint", "")
        elif kind == "missing":
            parent = loc[:-1]
            mark = located.mark(parent)
            message = f"缺少必填项 {label}"
            hint = f"请加上一行“{loc[-1]}: …”"
        elif kind == "extra_forbidden":
            mark = located.key_mark(loc)
            owner = _walk(model, local)
            allowed = sorted(owner.model_fields) if owner else []
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.5)
            message = f"不认识的键“{loc[-1]}”"
            if close:
                hint = f"是不是想写“{close[0]}”?"
            else:
                hint = "这里可以用的键有:" + "、".join(allowed)
        elif kind in ("literal_error", "enum"):
            expected = ctx.get("expected", "")
            options = "、".join(part.strip(" '\"") for part in expected.replace(" or ", ",").split(","))
            message = f"{label} 不能是 {_describe(value)}"
            hint = f"只能写以下之一:{options}"
        elif kind in ("string_type", "int_type", "list_type", "dict_type", "model_type", "model_attributes_type"):
            wanted = _TYPE_WORDS.get(kind.split("_")[0], "")
            message = f"{label} 应该是{wanted},现在是{_describe(value)}"
            hint = "检查缩进和“- ”是否写对"
        elif kind == "int_parsing":
            message = f"{label} 应该是整数,现在是{_describe(value)}"
            hint = "只写阿拉伯数字,不要加逗号或单位"
        elif kind == "string_too_short" or kind == "too_short":
            message = f"{label} 不能为空"
            hint = "请填写内容"
        elif kind in ("greater_than", "greater_than_equal"):
            message = f"{label} 必须大于{'等于' if kind.endswith('equal') else ''} {ctx.get('gt', ctx.get('ge'))}"
        elif kind == "value_error":
            message = str(ctx.get("error", err["msg"]))
        else:
            message = f"{label} 的值{_describe(value)}不对:{err['msg']}"
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
