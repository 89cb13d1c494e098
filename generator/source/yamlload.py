"""Safe YAML loading that keeps every value's position and refuses YAML's traps.

The committee's files are parsed with libyaml's event stream (the C parser when it is
installed) and composed here into plain Python values. Every scalar stays a string, so
YAML 1.1's implicit typing (``010`` -> 8, ``NO`` -> False, ``1:20`` -> 80) never happens;
the schema decides later what each string must be. Anchors, aliases, tags and duplicate
keys are refused, each with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from ..errors import GongkailanError
from .hidden_chars import first_bidi_control

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 12
_DEPTH_MESSAGE = f"层次太深（超过 {MAX_DEPTH} 层）"
_DEPTH_HINT = "检查缩进是否多了，数据一般不超过四五层"


class Mark(NamedTuple):
    # A tuple, so that a kept parse (generator/source/parsecache.py) is made back into marks cheaply.
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """A loaded document with the position of every key and value by path."""

    data: Any
    # (line, column) of each value and key by path: a ``Mark`` when parsed here, a plain pair when
    # taken from the parse cache (parsecache.py), which would otherwise make 150,000 Marks for a
    # 街道's check where a few are ever asked for. ``mark`` and ``key_mark`` always give a Mark.
    marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)
    flow: set[tuple[Any, ...]] = field(default_factory=set)  # lists and mappings written [ ] or { }

    def mark(self, loc: tuple[Any, ...]) -> Mark:
        """Position of the value at ``loc``, or of its nearest ancestor that exists."""
        for end in range(len(loc), -1, -1):
            found = self.marks.get(tuple(loc[:end]))
            if found is not None:
                return Mark._make(found)
        return Mark(1, 1)

    def key_mark(self, loc: tuple[Any, ...]) -> Mark:
        found = self.key_marks.get(tuple(loc))
        return Mark._make(found) if found is not None else self.mark(loc)


class YamlProblem(GongkailanError):
    """A file that YAML cannot read, at a line and column."""

    def __init__(self, mark: Mark, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.hint = hint


def _mark(event: Any) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1)


_FORMAT_ERROR = "格式错误，文件无法读取："
_QUOTE_HINT = "如果这是文字的一部分，请用英文引号把整个值括起来"
_KEY_COLON_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"][^:]*?):(\S.*)$")
# What a Chinese input method types where YAML wants ASCII: the full-width space (U+3000) in
# an indentation, and the full-width colon "：" after a key.
# Spaces YAML does not count as indentation: the full-width one, and the no-break space that
# text copied from Word or a web page brings along.
_ODD_SPACES = {"\u3000": "全角空格", "\u00a0": "不间断空格"}
_ODD_SPACE_HINT = {
    "\u3000": "中文输入法的全角空格 YAML 不认：请删掉它，改用半角空格（把输入法切换到半角或英文）对齐缩进",
    "\u00a0": "从 Word 或网页复制来的特殊空格 YAML 不认：请删掉这一行开头的空格，重新用空格键缩进",
}
_WIDE_COLON = "\uff1a"
_WIDE_COLON_HINT = "请把“\uff1a”改成英文冒号“:”，冒号后面再加一个空格（把输入法切换到半角或英文）"
_KEY_WIDE_COLON = re.compile(r"^[ \u3000]*(?:-[ \u3000]+)?[^\s:#'\"\[{|>-][^:\uff1a]*?(\uff1a)")
_SMART_QUOTES = "\u201c\u201d\u2018\u2019"
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _problem(mark: Any, reason: str, hint: str, *, first_text: str | None = None) -> YamlProblem:
    """A syntax problem at a libyaml mark; ``first_text`` moves it to the line's first character."""
    column = mark.column + 1
    if first_text is not None:
        column = len(first_text) - len(first_text.lstrip(" ")) + 1
    return YamlProblem(Mark(mark.line + 1, column), _FORMAT_ERROR + reason, hint)


