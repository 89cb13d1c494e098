"""The site's front page when it holds several committees: the 街道's (or 镇's) overview.

A supervisor reads it at a glance: per committee, grouped by 街道 or 镇 and then 社区 or 村,
its newest notices, the 公示 running now, the latest accounts period, whether a body's term
has run out (换届) and, how its 公开目录 disclosures stand. Each row is
plain data (``Row``) that ``templates/overview.md.j2`` lays out as a table that becomes
cards on a phone (site/tablecards.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..model.catalogue_status import catalogue_summary
from ..model.committee import Committee, Site
from ..model.rosters import ELECTED_BODIES
from ..model.subdistrict import Subdistrict
from ..privacy.takedown import Takedown
from .section import Paths

if TYPE_CHECKING:
    from ..model.finance import Ledger
    from ..model.notices import Notice
    from ..source.document import Document

NEWEST = 2  # notices per committee: the table stays one screen on a phone
# Past a big 街道's 20 committees the site is a city's portal: each row keeps what a supervisor
# acts on (公示 running, accounts, term, 公开目录) and the newest notices stay on each committee's
# home page, so the page stays near 40 KB (about 0.4 KB a row instead of 0.8 KB).
CITY_SCALE = 24


def disclosure_status(committee: Committee, today: date) -> str | None:
    """How the committee's 公开目录 items stand, in words (“18 项均按时公开”, “18 项中逾期 1 项，缺失 2 项”).

    None for a committee without a catalogue: the page shows “—”.
    """
    if not committee.catalogue:
        return None
    return catalogue_summary(committee, today).words


@dataclass
class Term:
    text: str  # “任期至 2028年5月” / “村民委员会任期已满，应换届” / “未填写任期”
    due: bool  # a term has run out: shown in words, and marked for the eye too


@dataclass
class Row:
    paths: Paths
    newest: list[Document[Notice]]
    open: list[Document[Notice]]  # 公示 running today
    latest: Document[Ledger] | None
    term: Term
    disclosure: str | None


@dataclass
class Group:
    title: str  # 幸福街道 · 社区 / 村
    unit: Subdistrict | None
    rows: list[Row] = field(default_factory=list)


def _term(committee: Committee, today: date) -> Term:
    elected = [r.model for r in committee.rosters if r.model.body in ELECTED_BODIES and r.model.term_ends_on]
    expired = [r for r in elected if r.term_expired(today)]
    if expired:
        return Term("、".join(r.title for r in expired) + " 任期已满，应换届", True)
    if not elected:
        return Term("未填写任期", False)
    soonest = min(r.term_ends_on for r in elected if r.term_ends_on)
    return Term(f"任期至 {soonest.year}年{soonest.month}月", False)


def row(paths: Paths, today: date, takedown: Takedown, newest: int = NEWEST) -> Row:
    c = paths.committee
    shown = [n for n in c.notices if not takedown.is_down(n.model)]
    running = [n for n in shown if n.model.status(today) == "公示中"]
    latest = max(c.ledgers, key=lambda d: d.model.period.start, default=None)
    return Row(paths, shown[:newest], running, latest, _term(c, today), disclosure_status(c, today))


def groups(site: Site, all_paths: list[Paths], today: date, takedown: Takedown) -> list[Group]:
    """Rows grouped by 街道 or 镇 (in jiedao.yml's order), then 社区 before 村."""
    out: list[Group] = []
    units: list[Subdistrict | None] = list(site.subdistricts()) if site.config else [None]
    for unit in units:
        for village, word in ((False, "社区"), (True, "村")):
            members = [
                p
                for p in all_paths
                if site.subdistrict(p.committee) is unit and (p.committee.profile.model.level == "村委会") == village
            ]
            if members:
                title = f"{unit.name} · {word}" if unit else word
                newest = NEWEST if len(all_paths) <= CITY_SCALE else 0
                out.append(Group(title, unit, [row(p, today, takedown, newest) for p in members]))
    return out


@dataclass
class Town:
    """One 街道 or 镇 in the portal's index: its name and its committees, 社区 before 村."""

    name: str
    members: list[Paths]


def towns(found: list[Group]) -> list[Town]:
    """The index at the top of a city's portal: every 街道 or 镇 on one line with its committees.

    A resident of a city with dozens of committees finds theirs on the first screen instead of
    scrolling through every table; a site of one 街道 has no index (its table is the list).
    """
    out: dict[str, Town] = {}
    for g in found:
        if g.unit is not None:
            out.setdefault(g.unit.name, Town(g.unit.name, [])).members.extend(r.paths for r in g.rows)
    return list(out.values()) if len(out) > 1 else []


def context(site: Site, all_paths: list[Paths], today: date, takedown: Takedown) -> dict[str, Any]:
    found = groups(site, all_paths, today, takedown)
    return {
        "groups": found,
        "towns": towns(found),
        "with_newest": len(all_paths) <= CITY_SCALE,
        "site_config": site.config.model if site.config else None,
    }
