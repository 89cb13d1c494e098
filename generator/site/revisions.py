"""修改记录: the history page of a rule or notice — each revision's date, note and changed text.

The versions come from ``generator/load/history.py``; what changed between two of them from
``generator/model/revisions.py`` (the same words ``gongkailan diff`` uses). A notice that lists
private persons shows dates only: no commit message, no text, since either could carry a name;
once such a list is taken down it has no history page at all (generator/privacy/takedown.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..load.history import own_date
from ..model.revisions import Change, changes
from .pages import Page

if TYPE_CHECKING:
    from ..load.history import Version
    from ..source.document import Document
    from .section import Renders


@dataclass
class Entry:
    """One revision as the history page shows it."""

    version: Version
    label: str  # 首次公开, 更正, 修订, 格式调整
    message: str | None  # None: not shown (a list of persons)
    changes: list[Change] = field(default_factory=list)
    unreadable: bool = False


def history_src(record_src: str) -> str:
    """``xingfu/rules/juwu-gongkai.md`` -> ``xingfu/rules/juwu-gongkai/history.md``."""
    return record_src.removesuffix(".md") + "/history.md"


def _label(index: int, version: Version) -> str:
    if index == 0:
        own = own_date(version.model) if version.model is not None else None
        # Published before the repository's history starts (a bulk import): the page gives that date.
        return "收入本站" if own is not None and own < version.revision.day else "首次公开"
    if version.correction:
        return "更正"
    if version.changed:
        return "修订"
    return "格式调整"


def entries(versions: list[Version], private: bool) -> list[Entry]:
    """Newest first, each with the text changed since the version before it."""
    out = []
    for index, version in enumerate(versions):
        entry = Entry(version, _label(index, version), None if private else version.revision.message)
        before = versions[index - 1].model if index else None
        if version.model is None:
            entry.unreadable = True
        elif before is not None and version.changed and not private:
            entry.changes = changes(before, version.model)
        out.append(entry)
    return list(reversed(out))


def history_page(r: Renders, record: Page, doc: Document[Any], noun: str, private: bool = False) -> Page | None:
    """The 修改记录 page of ``record`` (None when the build has no history to show)."""
    if r.history is None:
        return None
    record.history = history_src(record.src)
    meta: dict[str, object] = {"search": {"exclude": True}}
    page = Page(record.history, f"{record.title}（修改记录）", meta=meta, sources=[doc], listed=False)
    versions = r.history.versions_of(doc.path)
    # A version that listed persons keeps its names out of the history, even if today's does not list any.
    private = private or any(getattr(v.model, "lists_persons", False) for v in versions)
    return r.render(
        "history.md.j2",
        page,
        record=record,
        noun=noun,
        private=private,
        entries=entries(versions, private),
        known=r.history.known,
    )
