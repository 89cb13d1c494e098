"""A committee's loaded records and the whole site: what every later layer reads.

``generator/load/repository.py`` fills them from data/; nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..source.document import Document
from .budgets import Budget
from .catalogue import Entry
from .disclosures import Donations, PropertyDisclosure
from .finance import Ledger
from .funds import Fund
from .notices import Notice
from .profile import Profile
from .rosters import Roster
from .rules import Rule
from .subdistrict import SiteConfig, Subdistrict, belongs_to, implied
from .worklists import WorkList


@dataclass
class Committee:
    slug: str
    profile: Document[Profile]
    # Every kind's records (generator/model/kinds.py), by folder, in the kind's order.
    records: dict[str, list[Document[Any]]] = field(default_factory=dict)
    incomplete: set[str] = field(default_factory=set)  # folders with a file that failed to load
    # The 公开目录 in force: the default of its level with the committee's own files applied.
    catalogue: list[Entry] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.profile.model.display_name

    def of(self, folder: str) -> list[Document[Any]]:
        return self.records.get(folder, [])

    def documents(self) -> Iterator[Document[Any]]:
        """The profile and every record of every kind."""
        yield self.profile
        for docs in self.records.values():
            yield from docs

    def notice(self, slug: str) -> Document[Notice] | None:
        return next((n for n in self.notices if n.slug == slug), None)

    # Typed views of the kinds that code and templates name.
    @property
    def rosters(self) -> list[Document[Roster]]:
        return self.of("rosters")

    @property
    def ledgers(self) -> list[Document[Ledger]]:
        return self.of("finance")

    @property
    def lists(self) -> list[Document[WorkList]]:
        return self.of("lists")

    @property
    def rules(self) -> list[Document[Rule]]:
        return self.of("rules")

    @property
    def notices(self) -> list[Document[Notice]]:
        return self.of("notices")

    @property
    def budgets(self) -> list[Document[Budget]]:
        return self.of("budgets")

    @property
    def funds(self) -> list[Document[Fund]]:
        return self.of("funds")

    @property
    def donations(self) -> list[Document[Donations]]:
        return self.of("donations")

    @property
    def properties(self) -> list[Document[PropertyDisclosure]]:
        return self.of("property")


@dataclass
class Site:
    root: Path
    committees: list[Committee]
    files: list[Path]  # every data file read, for watching and for change summaries
    config: Document[SiteConfig] | None = None  # data/jiedao.yml, when the repository has one
    masked: bool = False  # every record masked (privacy.masking.protect_site): only then may it be published
    _cache: tuple[tuple[str, ...], dict[str, Subdistrict], list[Subdistrict]] | None = field(
        default=None, repr=False, compare=False
    )

    def subdistrict(self, committee: Committee) -> Subdistrict | None:
        """The 街道 or 镇 a committee belongs to (generator/model/subdistrict.py); the same object each time."""
        return self._units().get(committee.slug)

    def _units(self) -> dict[str, Subdistrict]:
        if self.config is None:
            return {}
        key = tuple(c.slug for c in self.committees)
        if self._cache is None or self._cache[0] != key:
            members = [(c.slug, c.profile.model.subdistrict, c.profile.model.level) for c in self.committees]
            listed = belongs_to(members, self.config.model)
            units = list(self.config.model.subdistricts)
            found: dict[str, Subdistrict] = {}
            for c in self.committees:
                if c.slug in listed:
                    found[c.slug] = units[listed[c.slug]]
                    continue
                unit = implied(c.profile.model.subdistrict)
                same = next((u for u in units if unit and u.name == unit.name), None)
                if unit is not None and same is None:
                    units.append(unit)
                found[c.slug] = same or unit  # type: ignore[assignment]
            self._cache = (key, found, units)
        return self._cache[1]

    def subdistricts(self) -> list[Subdistrict]:
        """jiedao.yml's 街道 and 镇, then any other that a committee's profile names."""
        self._units()
        return self._cache[2] if self._cache else []

    @property
    def name(self) -> str | None:
        """The site's name from data/jiedao.yml (None: mkdocs.yml's site_name stands)."""
        return self.config.model.name if self.config else None
