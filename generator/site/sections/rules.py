"""规章制度: an index and one page per rule, linked to the rule that replaced it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..pages import About, Page
from ..revisions import history_page
from ..section import NavItem, Paths, Renders, Section, listed

if TYPE_CHECKING:
    from ...model.kinds import Kind


class Rules(Section):
    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        c = p.committee
        out = [r.render("rules_index.md.j2", Page(p.section("rules"), "规章制度", sources=c.rules), c=c, p=p)]
        replaced_by = {old: doc for doc in c.rules for old in doc.model.replaces}
        for doc in c.rules:
            page = Page(
                p.record("rules", doc.slug), doc.model.title, about=About("制度", doc.model.adopted_on), sources=[doc]
            )
            history = history_page(r, page, doc, "项制度")
            out.append(
                r.render("rule.md.j2", page, c=c, p=p, rule=doc.model, doc=doc, replaced_by=replaced_by.get(doc.slug))
            )
            out += [history] if history else []
        return out

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return [listed("规章制度", p, "rules", [(d.model.title, d.slug) for d in p.committee.rules])]