def _quoted(value: str) -> str:
    """``value`` as a YAML quoted scalar, to show the editor the fixed line."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _char_at(lines: list[str], mark: Any) -> str:
    if mark is None or mark.line >= len(lines):
        return ""
    return lines[mark.line][mark.column : mark.column + 1]


_OPENERS = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_CLOSERS = {
    yaml.FlowSequenceEndToken: yaml.FlowSequenceStartToken,
    yaml.FlowMappingEndToken: yaml.FlowMappingStartToken,
}
_BLOCK_STARTS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken)
_INDENTLESS = "indentless"  # a block sequence written at its key's indentation has no start token
_BRACKET_HINT = "以 [ 或 { 开头的文字要用英文引号括起来；列表请每项一行，以“- ”开头"


def _structure_problem(text: str) -> YamlProblem | None:
    """Nesting depth and bracket balance, measured on the token stream, not from an error's wording.

    Used when libyaml has refused the file: libyaml reads ahead past pending keys, so since
    PyYAML 6.0.4 it stops deep flow nesting itself ("exceeded maximum nesting depth") before
    the composer below sees the 13th level. PyYAML's pure-Python scanner has no such limit and
    gives tokens with positions; the depth is counted the way ``_node`` counts it, so both
    paths name the same place. Only called on a file that failed, so its speed does not matter.
    """
    stack: list[Any] = []  # open collections: their start tokens, or _INDENTLESS
    after_key = False
    scanner = yaml.SafeLoader(text)
    try:
        while not scanner.check_token(yaml.StreamEndToken):
            token = scanner.get_token()
            if isinstance(token, yaml.BlockEntryToken) and stack and isinstance(stack[-1], yaml.BlockMappingStartToken):
                stack.append(_INDENTLESS)
            elif isinstance(token, (yaml.KeyToken, yaml.BlockEndToken)) and stack and stack[-1] is _INDENTLESS:
                stack.pop()
            node = isinstance(token, (*_BLOCK_STARTS, *_OPENERS)) or (
                isinstance(token, yaml.ScalarToken) and not after_key
            )
            if node and len(stack) > MAX_DEPTH:
                return YamlProblem(_mark(token), _DEPTH_MESSAGE, _DEPTH_HINT)
            after_key = isinstance(token, yaml.KeyToken)
            if isinstance(token, (*_BLOCK_STARTS, *_OPENERS)):
                stack.append(token)
            elif isinstance(token, yaml.BlockEndToken) and stack:
                stack.pop()
            elif type(token) in _CLOSERS:
                closer = "]" if isinstance(token, yaml.FlowSequenceEndToken) else "}"
                if stack and isinstance(stack[-1], _OPENERS) and not isinstance(stack[-1], _CLOSERS[type(token)]):
                    opened = stack[-1].start_mark
                    other = "]" if closer == "}" else "}"
                    hint = f"它与第 {opened.line + 1} 行的开括号不是一对：请改成“{other}”；" + _BRACKET_HINT
                    return _problem(token.start_mark, "方括号 [ ] 或花括号 { } 没有配对", hint)
                if not stack or not isinstance(stack[-1], _CLOSERS[type(token)]):
                    hint = f"这个“{closer}”前面没有对应的开括号：删掉它；" + _BRACKET_HINT
                    return _problem(token.start_mark, "方括号 [ ] 或花括号 { } 没有配对", hint)
                stack.pop()
    except yaml.MarkedYAMLError:
        return None  # another mistake comes first; the caller explains it
    unclosed = [token for token in stack if isinstance(token, _OPENERS)]
    if unclosed:
        closer = "]" if isinstance(unclosed[-1], yaml.FlowSequenceStartToken) else "}"
        hint = f"这个括号没有对应的“{closer}”;" + _BRACKET_HINT
        return _problem(unclosed[-1].start_mark, "方括号 [ ] 或花括号 { } 没有配对", hint)
    return None


def _input_method_problem(lines: list[str], error_line: int) -> YamlProblem | None:
    """A full-width space in an indentation, or a full-width colon after a key, near the error.

    libyaml sees neither as special: ``title：值`` is text that runs on into the next line, so
    the error it reports is often one line late. The error line and the two non-blank lines
    above it are checked, earliest first.
    """
    near = [i for i in range(error_line, -1, -1) if i < len(lines) and lines[i].strip()][:3]
    for index in sorted(near):
        line = lines[index]
        lead = line[: len(line) - len(line.lstrip(" \t" + "".join(_ODD_SPACES)))]
        odd = next((char for char in lead if char in _ODD_SPACES), None)
        if odd is not None:
            message, hint = _odd_space(odd)
            return YamlProblem(Mark(index + 1, lead.index(odd) + 1), _FORMAT_ERROR + message, hint)
        colon = _KEY_WIDE_COLON.match(line)
        if colon and ": " not in line[: colon.start(1)]:
            where = Mark(index + 1, colon.start(1) + 1)
            return YamlProblem(where, _FORMAT_ERROR + f"用了中文冒号“{_WIDE_COLON}”", _WIDE_COLON_HINT)
    return None


def _odd_space(char: str) -> tuple[str, str]:
    return f"行首用了{_ODD_SPACES[char]}“{char}”(U+{ord(char):04X})", _ODD_SPACE_HINT[char]


def _key_problem(key: str) -> tuple[str, str] | None:
    """Keys that parsed but were typed with a Chinese input method."""
    if key[:1] in _ODD_SPACES:
        return _odd_space(key[0])
    if _WIDE_COLON in key:
        return f"键“{key}”里有中文冒号“{_WIDE_COLON}”", _WIDE_COLON_HINT
    if key[:1] in _SMART_QUOTES or key[-1:] in _SMART_QUOTES:
        bare = key.strip(_SMART_QUOTES)
        return f"键“{key}”两边有中文引号", f"键不用加引号，直接写成 {bare}: …"
    return None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """Explain a YAML syntax error in the editor's terms, on the line that needs changing.

    What can be measured is measured: nesting and brackets on the token stream, and the
    character at the error's position (a quote, a backslash, ``|``, ``@``). Parser errors
    that carry nothing but free text (a missing colon, a bad indentation) are recognised
    from libyaml's wording as a last resort; each such branch has a golden case in
    ``tests/cases/errors/`` that fails if a new libyaml words it differently.
    """
    lines = text.split("\n")
    problem, context = exc.problem or "", exc.context or ""
    here = exc.problem_mark or exc.context_mark
    if here is None:  # pragma: no cover - every libyaml error carries a mark
        return YamlProblem(Mark(1, 1), _FORMAT_ERROR + "无法识别的内容", "检查缩进、冒号和引号")
    line = lines[here.line] if here.line < len(lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t-"))]
    if "\t" in indent or line[here.column : here.column + 1] == "\t":
        hint = "请把这一行开头的 Tab 换成空格，并与上下行对齐"
        return YamlProblem(Mark(here.line + 1, 1), _FORMAT_ERROR + "用了制表符（Tab）缩进", hint)
    typed = _input_method_problem(lines, here.line)
    if typed is not None:
        return typed
    started = _char_at(lines, exc.context_mark)
    if started in ('"', "'") and here.line >= len(lines) - 1 and exc.problem_mark is not None:
        hint = "这里的引号没有结尾：请在这段文字末尾补上同样的引号，或删去开头的引号"
        return _problem(exc.context_mark, "引号没有配对", hint)
    if started == '"' and _char_at(lines, exc.problem_mark) == "\\":
        return _problem(here, "双引号里的反斜杠“\\”有特殊含义", "请改用单引号把值括起来，或把 \\ 写成 \\\\")
    measured = _structure_problem(text)
    if measured is not None:
        return measured
    if "expected ':'" in problem and exc.context_mark:
        key_line = lines[exc.context_mark.line] if exc.context_mark.line < len(lines) else ""
        found = _KEY_COLON_VALUE.match(key_line)
        if found:
            fixed = f"{found.group(2)}: {found.group(3)}"
            return _problem(exc.context_mark, "冒号后面缺少空格", f"请写成“{fixed}”")
        return _problem(exc.context_mark, "这一行缺少冒号", "每一行应写成“键：值”，冒号后面有一个空格")
    if "mapping values are not allowed" in problem:
        before = line[: here.column].lstrip(" -")
        if ": " in before:
            key, value = line.lstrip(" -").split(": ", 1)
            hint = f"请用英文引号把整个值括起来，例如 {key}: {_quoted(value.strip())}"
            return _problem(here, "值里有“冒号+空格”", hint)
        return _problem(here, "这一行的缩进不对", "同一层的键要左对齐；这一行可能比上一行多缩进了", first_text=line)
    if "block collection" in context or "'-' indicator" in problem:
        return _problem(
            here,
            "列表的缩进不对",
            "同一列表的各项以“- ”开头并上下对齐；一项里的各个键要和第一个键对齐",
            first_text=line,
        )
    if "document start" in problem:
        # libyaml notices only at the first line that is *not* indented; the culprit is the first.
        first = next((i for i, text in enumerate(lines) if text.strip() and not text.lstrip().startswith("#")), 0)
        where = Mark(first + 1, 1) if lines[first].startswith(" ") else Mark(here.line + 1, 1)
        return YamlProblem(where, _FORMAT_ERROR + "最外层的缩进不对", "最外层的键要从行首写起，前面不留空格")
    if "expected key" in problem or "block end" in problem:
        written = line[: here.column].rstrip()
        if ": " in written and written.endswith(("]", "}")):
            key, value = line.lstrip(" -").split(": ", 1)
            hint = f"括号只能包住整个值：请用英文引号把整个值括起来，例如 {key}: {_quoted(value.strip())}"
            return _problem(here, "值以括号开头，后面又接了文字", hint)
        if ": " in written and written.endswith(('"', "'")):
            key, value = line.lstrip(" -").split(": ", 1)
            fixed = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", value.strip())
            fixed = re.sub(r"'([^']*)'", "\u2018\\1\u2019", fixed)
            hint = f"引号只能包住整个值；如果引号是文字的一部分，请改用中文引号，例如 {key}: {fixed}"
            return _problem(here, "值以引号开头，后面又接了文字", hint)
        return _problem(here, "这一行的缩进不对", "检查这一行的缩进是否与上下行对齐", first_text=line)
    if "sequence entries are not allowed" in problem:
        hint = "列表要从下一行写起，每项以“- ”开头并缩进两格；" + _QUOTE_HINT
        return _problem(here, "“- ”不能写在冒号同一行", hint)
    if started in ("|", ">") and exc.context_mark:
        hint = "“|”和“>”表示多行文字，后面不能再写字：文字从下一行开始并缩进两格；" + _QUOTE_HINT
        return _problem(exc.context_mark, "“|”或“>”后面直接写了文字", hint)
    special = started in ("&", "*", "!", "%")
    if special or _char_at(lines, here) in ("@", "`"):
        start = exc.context_mark if special and exc.context_mark else here
        return _problem(start, f"值不能以“{_char_at(lines, start)}”开头", _QUOTE_HINT)
    return _problem(here, "无法识别的内容", "检查这一行及上一行的缩进、冒号和引号")


def decode(raw: bytes) -> str:
    """Decode a data file as UTF-8, refusing anything else with a clear reason."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            Mark(1, 1),
            f"文件太大（{len(raw) // 1024} KB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限",
            "请把内容拆成几个文件，例如每月一个账目文件",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 BOM is harmless: editors on Windows add it
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(Mark(1, 1), "文件是 UTF-16 编码，无法读取", "请在编辑器中另存为 UTF-8 编码")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            Mark(line, column),
            "文件不是 UTF-8 编码（可能是 GBK），无法读取",
            "请在编辑器中选择“另存为 UTF-8”后再提交",
        ) from None


