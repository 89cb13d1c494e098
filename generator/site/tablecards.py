"""Tables that a phone can show as cards: every data cell learns its column's name.

On a narrow screen (generator/theme/assets/phone.css) each table row becomes a card of
"label value" lines, so a resident reads one row without scrolling sideways. The labels
come from the header row and are written into the page when it is built (``data-label``),
not by JavaScript: the in-app browsers residents open shared links in often run none.

Tables written in Markdown (a 公示 list in a notice body, a hand-written guide) get the
site's table class too, so they are set in the body's font size like the generated ones.
"""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.DOTALL)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<(t[dh])\b([^>]*)>(.*?)</\1>", re.DOTALL)
_COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""")
_TAG = re.compile(r"<[^>]+>")


def label_cells(page: str) -> str:
    """``page`` with a ``data-label`` on every data cell of every table that has a header row."""
    return _TABLE.sub(_label_table, page)


def _label_table(found: re.Match[str]) -> str:
    attributes, inner = found.group(1), found.group(2)
    if "class=" not in attributes:
        # A Markdown table: styled like the generated ones, and scrollable where a wide
        # screen still shows it as a table.
        table = f'<table class="gkl-table"{attributes}>{_label_rows(inner)}</table>'
        return f'<div class="gkl-table-wrap">{table}</div>'
    return f"<table{attributes}>{_label_rows(inner)}</table>"


def _label_rows(inner: str) -> str:
    head = _HEAD.search(inner)
    if head is None:
        return inner
    header_row = _ROW.search(head.group(1))
    if header_row is None:
        return inner
    labels: list[str] = []
    for cell in _CELL.finditer(header_row.group(1)):
        labels.extend([_text(cell.group(3))] * _span(cell.group(2)))
    body = _ROW.sub(lambda row: _label_row(row, labels), inner[head.end() :])
    return inner[: head.end()] + body


def _label_row(row: re.Match[str], labels: list[str]) -> str:
    column = 0
    out: list[str] = []
    last = 0
    cells = row.group(0)
    for cell in _CELL.finditer(cells):
        tag, attributes = cell.group(1), cell.group(2)
        span = _span(attributes)
        # A row heading (th scope=row) is the card's title, and a cell across several
        # columns (合计，本期无) has no single column to be named after.
        row_heading = tag == "th" and "scope" in attributes
        named = span == 1 and column < len(labels) and labels[column] and "data-label" not in attributes
        if named and not row_heading:
            label = html.escape(labels[column], quote=True)
            end = cell.start() + 1 + len(tag) + len(attributes)  # just before the tag's ">"
            out.append(cells[last:end] + f' data-label="{label}"')
            last = end
        column += span
    out.append(cells[last:])
    return "".join(out)


def _span(attributes: str) -> int:
    found = _COLSPAN.search(attributes)
    return max(1, int(found.group(1))) if found else 1


def _text(cell_html: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", cell_html)).split())
