"""Characters that change how text reads without being seen: refused in every data file.

Unicode bidi controls reorder what a reader sees (U+202E turns ``张三 100 元`` into text
that reads differently from what is stored), so a name or an amount could be spoofed on
the site while the YAML looks right in review. They have no use in Chinese text. The
loader calls ``first_bidi_control`` once per file, before parsing, so that every field,
key and comment is covered and the error points at the exact line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


@dataclass(frozen=True)
class Hidden:
    line: int
    column: int
    message: str
    hint: str


def first_bidi_control(text: str) -> Hidden | None:
    """The first bidi control character in ``text``, with its position and a Chinese explanation."""
    found = _BIDI.search(text)
    if found is None:
        return None
    before = text[: found.start()]
    return Hidden(
        before.count("\n") + 1,
        found.start() - (before.rfind("\n") + 1) + 1,
        f"这里有一个看不见的文字方向控制字符（U+{ord(found.group()):04X}），它会让网页上的文字顺序和文件里不一样",
        "它常常是从网页或聊天软件复制带进来的：请删掉这个位置的字符（可把这一行删掉后重新输入）",
    )
