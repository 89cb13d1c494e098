"""One section per data kind: its pages and its menu entries (a kind not listed gets plain pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..section import Section
from .budgets import Budgets
from .catalogue import Catalogue
from .donations import Donations
from .finance import Finance
from .funds import Funds
from .generic import Generic
from .lists import Lists
from .notices import Notices
from .property import Property
from .rosters import Rosters
from .rules import Rules

if TYPE_CHECKING:
    from ...model.kinds import Kind

SECTIONS: dict[str, Section] = {
    "rosters": Rosters(),
    "finance": Finance(),
    "budgets": Budgets(),
    "funds": Funds(),
    "donations": Donations(),
    "property": Property(),
    "lists": Lists(),
    "rules": Rules(),
    "notices": Notices(),
    "catalogue": Catalogue(),
}


def section_for(kind: Kind) -> Section:
    return SECTIONS.get(kind.folder) or Generic()
