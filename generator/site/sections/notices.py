"""公告公示： an index and one page per notice, with related notices and the spending it approved."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING

from ...privacy.takedown import person_count
from ..pages import Page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind
    from ...model.notices import Notice
    from ...source.document import Document


class Notices(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = [r.render("notices_index.md.j2", Page(p.section("notices"), "公告公示"), c=c, p=p)]
        related_from: dict[str, list[Document[Notice]]] = defaultdict(list)
        for doc in c.notices:
            for other in doc.model.related:
                related_from[other].append(doc)
        for doc in c.notices:
            linked = [n for n in (c.notice(s) for s in doc.model.related) if n] + related_from[doc.slug]
            # Two notices that name each other (a 方案 and its 决议) are listed once.
            related = list({n.slug: n for n in linked}.values())
            approves = [
                (ledger, line) for ledger in c.ledgers for line in ledger.model.expense if line.resolution == doc.slug
            ]
            page = Page(p.record("notices", doc.slug), doc.model.title)
            if r.takedown.is_down(doc.model):
                # Same URL, so links and the sitemap still lead somewhere: the record, not the list.
                page.meta["search"] = {"exclude": True}  # for sites on Material's own search plugin
                persons = person_count(doc.model.body)
                out.append(r.render("notice_withdrawn.md.j2", page, c=c, p=p, notice=doc.model, persons=persons))
                continue
            out.append(r.render("notice.md.j2", page, c=c, p=p, notice=doc.model, related=related, approves=approves))
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        notices = p.committee.notices
        years = [(year, list(docs)) for year, docs in groupby(notices, key=lambda d: d.model.published_on.year)]
        if len(years) <= 1:
            return [listed("公告公示", p, "notices", [(d.model.title, d.slug) for d in notices])]
        # One entry per year, newest first: a notice's page lists its own year's notices, not
        # every notice of the committee (with navigation.prune, the other years stay closed).
        by_year: list[NavItem] = [p.section("notices")]
        for year, docs in years:
            by_year.append({f"{year}年": [{d.model.title: p.record("notices", d.slug)} for d in docs]})
        return [{"公告公示": by_year}]
