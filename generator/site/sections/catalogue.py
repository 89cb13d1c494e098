"""公开目录: one page per committee listing every catalogue item, its last disclosure and its status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model.catalogue_status import ItemStatus, published, statuses, summarise
from ...model.kinds import record_title
from ..pages import Page
from ..section import NavItem, Paths, Renders, Section
from .budgets import budget_slug

if TYPE_CHECKING:
    from ...model.kinds import Kind
    from ...source.document import Document

CSS = {"按时": "ok", "即将到期": "soon", "逾期": "late", "缺失": "missing", "依申请": "request"}


def record_page(p: Paths, folder: str, doc: Document[Any]) -> str:
    """The page that shows one record (budgets and funds live under 财务公开)."""
    if folder == "budgets":
        return p.record("finance", budget_slug(doc.model.year))
    if folder == "funds":
        return p.record("finance", "funds")
    return p.record(folder, doc.slug)


def index_page(p: Paths, folder: str) -> str:
    return p.record("finance", "funds") if folder == "funds" else p.section(folder)


def record_label(folder: str, doc: Document[Any]) -> str:
    model = doc.model
    if folder == "finance":
        return f"{model.period.label}财务收支"
    if folder == "budgets":
        return f"{model.year}年预算执行情况"
    return getattr(model, "display_title", None) or record_title(model) or doc.slug


def last_disclosure(p: Paths, status: ItemStatus) -> tuple[str, str, Any] | None:
    """(page, words, date) of the disclosure the page links to; a standing set links its index."""
    if status.latest is None:
        return None
    folders = {folder for folder, _ in status.found}
    if status.item.frequency == "常年" and len(status.found) > 1 and len(folders) == 1:
        folder = status.latest_folder
        return index_page(p, folder), f"共 {len(status.found)} 份", None
    doc = status.latest
    return record_page(p, status.latest_folder, doc), record_label(status.latest_folder, doc), published(doc)


class Catalogue(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        if not c.catalogue:
            return []
        rows = statuses(c, r.today)
        groups: dict[str, list[ItemStatus]] = {}
        for row in rows:
            groups.setdefault(row.item.group, []).append(row)
        # Its statuses follow every record of the committee: dated by all of them.
        page = Page(p.section("catalogue"), "公开目录", sources=list(c.documents()))
        return [
            r.render(
                "catalogue.md.j2",
                page,
                c=c,
                p=p,
                groups=groups,
                summary=summarise(rows),
                last=lambda s: last_disclosure(p, s),
                css=CSS,
                anchors={row.item.title: f"mulu-{n}" for n, row in enumerate(rows, 1)},
                own=c.of("catalogue"),
            )
        ]

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return [{"公开目录": p.section("catalogue")}] if p.committee.catalogue else []
