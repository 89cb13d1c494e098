"""Every page of the site, rendered from the validated data with Jinja2 templates.

Nothing here knows MkDocs: the result is a list of Markdown pages (mostly HTML blocks,
headings in Markdown so that the table of contents and search see them) that the plugin
hands to MkDocs and tests read directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import jinja2

from . import finance_site, privacy
from .document import Document
from .markup import cn_date, markdown_block, markdown_inline, md_text
from .money import yuan
from .notices import Notice
from .pages import Page, link
from .repository import Committee, Site
from .rosters import ELECTED_BODIES
from .takedown import Takedown, person_count
from .worklists import ItemBase

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    finalize=privacy.finalize,
)
_env.filters.update(yuan=yuan, md=markdown_block, mdi=markdown_inline, mdt=md_text, cn_date=cn_date)
finance_site.install(_env)  # 大写, charts, open-data links, budgets and funds


@dataclass
class Paths:
    """Source paths of one committee's pages."""

    committee: Committee
    home: str

    def __post_init__(self) -> None:
        self.base = self.committee.slug

    def section(self, name: str) -> str:
        return f"{self.base}/{name}/index.md"

    def record(self, section: str, slug: str) -> str:
        return f"{self.base}/{section}/{slug}.md"


def _item_fields(item: ItemBase) -> list[tuple[str, Any]]:
    """An item's filled fields in declared order, as (Chinese title, value)."""
    rows = []
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        if name in ("title", "content") or value in (None, "", []):
            continue
        if isinstance(value, Decimal):
            value = yuan(value)
        rows.append((info.title or name, value))
    return rows


class Renderer:
    def __init__(self, site: Site, today: date, takedown_days: int = 0) -> None:
        self.site = site
        self.today = today
        self.takedown = Takedown(today, takedown_days)
        self.single = len(site.committees) == 1
        self.public = privacy.public_numbers(site)

    def _render(self, template: str, page: Page, **context: Any) -> Page:
        with privacy.publishing(self.public):
            page.content = _env.get_template(template).render(
                page=page,
                today=self.today,
                takedown=self.takedown,
                href=lambda target, anchor="": link(page.src, target, anchor),
                item_fields=_item_fields,
                **context,
            )
        return page

    def pages(self) -> list[Page]:
        pages: list[Page] = []
        all_paths = [self.paths(c) for c in self.site.committees]
        if not self.single:
            pages.append(self._render("overview.md.j2", Page("index.md", "首页"), committees=all_paths))
        for paths in all_paths:
            pages.extend(self.committee_pages(paths))
        return pages

    def paths(self, committee: Committee) -> Paths:
        return Paths(committee, "index.md" if self.single else f"{committee.slug}/index.md")

    def committee_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        today = self.today
        expired = [r for r in c.rosters if r.model.body in ELECTED_BODIES and r.model.term_expired(today)]
        latest = c.ledgers[-1] if c.ledgers else None
        out = [
            self._render(
                "home.md.j2",
                Page(p.home, c.profile.model.display_name if not self.single else "首页", meta={"hide": "none"}),
                c=c,
                p=p,
                profile=c.profile.model,
                latest=latest,
                expired=expired,
                newest=[n for n in c.notices if not self.takedown.is_down(n.model)][:6],
            )
        ]
        out += self._roster_pages(p)
        out += self._finance_pages(p)
        out += self._list_pages(p)
        out += self._rule_pages(p)
        out += self._notice_pages(p)
        return out

    def _roster_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        out = [self._render("rosters_index.md.j2", Page(p.section("rosters"), "组织名册"), c=c, p=p)]
        for doc in c.rosters:
            page = Page(p.record("rosters", doc.slug), doc.model.title)
            out.append(self._render("roster.md.j2", page, c=c, p=p, roster=doc.model))
        return out

    def _finance_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        out = [self._render("finance_index.md.j2", Page(p.section("finance"), "财务公开"), c=c, p=p)]
        for index, doc in enumerate(c.ledgers):
            prev = c.ledgers[index - 1] if index else None
            nxt = c.ledgers[index + 1] if index + 1 < len(c.ledgers) else None
            page = Page(p.record("finance", doc.slug), f"{doc.model.period.label}财务收支")
            out.append(self._render("ledger.md.j2", page, c=c, p=p, ledger=doc.model, prev=prev, next=nxt))
        out += finance_site.pages(self, p)  # budgets, funds, donations, property fees
        return out

    def _list_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        out = [self._render("lists_index.md.j2", Page(p.section("lists"), "工作事项清单"), c=c, p=p)]
        for doc in c.lists:
            page = Page(p.record("lists", doc.slug), doc.model.display_title)
            out.append(self._render("worklist.md.j2", page, c=c, p=p, wl=doc.model))
        return out

    def _rule_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        out = [self._render("rules_index.md.j2", Page(p.section("rules"), "规章制度"), c=c, p=p)]
        replaced_by = {old: doc for doc in c.rules for old in doc.model.replaces}
        for doc in c.rules:
            page = Page(p.record("rules", doc.slug), doc.model.title)
            out.append(
                self._render(
                    "rule.md.j2", page, c=c, p=p, rule=doc.model, doc=doc, replaced_by=replaced_by.get(doc.slug)
                )
            )
        return out

    def _notice_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        out = [self._render("notices_index.md.j2", Page(p.section("notices"), "公告公示"), c=c, p=p)]
        related_from: dict[str, list[Document[Notice]]] = defaultdict(list)
        for doc in c.notices:
            for other in doc.model.related:
                related_from[other].append(doc)
        for doc in c.notices:
            related = [r for r in (c.notice(s) for s in doc.model.related) if r] + related_from[doc.slug]
            approves = [
                (ledger, line) for ledger in c.ledgers for line in ledger.model.expense if line.resolution == doc.slug
            ]
            page = Page(p.record("notices", doc.slug), doc.model.title)
            if self.takedown.is_down(doc.model):
                # Same URL, so links and the sitemap still lead somewhere: the record, not the list.
                persons = person_count(doc.model.body)
                page.meta["search"] = {"exclude": True}  # for sites on Material's own search plugin
                out.append(self._render("notice_withdrawn.md.j2", page, c=c, p=p, notice=doc.model, persons=persons))
                continue
            out.append(
                self._render("notice.md.j2", page, c=c, p=p, notice=doc.model, related=related, approves=approves)
            )
        return out


def render_site(site: Site, today: date, takedown_days: int = 0) -> list[Page]:
    return Renderer(site, today, takedown_days).pages()
