"""A committee's loaded records and the whole site: what every later layer reads.

``generator/load/repository.py`` fills them from data/; nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..source.document import Document
from .budgets import Budget
from .disclosures import Donations, PropertyDisclosure
from .finance import Ledger
from .funds import Fund
from .notices import Notice
from .profile import Profile
from .rosters import Roster
from .rules import Rule
from .worklists import WorkList


@dataclass
class Committee:
    slug: str
    profile: Document[Profile]
    rosters: list[Document[Roster]] = field(default_factory=list)
    ledgers: list[Document[Ledger]] = field(default_factory=list)
    lists: list[Document[WorkList]] = field(default_factory=list)
    rules: list[Document[Rule]] = field(default_factory=list)
    notices: list[Document[Notice]] = field(default_factory=list)
    budgets: list[Document[Budget]] = field(default_factory=list)
    funds: list[Document[Fund]] = field(default_factory=list)
    donations: list[Document[Donations]] = field(default_factory=list)
    properties: list[Document[PropertyDisclosure]] = field(default_factory=list)
    incomplete: set[str] = field(default_factory=set)  # folders with a file that failed to load

    @property
    def name(self) -> str:
        return self.profile.model.display_name

    def notice(self, slug: str) -> Document[Notice] | None:
        return next((n for n in self.notices if n.slug == slug), None)


@dataclass
class Site:
    root: Path
    committees: list[Committee]
    files: list[Path]  # every data file read, for watching and for change summaries
