"""What a page says about its own dates: first published, last changed, 更正 — from the git history.

``generator/load/history.py`` reads the history once per build; here a page's data files
(``Page.sources``) become one ``Provenance``: the earliest publication of any of them (or the
record's own 发布日期 where the history starts later, as after a bulk import), the latest change
residents can read, and the days a published notice or ledger was corrected. The sitemap's
``lastmod`` is the same ``last``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..load.history import History, State, own_date
from ..source.document import Document

# Why the dates are unknown, said on the page instead of a wrong date.
UNKNOWN = {
    "shallow": "本次生成只取得了最近一次提交（浅克隆），首次公开和最后修改的日期未知。",
    "outside": "本次生成不在 git 仓库中进行（没有修改历史），首次公开和最后修改的日期未知。",
}
UNCOMMITTED = "这一页的数据还没有提交（预览），尚未正式公开。"


@dataclass
class Provenance:
    state: State | None  # None: the history is known
    first: date | None = None
    first_from_data: bool = False  # the record's own date, earlier than its history
    last: date | None = None
    corrections: list[date] = field(default_factory=list)
    uncommitted: bool = False

    @property
    def unknown_reason(self) -> str | None:
        if self.state is not None:
            return UNKNOWN[self.state]
        if self.uncommitted:
            return UNCOMMITTED
        return None


def _last_change(history: History, doc: Document[Any]) -> date | None:
    """The last day what residents read changed (a rename or re-indent alone is not a change)."""
    versions = history.versions_of(doc.path)
    if versions:
        changed = [v.revision.day for v in versions if v.changed]
        return changed[-1] if changed else versions[0].revision.day
    revisions = history.of(doc.path)
    if not revisions:
        return None
    # A file moved without a change (same content id) was not changed for residents.
    changed = [r.day for before, r in itertools.pairwise(revisions) if r.blob != before.blob]
    return changed[-1] if changed else revisions[0].day


def provenance(history: History, docs: list[Document[Any]]) -> Provenance:
    if not history.known:
        return Provenance(history.state)
    firsts: list[tuple[date, bool]] = []
    lasts: list[date] = []
    corrections: list[date] = []
    for doc in docs:
        revisions = history.of(doc.path)
        if not revisions:
            continue
        first, from_data = revisions[0].day, False
        own = own_date(doc.model)
        if own is not None and own < first:
            first, from_data = own, True
        firsts.append((first, from_data))
        last = _last_change(history, doc)
        if last is not None:
            lasts.append(last)
        corrections += [v.revision.day for v in history.versions_of(doc.path) if v.correction]
    if not firsts:
        return Provenance(None, uncommitted=bool(docs))
    first, from_data = min(firsts)
    return Provenance(
        None,
        first,
        from_data,
        max(lasts) if lasts else None,
        sorted(set(corrections)) if len(docs) == 1 else [],
        uncommitted=len(firsts) < len(docs) and len(docs) == 1,
    )


def lastmod(history: History, docs: list[Document[Any]], handwritten: str | None = None) -> str:
    """The sitemap's ``lastmod`` of a page: its last change, or "" (left out) when unknown.

    ``handwritten``: the path of a hand-written page (content/…), dated by its own history.
    """
    if not history.known:
        return ""
    if handwritten is not None:
        revisions = history.of(handwritten)
        return revisions[-1].day.isoformat() if revisions else ""
    last = provenance(history, docs).last
    return last.isoformat() if last else ""
