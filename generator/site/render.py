"""Every page of the site, rendered from the validated data with Jinja2 templates.

Nothing here knows MkDocs: the result is a list of Markdown pages (mostly HTML blocks,
headings in Markdown so that the table of contents and search see them) that the plugin
hands to MkDocs and tests read directly. The home page is made here; every data kind's
pages come from its section (generator/site/sections/), in the order of the kinds.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..load.history import History
from ..model import kinds
from ..model.catalogue_status import catalogue_summary
from ..model.committee import Committee, Site
from ..model.money import yuan
from ..model.rosters import ELECTED_BODIES
from ..model.wording import words
from ..model.worklists import ItemBase
from ..privacy import masking as privacy
from ..privacy.takedown import Takedown
from . import overview
from .notice_lists import home_notices
from .pages import HOME, About, Page, link
from .provenance import provenance
from .section import Paths
from .sections import section_for
from .templates import ENV


def about_meta(committee: Committee, about: About, *, scoped: bool) -> dict[str, object]:
    """Front matter of a committee's page for search: whose (slug for the filter, short name to
    show), what kind, of which day (ISO, empty when the page is not one dated record), and
    whether its search keeps to the committee (not on a site of one committee, where the
    switch to the whole site would change nothing)."""
    return {
        "committee": committee.slug,
        "committee_name": committee.profile.model.display_name,
        "kind": about.kind,
        "date": about.day.isoformat() if about.day else "",
        "scoped": scoped,
    }


def _item_fields(item: ItemBase) -> list[tuple[str, Any]]:
    """An item's filled fields in declared order, as (Chinese title, value)."""
    rows = []
    for name, info in type(item).model_fields.items():
        value = getattr(item, name)
        # The resolution is shown as a link to its notice, not as a file name.
        if name in ("title", "content", "resolution") or value in (None, "", []):
            continue
        if isinstance(value, Decimal):
            value = yuan(value)
        rows.append((info.title or name, value))
    return rows


class Renderer:
    def __init__(
        self, site: Site, today: date, takedown_days: int = 0, site_url: str = "", history: History | None = None
    ) -> None:
        self.site = site
        # The data's git history (generator/load/history.py): a build passes it, so every page
        # says when it was first published and last changed; None (tests, posters) leaves that out.
        self.history = history
        self.today = today
        # Feeds need absolute addresses: without site_url none is written or linked (outputs/feeds.py).
        self.site_url = site_url
        self.takedown = Takedown(today, takedown_days)
        self.single = len(site.committees) == 1
        self.public = privacy.site_public_numbers(site)

    def render(self, template: str, page: Page, **context: Any) -> Page:
        """Fill ``page`` from ``template``, numbers declared public left unmasked."""
        committee = context.get("c")
        # Every committee page speaks its committee's level (村务/居务); the overview page of a
        # repository with several committees names none, so it says 居（村）务.
        context.setdefault("w", words(committee.profile.model.level) if committee else None)
        if committee is not None:
            page.meta["gkl_about"] = about_meta(committee, page.about, scoped=not self.single)
        with privacy.publishing(self.public):
            page.content = ENV.get_template(template).render(
                page=page,
                today=self.today,
                takedown=self.takedown,
                feeds=bool(self.site_url),
                href=lambda target, anchor="": link(page.src, target, anchor),
                item_fields=_item_fields,
                **context,
            )
            if self.history is not None and page.sources:  # a page with no data behind it has no dates
                page.content += ENV.get_template("_provenance.md.j2").render(
                    prov=provenance(self.history, page.sources),
                    history_href=link(page.src, page.history) if page.history else None,
                )
        return page

    def pages(self) -> list[Page]:
        pages: list[Page] = self.root_pages()
        for committee in self.site.committees:
            pages.extend(self.committee_pages(self.paths(committee)))
        return pages

    def root_pages(self) -> list[Page]:
        """The pages outside every committee's folder: the overview of a site with several
        committees (none on a site of one, whose home is the committee's)."""
        if self.single:
            return []
        all_paths = [self.paths(c) for c in self.site.committees]
        title = self.site.name or "居务、村务公开"
        facts = overview.context(self.site, all_paths, self.today, self.takedown)
        everything = [doc for c in self.site.committees for doc in c.documents()]
        page = Page("index.md", title, meta={"hide": ["toc"]}, sources=everything)
        return [self.render("overview.md.j2", page, **facts)]

    def paths(self, committee: Committee) -> Paths:
        return Paths(committee, "index.md" if self.single else f"{committee.slug}/index.md")

    def committee_pages(self, p: Paths) -> list[Page]:
        c = p.committee
        today = self.today
        # One line per body whose term has ended, named without the committee's own name.
        expired = [
            (r, r.model.title.removeprefix(c.profile.model.display_name) or r.model.title)
            for r in c.rosters
            if r.model.body in ELECTED_BODIES and r.model.term_expired(today)
        ]
        latest = c.ledgers[-1] if c.ledgers else None
        out = [
            self.render(
                "home.md.j2",
                Page(
                    p.home,
                    c.profile.model.display_name if not self.single else "首页",
                    meta={"hide": "none"},
                    sources=list(c.documents()),
                    about=HOME,
                ),
                c=c,
                p=p,
                profile=c.profile.model,
                latest=latest,
                expired=expired,
                newest=home_notices(c.notices, today, self.takedown),
                # One line of the 公开目录's status, for a supervisor; the page itself has the detail.
                catalogue=catalogue_summary(c, today) if c.catalogue else None,
            ),
            self.render(
                "about.md.j2",
                Page(p.about, words(c.profile.model.level)["简介"], about=About("简介"), sources=[c.profile]),
                c=c,
                p=p,
                profile=c.profile.model,
            ),
        ]
        for kind in kinds.shown():
            out += section_for(kind).pages(self, p, kind)
        return out


def render_site(site: Site, today: date, takedown_days: int = 0, history: History | None = None) -> list[Page]:
    return Renderer(site, today, takedown_days, history=history).pages()