def load(text: str) -> Located:
    """Parse one YAML document into strings, lists and dicts, keeping positions."""
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        before = text[: bad.start()]
        raise YamlProblem(
            Mark(before.count("\n") + 1, bad.start() - (before.rfind("\n") + 1) + 1),
            f"文件里有一个看不见的控制字符（U+{ord(bad.group()):04X}），无法读取",
            "它常常是从别处复制粘贴带进来的：请删掉这个位置的字符后重新输入",
        )
    stray = text.find("\ufeff")
    if stray >= 0:
        before = text[:stray]
        raise YamlProblem(
            Mark(before.count("\n") + 1, stray - (before.rfind("\n") + 1) + 1),
            "文件中间有一个看不见的 BOM 字符（U+FEFF），无法读取",
            "它常常是把两个文件拼在一起、或从 Windows 记事本复制时带进来的：请删掉这一行，再重新输入",
        )
    hidden = first_bidi_control(text)  # the one place every data file passes (generator/source/hidden_chars.py)
    if hidden is not None:
        raise YamlProblem(Mark(hidden.line, hidden.column), hidden.message, hidden.hint)
    located = Located(None)
    parser = _Loader(text)
    try:
        # The parser's own get_event until it has no more (None), not yaml.parse's generator: a
        # Python frame less for each of the ~40 events of every data file.
        located.data = _compose(iter(parser.get_event, None), located)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught above
        raise YamlProblem(Mark(1, 1), _FORMAT_ERROR + "无法识别的内容", str(exc)) from None
    finally:
        parser.dispose()
    if isinstance(located.data, str):  # "title：值" on every line reads as one long text
        lines = text.split("\n")
        for index, line in enumerate(lines):
            if _KEY_WIDE_COLON.match(line):
                typed = _input_method_problem(lines, index)
                if typed is not None:
                    raise typed
    return located


