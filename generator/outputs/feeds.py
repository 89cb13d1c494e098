"""Atom feeds (RFC 4287): new notices and new accounts, per committee and for the whole site.

A resident (or a 街道 supervisor) subscribes once in a feed reader instead of visiting the
notice board. Each committee has two feeds beside its pages (``xingfu/notices/feed.xml``,
``xingfu/finance/feed.xml``); a site with several committees also has two for all of them
(``feeds/notices.xml``, ``feeds/finance.xml``). Every page names its feeds in ``<head>``
(``page_links``, ``site_links``) and the notices and finance indexes link them visibly.

Ids are the entries' page URLs, so they need ``site_url``; without it no feed is written.
Dates come from the data and its git history (``record_dates``). Entries are rendered through the one Jinja
environment, so masking guards them like every page, and the privacy gate scans them.

Lists of private persons (``lists_persons: 是``): a feed reader keeps every entry it has
fetched, beyond the committee's reach, so their entry never carries the list — only its
title, dates and number of persons — and it leaves the feed with the page at take-down.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..privacy import masking as privacy
from ..privacy.takedown import person_count
from ..site.pages import committee_feed, site_feed, url_of
from ..site.provenance import provenance
from ..site.templates import ENV

if TYPE_CHECKING:
    from ..load.history import History
    from ..model.committee import Committee, Site
    from ..model.finance import Ledger
    from ..model.notices import Notice
    from ..site.render import Renderer
    from ..source.document import Document

# What a feed is about: (folder of the committee's pages, what residents call it).
TOPICS = {"notices": "公告公示", "finance": "财务公开"}
MAX_ENTRIES = 50  # a feed lists what is new; the pages keep the archive
# The committees' dates are Beijing dates: a day starts at 00:00 China Standard Time.
_CST = "+08:00"
# Characters XML 1.0 forbids (a YAML "\x0b" escape can put one into the data).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Dates:
    published: date
    updated: date


def record_dates(doc: Document[Any], history: History | None = None) -> Dates:
    """When a notice or a ledger was published and last changed, as its feed entry says.

    Published is the data's own date: a notice's ``published_on``; a ledger's
    ``published_on``, else its review date, else the last day of its period (the earliest day
    it can have been published). Updated is the last change residents can read, from git
    (generator/site/provenance.py), when the build knows its history and it is later.
    """
    model = doc.model
    day = model.published_on
    if day is None:  # a ledger without a publication date
        day = model.review.reviewed_on if model.review else model.period.end
    last = provenance(history, [doc]).last if history is not None and history.known else None
    return Dates(day, max(day, last) if last else day)


def atom_date(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{_CST}"


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    author: str
    category: str
    dates: Dates
    summary: str
    content: Markup


@dataclass(frozen=True)
class Feed:
    path: str
    title: str
    page: str  # the page the feed follows (its alternate link)
    author: str
    entries: list[Entry]


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path


def _newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.dates.published, e.id), reverse=True)[:MAX_ENTRIES]


class _Entries:
    """The entries of one committee, rendered once and shared by its feed and the site's."""

    def __init__(self, renderer: Renderer, site_url: str) -> None:
        self.renderer = renderer
        self.site_url = site_url

    def _render(self, template: str, **context: Any) -> Markup:
        with privacy.publishing(self.renderer.public):
            return Markup(ENV.get_template(template).render(**context))

    def _url(self, committee: Committee, section: str, doc: Document[Any]) -> str:
        return _absolute(self.site_url, url_of(self.renderer.paths(committee).record(section, doc.slug)))

    def _latest(self, committee: Committee, section: str, docs: list[Document[Any]]) -> list[Document[Any]]:
        """The records a feed can list (``_newest`` picks from them): only these are rendered,
        however long the committee's archive is."""

        return sorted(docs, key=lambda doc: self.newest(committee, section, doc), reverse=True)[:MAX_ENTRIES]

    def newest(self, committee: Committee, section: str, doc: Document[Any]) -> tuple[date, str]:
        """A record's place in a feed, newest first (the order of ``_newest``: date, then address)."""
        return record_dates(doc, self.renderer.history).published, self._url(committee, section, doc)

    def shown(self, committee: Committee, section: str) -> list[Document[Any]]:
        """The records of ``section`` a feed may carry: gone from the site, gone from the feed."""
        if section == "finance":
            return list(committee.ledgers)
        takedown = self.renderer.takedown
        return [doc for doc in committee.notices if not takedown.is_down(doc.model)]

    def notices(self, committee: Committee, docs: list[Document[Any]] | None = None) -> list[Entry]:
        """The entries of the committee's newest notices (or of ``docs``, already chosen)."""
        out = []
        for doc in self._latest(committee, "notices", self.shown(committee, "notices")) if docs is None else docs:
            notice: Notice = doc.model
            url = self._url(committee, "notices", doc)
            persons = person_count(notice.body) if notice.lists_persons else 0
            content = self._render("feed_notice.html.j2", notice=notice, c=committee, persons=persons)
            summary = f"{notice.kind}，{notice.issuer or committee.profile.model.name}发布"
            out.append(
                Entry(
                    url,
                    url,
                    notice.title,
                    committee.name,
                    notice.kind,
                    record_dates(doc, self.renderer.history),
                    summary,
                    content,
                )
            )
        return out

    def ledgers(self, committee: Committee, docs: list[Document[Any]] | None = None) -> list[Entry]:
        """The entries of the committee's newest accounts (or of ``docs``, already chosen)."""
        out = []
        for doc in self._latest(committee, "finance", committee.ledgers) if docs is None else docs:
            ledger: Ledger = doc.model
            url = self._url(committee, "finance", doc)
            content = self._render("feed_ledger.html.j2", ledger=ledger)
            summary = (
                f"收入 {ledger.total_income:,.2f} 元，支出 {ledger.total_expense:,.2f} 元，"
                f"期末余额 {ledger.closing_balance:,.2f} 元"
            )
            title = f"{ledger.period.label}财务收支"
            out.append(
                Entry(
                    url,
                    url,
                    title,
                    committee.name,
                    "财务公开",
                    record_dates(doc, self.renderer.history),
                    summary,
                    content,
                )
            )
        return out


