"""Plain pages for a kind declared without a section of its own: an index, then each record's fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model.kinds import record_title
from ..pages import About, Page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Generic(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        docs = c.of(kind.folder)
        if not docs:
            return []
        index = Page(p.section(kind.folder), kind.title, sources=docs)
        out = [r.render("records_index.md.j2", index, c=c, p=p, kind=kind, docs=docs, title_of=record_title)]
        for doc in docs:
            page = Page(
                p.record(kind.folder, doc.slug),
                record_title(doc.model) or doc.slug,
                about=About(kind.title),
                sources=[doc],
            )
            out.append(r.render("record.md.j2", page, c=c, p=p, kind=kind, record=doc.model))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        docs = p.committee.of(kind.folder)
        entries = [(record_title(d.model) or d.slug, d.slug) for d in docs]
        return [listed(kind.title, p, kind.folder, entries)] if docs else []