def _check_node_event(event: Any) -> None:
    if getattr(event, "anchor", None):
        hint = "请把内容直接写出来，不要用 & 和 * 引用；如果“&”是文字的一部分，请用英文引号把整个值括起来"
        raise YamlProblem(_mark(event), f"不允许使用锚点“&{event.anchor}”", hint)
    tag = getattr(event, "tag", None)
    implicit = getattr(event, "implicit", True)
    explicit = tag is not None and not (any(implicit) if isinstance(implicit, tuple) else implicit)
    if explicit:
        shown = str(tag).replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(_mark(event), f"不允许使用标记“{shown}”", "去掉以“!”开头的标记，直接写值")


def _compose(events: Any, located: Located) -> Any:
    stream = iter(events)
    documents: list[Any] = []
    for event in stream:
        if isinstance(event, yaml.DocumentStartEvent):
            if documents:
                hint = "删除多余的“---”分隔线，或把内容拆成两个文件"
                raise YamlProblem(_mark(event), "一个文件里只能有一份内容", hint)
            documents.append(_node(stream, next(stream), (), located, 0))
    return documents[0] if documents else None


_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent
_SEQUENCE_END, _MAPPING_END = yaml.SequenceEndEvent, yaml.MappingEndEvent


def _node(stream: Any, event: Any, path: tuple[Any, ...], located: Located, depth: int) -> Any:
    # Every value of every data file passes here: event classes are compared by identity and
    # the anchor and tag checks run only when the event has one (what ``check`` spends most on).
    kind = type(event)
    if kind is not _SCALAR and kind is not _SEQUENCE and kind is not _MAPPING:
        if isinstance(event, yaml.AliasEvent):
            hint = "请把内容直接写出来，不要用 & 和 * 引用；如果“*”是文字的一部分，请用英文引号把整个值括起来"
            raise YamlProblem(_mark(event), f"不允许使用别名“*{event.anchor}”", hint)
        raise YamlProblem(_mark(event), "无法识别的 YAML 内容")  # pragma: no cover
    if depth > MAX_DEPTH:
        raise YamlProblem(_mark(event), _DEPTH_MESSAGE, _DEPTH_HINT)
    if event.anchor or event.tag is not None:
        _check_node_event(event)
    start = event.start_mark
    located.marks[path] = Mark(start.line + 1, start.column + 1)
    if kind is _SCALAR:
        if event.implicit[0] and event.value in ("", "~", "null", "Null", "NULL"):
            return None
        return event.value
    if event.flow_style:
        located.flow.add(path)
    if kind is _SEQUENCE:
        items: list[Any] = []
        for child in stream:
            if type(child) is _SEQUENCE_END:
                return items
            items.append(_node(stream, child, (*path, len(items)), located, depth + 1))
    else:
        mapping: dict[str, Any] = {}
        for key_event in stream:
            if type(key_event) is _MAPPING_END:
                return mapping
            if type(key_event) is not _SCALAR:
                raise YamlProblem(_mark(key_event), "键必须是简单的文字", "每一行应写成“键：值”")
            if key_event.anchor or key_event.tag is not None:
                _check_node_event(key_event)
            key = key_event.value
            typed = _key_problem(key)
            if typed is not None:
                raise YamlProblem(_mark(key_event), *typed)
            if key == "<<":
                raise YamlProblem(_mark(key_event), "不允许使用合并键“<<”", "请把内容直接写出来")
            key_mark = _mark(key_event)
            if key in mapping:
                first = located.key_mark((*path, key))
                raise YamlProblem(
                    key_mark,
                    f"键“{key}”重复出现（第一次在第 {first.line} 行）",
                    "删除其中一个，或把两处内容合并",
                )
            located.key_marks[(*path, key)] = key_mark
            mapping[key] = _node(stream, next(stream), (*path, key), located, depth + 1)
    raise YamlProblem(_mark(event), "无法识别的 YAML 内容")  # pragma: no cover
