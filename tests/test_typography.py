"""Chinese the generator writes uses full-width punctuation (：，（）；), digits stay half-width.

Scanned: every template, theme file and Chinese string literal in the generator's own code
(labels, sentences, error messages), not what editors typed into data/ and content/. A
half-width ``:`` ``,`` ``;`` ``(`` or ``)`` touching a Chinese character is a mistake
("地址:清河", ",8437 人("); code, URLs, ``8:30`` and ``key: value`` never touch one.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3001-\u3003\u3008-\u3011\uff01-\uff5e]"
HALF_WIDTH = re.compile(rf"(?<={CJK})[:,;()]|[:,;()](?={CJK})")
# Stand-in for a value filled in at build time ({{ x }}, f"{x}"): not Chinese itself, so
# "{{ path }}:{{ line }}" passes while "合计({{ n }} 笔)" does not.
VALUE = "\x00"
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SCRIPT_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\])//[^\n]*", re.DOTALL)
JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
QUOTED = re.compile(r""""([^"\n]*)"|'([^'\n]*)'""")
TAG = re.compile(r"<[^<>]*>")
# YAML keeps YAML's own colon: a quoted example (“键: 值”) and a line of a generated YAML
# file ("  - 关于本站: about.md").
YAML_EXAMPLE = re.compile(r"“[^“”]*: [^“”]*”|^[ \t]*(?:- )?[^\s:：,，]+: ", re.MULTILINE)
# Files other helpers were rewriting at the same time; swept after their branches merge.
# Delete a name here once its file is fixed.
PENDING: set[str] = set()


def _sources() -> Iterator[Path]:
    for folder in ("generator", "theme_overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".j2", ".html", ".js", ".css"} and path.is_file():
                yield path


def _decorators(node: ast.AST) -> list[ast.expr]:
    return node.decorator_list if isinstance(node, ast.FunctionDef) else []


def _python_texts(source: str) -> Iterator[tuple[int, str]]:
    """Every string literal with its line, f-string values replaced, docstrings and regexes left out."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        # A docstring is written for developers, except a command's: click shows it as help.
        command = any("command" in ast.unparse(d) or "group" in ast.unparse(d) for d in _decorators(node))
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and not command:
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and ast.unparse(node.func).startswith("re."):
            skip.update(id(part) for arg in node.args for part in ast.walk(arg))  # a pattern, not a sentence
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else VALUE for v in node.values]
            skip.update(id(v) for v in node.values)
            yield node.lineno, "".join(str(p) for p in parts)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def _blank(found: re.Match[str]) -> str:
    # A comment removed, its lines kept so that line numbers stay right.
    return "\n" * found.group(0).count("\n")


def _script_texts(source: str) -> Iterator[tuple[int, str]]:
    """The quoted strings of a script or stylesheet: its comments are for developers."""
    source = SCRIPT_COMMENT.sub(_blank, source)
    for number, line in enumerate(source.splitlines(), 1):
        for quoted in QUOTED.finditer(line):
            yield number, quoted.group(1) or quoted.group(2) or ""


def _markup_texts(source: str) -> Iterator[tuple[int, str]]:
    """Text, attribute values and quoted strings of a template, line by line."""
    source = JINJA_COMMENT.sub(_blank, HTML_COMMENT.sub(_blank, source))
    for number, line in enumerate(source.splitlines(), 1):
        for code in JINJA_CODE.findall(line):
            for quoted in QUOTED.finditer(code):
                yield number, quoted.group(1) or quoted.group(2) or ""
        text = JINJA_CODE.sub(VALUE, line)
        for tag in TAG.findall(text):
            for quoted in QUOTED.finditer(tag):
                yield number, quoted.group(1) or quoted.group(2) or ""
        yield number, TAG.sub("", text)


def half_width_next_to_chinese() -> list[str]:
    found: list[str] = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            texts = _python_texts(source)
        elif path.suffix in {".js", ".css"}:
            texts = _script_texts(source)
        else:
            texts = _markup_texts(source)
        for line, text in texts:
            text = YAML_EXAMPLE.sub(VALUE, text)
            for hit in HALF_WIDTH.finditer(text):
                context = text[max(0, hit.start() - 8) : hit.end() + 8].replace(VALUE, "…").replace("\n", " ")
                if path.relative_to(ROOT).as_posix() not in PENDING:
                    found.append(f"{path.relative_to(ROOT)}:{line}: «{context}»")
    return found


def test_generated_chinese_uses_full_width_punctuation() -> None:
    found = half_width_next_to_chinese()
    assert found == [], f"{len(found)} 处中文旁边用了半角标点(应为 ：，；（）):\n" + "\n".join(found)


def test_the_check_finds_what_it_is_meant_to_find() -> None:
    # The scanner itself: the mistakes from the issue are caught, code and numbers are not.
    def hits(text: str) -> list[str]:
        return [text for _, t in _markup_texts(text) if HALF_WIDTH.search(t)]

    assert hits("地址:清河") and hits(",8437 人(") and hits('<td title="大字模式:放大">') and hits("合计({{ n }} 笔)")
    assert not hits("办公时间 8:30-17:30") and not hits("title: 公示") and not hits("{{ path }}:{{ line }}")
    assert not YAML_EXAMPLE.sub(VALUE, "写成“键: 值”").count(":")
    assert not HALF_WIDTH.search(YAML_EXAMPLE.sub(VALUE, "nav:\n  - 关于本站: about.md"))
    assert HALF_WIDTH.search(YAML_EXAMPLE.sub(VALUE, "地址:清河"))
    assert not hits('<a href="https://example.org/a,b">') and not hits("{{ '%.1f' | format(x) }}%")
    python = list(_python_texts('"""文档(说明)"""\nimport re\nre.compile(r"第(\\d+)条")\nx = f"合计({n}笔)"\n'))
    assert [t for _, t in python if HALF_WIDTH.search(t)] == [f"合计({VALUE}笔)"]
