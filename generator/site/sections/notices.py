"""公告公示： the dated index, its pages per year and per kind, and one page per notice with
related notices and the spending it approved."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING

from ...model.resolutions import Execution, executions
from ...privacy.takedown import person_count
from ..notice_lists import NoticeList, filters, kind_src, kind_years, kinds, notice_lists, year_src, years
from ..pages import About, Page
from ..revisions import history_page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind
    from ...model.notices import Notice
    from ...source.document import Document


class Notices(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = [self._list_page(r, p, lst) for lst in notice_lists(c.notices, r.today, r.takedown)]
        related_from: dict[str, list[Document[Notice]]] = defaultdict(list)
        for doc in c.notices:
            for other in doc.model.related:
                related_from[other].append(doc)
        carried_out = executions(c)  # for every resolution at once: one pass over the records
        for doc in c.notices:
            execution = carried_out.get(doc.slug) or Execution()
            linked = [n for n in (c.notice(s) for s in doc.model.related) if n] + related_from[doc.slug]
            # Two notices that name each other (a 方案 and its 决议) are listed once, and a notice
            # that carries out this resolution is listed with its execution, not again here.
            carrying = {n.slug for n in execution.notices} | {doc.model.resolution}
            related = [n for n in {n.slug: n for n in linked}.values() if n.slug not in carrying]
            page = Page(
                p.record("notices", doc.slug),
                doc.model.title,
                about=About(doc.model.kind, doc.model.published_on),
                sources=[doc],
            )
            if r.takedown.is_down(doc.model):
                # Same URL, so links and the sitemap still lead somewhere: the record, not the list.
                page.meta["search"] = {"exclude": True}  # for sites on Material's own search plugin
                persons = person_count(doc.model.body)
                # Its 修改记录 stays too, dates only (an address once published keeps working).
                history = history_page(r, page, doc, "份" + doc.model.kind, private=True)
                out.append(r.render("notice_withdrawn.md.j2", page, c=c, p=p, notice=doc.model, persons=persons))
                out += [history] if history else []
                continue
            history = history_page(r, page, doc, "份" + doc.model.kind, private=doc.model.lists_persons)
            out.append(r.render("notice.md.j2", page, c=c, p=p, notice=doc.model, related=related, execution=execution))
            out += [history] if history else []
        return out

    @staticmethod
    def _list_page(r: Renders, p: Paths, lst: NoticeList) -> Page:
        src = p.record("notices", lst.slug) if lst.slug else p.section("notices")
        c = p.committee
        rows = filters(c.notices, lst) if c.notices else []
        # Dated by the notices it lists (first published / last changed).
        page = Page(src, lst.title, sources=[doc for month in lst.months for doc in month.notices])
        if lst.slug:  # a year's or a kind's list: search finds the notices themselves
            page.meta["search"] = {"exclude": True}
        return r.render("notices_index.md.j2", page, c=c, p=p, lst=lst, filters=rows)

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        docs = p.committee.notices
        entry = listed("公告公示", p, "notices", [(d.model.title, d.slug) for d in docs])
        assert isinstance(entry, dict)
        by_year = [(year, list(group)) for year, group in groupby(docs, key=lambda d: d.model.published_on.year)]
        if len(by_year) > 1:
            # The notices one entry per year, newest first: a notice's page lists its own year's
            # notices, not every notice of the committee (navigation.prune keeps the others closed).
            entry["公告公示"][1:] = [
                {f"{year}年": [{d.model.title: p.record("notices", d.slug)} for d in group]} for year, group in by_year
            ]
        if docs:  # the yearly archive and the kind pages sit in the menu, folded, after the index
            archive = {"各年存档": [{f"{y}年": p.record("notices", year_src(y))} for y in years(docs)]}
            by_kind = {"按类别": [self._kind_entry(p, k) for k in kinds(docs)]}
            entry["公告公示"][1:1] = [archive, by_kind]
        return [entry]

    @staticmethod
    def _kind_entry(p: Paths, kind: str) -> NavItem:
        """A kind in the menu: its page (the newest year), with its older years inside."""
        main = p.record("notices", kind_src(kind))
        older = kind_years(p.committee.notices, kind)[1:]
        if not older:
            return {kind: main}
        return {kind: [main, *({f"{y}年": p.record("notices", kind_src(kind, y))} for y in older)]}
