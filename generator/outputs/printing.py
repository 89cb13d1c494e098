"""What a printed page says about itself: whose page, which page, of when, and where online.

A sheet taken off the wall has lost its browser: the committee's name, the page title, the
publication date and the page's address are printed on every sheet (see
``theme_overrides/partials/gkl-print-head.html`` and ``assets/print.css``). This module
works out those facts per generated page; the MkDocs plugin puts them into ``page.meta``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..site.chrome import owner_of
from ..site.markup import cn_date
from ..site.render import Renderer


@dataclass(frozen=True)
class PrintFacts:
    committee: str
    date_label: str
    day: date


def css_string(text: str) -> str:
    """A quoted CSS string for ``content:``; CSS escapes are hex, not JSON's ``\\u``."""
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or ch in "<>":
            # "<" and ">" are escaped too so that the string can never close the <style> element.
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


class Facts(dict[str, PrintFacts]):
    """Facts by page source path; any other page inside a committee's folder is that
    committee's (pages other parts of the generator add), and on a one-committee site so
    is every page."""

    def __init__(self, renderer: Renderer) -> None:
        super().__init__()
        self.renderer = renderer

    def get(self, src: str, default: PrintFacts | None = None) -> PrintFacts | None:  # type: ignore[override]
        if src in self:
            return self[src]
        owner = owner_of(self.renderer.site, src)
        return PrintFacts(owner.profile.model.name, "更新日期", self.renderer.today) if owner else default


def page_facts(renderer: Renderer) -> Facts:
    """Committee name and publication date of every generated record page, by source path."""
    facts = Facts(renderer)
    for committee in renderer.site.committees:
        p = renderer.paths(committee)
        name = committee.profile.model.name
        # Index pages, work lists and the home page fall back to the build date (Facts.get).
        for roster in committee.rosters:
            elected = roster.model.elected_on
            if elected:
                facts[p.record("rosters", roster.slug)] = PrintFacts(name, "产生日期", elected)
        for ledger in committee.ledgers:
            published = ledger.model.published_on
            if published:
                facts[p.record("finance", ledger.slug)] = PrintFacts(name, "公开日期", published)
        for rule in committee.rules:
            facts[p.record("rules", rule.slug)] = PrintFacts(name, "通过日期", rule.model.adopted_on)
        for notice in committee.notices:
            facts[p.record("notices", notice.slug)] = PrintFacts(name, "发布日期", notice.model.published_on)
    return facts


def print_meta(facts: PrintFacts | None, fallback_name: str, built: date, title: str, url: str) -> dict[str, str]:
    """The values the print header template shows, plain and as CSS strings for @page boxes."""
    facts = facts or PrintFacts(fallback_name, "更新日期", built)
    when = f"{facts.date_label}：{cn_date(facts.day)}"
    return {
        "committee": facts.committee,
        "title": title,
        "date": when,
        "url": url,
        "css_left": css_string(f"{facts.committee} · {title}"),
        "css_right": css_string(when),
        "css_url": css_string(url),
    }