def _xml(feed: Feed, site_url: str, language: str, today: date, convert: Callable[[str], str] | None) -> bytes:
    entries = feed.entries
    updated = max((e.dates.updated for e in entries), default=today)
    with privacy.publishing(frozenset()):
        text = ENV.get_template("feed.xml.j2").render(
            feed=feed,
            id=_absolute(site_url, feed.path),
            page=_absolute(site_url, feed.page),
            updated=atom_date(updated),
            lang=language,
            atom_date=atom_date,
        )
    text = _NOT_XML.sub("", text)
    return (convert(text) if convert else text).encode("utf-8")


def feed_files(
    renderer: Renderer,
    site_url: str,
    site_name: str,
    language: str = "zh-Hans",
    convert: Callable[[str], str] | None = None,
    committees: frozenset[str] | None = None,
) -> dict[str, bytes]:
    """Every feed of the site, by path inside the built site; none without ``site_url``.

    With ``committees`` (slugs: one build unit), only those committees' own feeds, and not the
    site's feeds, which need every committee's entries."""
    if not site_url:
        return {}
    make = _Entries(renderer, site_url)
    feeds: list[Feed] = []
    for committee in renderer.site.committees:
        if committees is not None and committee.slug not in committees:
            continue
        paths = renderer.paths(committee)
        for topic, entries in (("notices", make.notices(committee)), ("finance", make.ledgers(committee))):
            feeds.append(
                Feed(
                    committee_feed(committee, topic),
                    f"{committee.name}·{TOPICS[topic]}",
                    url_of(paths.section(topic)),
                    committee.name,
                    _newest(entries),
                )
            )
    if not renderer.single and committees is None:
        feeds += _site_feeds(make, site_name)
    return {feed.path: _xml(feed, site_url, language, renderer.today, convert) for feed in feeds}


def site_feed_files(
    renderer: Renderer,
    site_url: str,
    site_name: str,
    language: str = "zh-Hans",
    convert: Callable[[str], str] | None = None,
) -> dict[str, bytes]:
    """The site's own feeds alone (a site of several committees), the same bytes as in ``feed_files``.

    Only the entries that make a feed are rendered — the newest of every committee's records —
    not each committee's own newest: the root unit of a 街道 (its build and its fingerprint,
    worked out on every build) needs these files only.
    """
    if not site_url or renderer.single:
        return {}
    feeds = _site_feeds(_Entries(renderer, site_url), site_name)
    return {feed.path: _xml(feed, site_url, language, renderer.today, convert) for feed in feeds}


def _site_feeds(make: _Entries, site_name: str) -> list[Feed]:
    """The site's feeds: the newest records of every committee, each entry saying whose it is."""
    feeds = []
    for topic in TOPICS:
        candidates = [
            (make.newest(committee, topic, doc), n, committee, doc)
            for n, committee in enumerate(make.renderer.site.committees)
            for doc in make.shown(committee, topic)
        ]
        entries: list[Entry] = []
        for _, _, committee, doc in sorted(candidates, key=lambda c: c[0], reverse=True)[:MAX_ENTRIES]:
            entry = (make.notices if topic == "notices" else make.ledgers)(committee, [doc])[0]
            entries.append(replace(entry, title=f"{committee.name}：{entry.title}"))
        feeds.append(Feed(site_feed(topic), f"{site_name}·{TOPICS[topic]}", "", site_name, _newest(entries)))
    return feeds


def _link(path: str, title: str) -> dict[str, str]:
    return {"path": path, "title": f"{title}（Atom 订阅）"}


def site_links(site: Site, site_name: str, site_url: str) -> list[dict[str, str]]:
    """The feeds every page names in its ``<head>``: the site's (a one-committee site's are its committee's)."""
    if not site_url:
        return []
    if len(site.committees) == 1:
        committee = site.committees[0]
        return [_link(committee_feed(committee, t), f"{committee.name}·{TOPICS[t]}") for t in TOPICS]
    return [_link(site_feed(t), f"{site_name}·{TOPICS[t]}") for t in TOPICS]


def page_links(site: Site, src: str, site_url: str) -> list[dict[str, str]]:
    """The feeds of the committee whose page ``src`` is (none outside a committee's folder)."""
    if not site_url or len(site.committees) == 1:
        return []  # a one-committee site names its committee's feeds on every page already
    committee = next((c for c in site.committees if src.startswith(c.slug + "/")), None)
    if committee is None:
        return []
    return [_link(committee_feed(committee, t), f"{committee.name}·{TOPICS[t]}") for t in TOPICS]
