"""Lists of private persons come down after their 公示期 (issue 15).

A notice marked ``lists_persons: 是`` （低保 评议， aid lists, 选民名单） is public only while
residents may object: once its 公示期 has ended, plus the site's ``takedown_days``, every
output drops it — the page becomes a record that it was published (title, dates, how many
persons, no names), and it leaves the search index, the posters and the home page. The
daily CI rebuild is what takes it down; ``--as-of`` shows any day's site.

The names themselves are read from the data (the name column of the notice's person
tables), so that the privacy gate can fail a build that still carries one of them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..model.notices import Notice
from .person_lists import _DELIMITER

if TYPE_CHECKING:
    from ..model.committee import Site

# Header words of the column that holds a person's name (not their number or address).
NAME_HEADERS = (
    "姓名", "名字", "申请人", "户主", "救助对象", "保障对象", "困难对象", "选民", "户名", "收款人", "领取人",
)  # fmt: skip


@dataclass(frozen=True)
class Takedown:
    """The build's date and the site's grace period: which person lists are still shown."""

    today: date
    days: int = 0

    def down_on(self, notice: Notice) -> date | None:
        """The first day the notice is no longer shown, or None if it never comes down."""
        closes = notice.closes_on
        if not notice.lists_persons or closes is None:
            return None  # no 公示期 (an election result): nothing says when it ends
        return closes + timedelta(days=self.days + 1)

    def is_down(self, notice: Notice) -> bool:
        down = self.down_on(notice)
        return down is not None and self.today >= down


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _person_tables(body: str) -> Iterator[tuple[list[int], list[list[str]]]]:
    """(indexes of the name columns, rows as cells) for every table in ``body`` that names persons."""
    lines = body.split("\n")
    for index, (header, below) in enumerate(itertools.pairwise(lines)):
        if "|" not in header or not _DELIMITER.match(below):
            continue
        columns = [i for i, cell in enumerate(_cells(header)) if any(word in cell for word in NAME_HEADERS)]
        if not columns:
            continue
        rows = list(itertools.takewhile(lambda line: "|" in line, lines[index + 2 :]))
        yield columns, [_cells(row) for row in rows]


def person_count(body: str) -> int:
    """How many persons the notice listed: the rows of its person tables (the record keeps this)."""
    return sum(len(rows) for _, rows in _person_tables(body))


def listed_names(body: str) -> list[str]:
    """The names in the name columns of ``body``'s person tables, as written (王*国 or 王建国)."""
    names = [
        cells[i]
        for columns, rows in _person_tables(body)
        for cells in rows
        for i in columns
        if i < len(cells) and len(cells[i]) >= 2
    ]
    return list(dict.fromkeys(names))


def site_withdrawn_names(site: Site, takedown: Takedown) -> dict[str, list[str]]:
    """``withdrawn_names`` of a loaded site, worked out once per site and takedown (it reads every data file)."""
    from .per_site import once

    return once(site, takedown, lambda: withdrawn_names(site, takedown))


def withdrawn_names(site: Site, takedown: Takedown) -> dict[str, list[str]]:
    """Name -> data files of the taken-down lists it stands in.

    A name also written in data that is still published (the same person on a list still in
    its 公示期， a committee member of the same name) is left out: the gate cannot tell the
    two apart, and failing every build for it would stop the site, not protect the person.
    """
    found: dict[str, list[str]] = defaultdict(list)
    down_paths: set[str] = set()
    for committee in site.committees:
        for doc in committee.notices:
            if takedown.is_down(doc.model):
                down_paths.add(doc.path)
                for name in listed_names(doc.model.body):
                    found[name].append(doc.path)
    if not found:
        return {}
    published = []
    for path in site.files:
        try:
            shown = path.relative_to(site.root).as_posix()
        except ValueError:
            shown = path.as_posix()
        if shown not in down_paths:
            published.append(path.read_text(encoding="utf-8", errors="replace"))
    return {name: paths for name, paths in found.items() if not any(name in text for text in published)}
