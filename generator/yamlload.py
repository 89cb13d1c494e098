"""Safe YAML loading that keeps every value's position and refuses YAML's traps.

The committee's files are parsed with libyaml's event stream (the C parser when it is
installed) and composed here into plain Python values. Every scalar stays a string, so
YAML 1.1's implicit typing (``010`` -> 8, ``NO`` -> False, ``1:20`` -> 80) never happens;
the schema decides later what each string must be. Anchors, aliases, tags and duplicate
keys are refused, each with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 12


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """A loaded document with the position of every key and value by path."""

    data: Any
    marks: dict[tuple[Any, ...], Mark] = field(default_factory=dict)
    key_marks: dict[tuple[Any, ...], Mark] = field(default_factory=dict)

    def mark(self, loc: tuple[Any, ...]) -> Mark:
        """Position of the value at ``loc``, or of its nearest ancestor that exists."""
        for end in range(len(loc), -1, -1):
            found = self.marks.get(tuple(loc[:end]))
            if found is not None:
                return found
        return Mark(1, 1)

    def key_mark(self, loc: tuple[Any, ...]) -> Mark:
        return self.key_marks.get(tuple(loc)) or self.mark(loc)


class YamlProblem(Exception):
    def __init__(self, mark: Mark, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


def _mark(event: Any) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1)


_SYNTAX_HINTS = {
    "could not find expected ':'": "每一行应写成“键: 值”,冒号后面要有一个空格",
    "mapping values are not allowed here": "冒号后面要加一个空格;如果值本身含冒号,请用英文引号把整个值括起来",
    "found character '\\t' that cannot start any token": "YAML 不能用制表符(Tab)缩进,请改用空格",
    "did not find expected key": "检查这一行的缩进是否与上下行对齐",
    "found undefined tag handle": "去掉以“!”开头的标记",
    "found unexpected end of stream": "引号或括号没有配对,请补上结尾的引号",
    "did not find expected '-' indicator": "列表的每一项都要以“- ”开头,并且对齐",
}


def _syntax_error(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
    problem = (exc.problem or "").strip()
    hint = "检查这一行及上一行的缩进、冒号和引号"
    for key, text in _SYNTAX_HINTS.items():
        if key in problem:
            hint = text
            break
    return YamlProblem(where, "YAML 格式错误,文件无法读取", hint)


def decode(raw: bytes) -> str:
    """Decode a data file as UTF-8, refusing anything else with a clear reason."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            Mark(1, 1),
            f"文件太大({len(raw) // 1024} KB),超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限",
            "请把内容拆成几个文件,例如每月一个账目文件",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM is harmless: editors on Windows add it
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(Mark(1, 1), "文件是 UTF-16 编码,无法读取", "请在编辑器中另存为 UTF-8 编码")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            Mark(line, column),
            "文件不是 UTF-8 编码(可能是 GBK),无法读取",
            "请在编辑器中选择“另存为 UTF-8”后再提交",
        ) from None


def load(text: str) -> Located:
    """Parse one YAML document into strings, lists and dicts, keeping positions."""
    located = Located(None)
    try:
        events = yaml.parse(text, Loader=_Loader)
        located.data = _compose(events, located)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors
        raise YamlProblem(Mark(1, 1), "YAML 格式错误,文件无法读取", str(exc)) from None
    return located


def _check_node_event(event: Any) -> None:
    if getattr(event, "anchor", None):
        raise YamlProblem(_mark(event), f"不允许使用锚点“&{event.anchor}”", "请把内容直接写出来,不要用 & 和 * 引用")
    tag = getattr(event, "tag", None)
    implicit = getattr(event, "implicit", True)
    explicit = tag is not None and not (any(implicit) if isinstance(implicit, tuple) else implicit)
    if explicit:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(_mark(event), f"不允许使用标记“{shown}”", "去掉以“!”开头的标记,直接写值")


def _compose(events: Any, located: Located) -> Any:
    stream = iter(events)
    documents: list[Any] = []
    for event in stream:
        if isinstance(event, yaml.DocumentStartEvent):
            if documents:
                raise YamlProblem(_mark(event), "一个文件里只能有一份内容", "删除多余的“---”分隔线,或把内容拆成两个文件")
            documents.append(_node(stream, next(stream), (), located, 0))
    return documents[0] if documents else None


def _node(stream: Any, event: Any, path: tuple[Any, ...], located: Located, depth: int) -> Any:
    if isinstance(event, yaml.AliasEvent):
        raise YamlProblem(_mark(event), f"不允许使用别名“*{event.anchor}”", "请把内容直接写出来,不要用 & 和 * 引用")
    if depth > MAX_DEPTH:
        raise YamlProblem(_mark(event), f"层次太深(超过 {MAX_DEPTH} 层)", "检查缩进是否多了,数据一般不超过四五层")
    _check_node_event(event)
    located.marks[path] = _mark(event)
    if isinstance(event, yaml.ScalarEvent):
        if event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL"):
            return None
        return event.value
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        for child in stream:
            if isinstance(child, yaml.SequenceEndEvent):
                return items
            items.append(_node(stream, child, (*path, len(items)), located, depth + 1))
    if isinstance(event, yaml.MappingStartEvent):
        mapping: dict[str, Any] = {}
        for key_event in stream:
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            if not isinstance(key_event, yaml.ScalarEvent):
                raise YamlProblem(_mark(key_event), "键必须是简单的文字", "每一行应写成“键: 值”")
            _check_node_event(key_event)
            key = key_event.value
            if key == "<<":
                raise YamlProblem(_mark(key_event), "不允许使用合并键“<<”", "请把内容直接写出来")
            if key in mapping:
                first = located.key_marks[(*path, key)]
                raise YamlProblem(
                    _mark(key_event),
                    f"键“{key}”重复出现(第一次在第 {first.line} 行)",
                    "删除其中一个,或把两处内容合并",
                )
            located.key_marks[(*path, key)] = _mark(key_event)
            mapping[key] = _node(stream, next(stream), (*path, key), located, depth + 1)
    raise YamlProblem(_mark(event), "无法识别的 YAML 内容")  # pragma: no cover
