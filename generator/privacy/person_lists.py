"""Markdown tables that list private persons, and the notices allowed to carry them.

A table whose header names persons (姓名, 申请人, 身份证, 户主, 联系电话 ……) is a list of
people: 低保 and aid lists, 选民名单. Such a list must come down after its 公示期 (issue 15),
which can only be done if every list is known: it may stand only in a notice marked
``lists_persons: 是``. Anywhere else it is refused with the file and line of its header.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

# Header words that make a column a person's name or personal detail.
PERSON_HEADERS = (
    "姓名", "名字", "申请人", "户主", "身份证", "联系电话", "手机", "住址", "家庭住址",
    "救助对象", "保障对象", "困难对象", "选民", "户名", "收款人", "领取人",
)  # fmt: skip

# A Markdown table header: a line of cells followed by a delimiter row (| --- | :-: |).
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def person_table_headers(text: str) -> Iterator[tuple[str, str]]:
    """(header line, the person word it holds) for every table in ``text`` that lists persons."""
    lines = text.split("\n")
    for header, below in itertools.pairwise(lines):
        if "|" not in header or not _DELIMITER.match(below):
            continue
        cells = [cell.strip() for cell in header.strip().strip("|").split("|")]
        for cell in cells:
            word = next((w for w in PERSON_HEADERS if w in cell), None)
            if word is not None:
                yield header.strip(), word
                break
