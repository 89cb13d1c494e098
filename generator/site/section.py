"""What a section of the site is: the pages and menu entries of one kind of data.

Each data kind (generator/model/kinds.py) has a section in ``generator/site/sections/``;
a kind without one gets ``sections.generic``. Sections receive the renderer through the
small ``Renders`` protocol, so they never import it and the renderer can import them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from .pages import Page

if TYPE_CHECKING:
    from ..load.history import History
    from ..model.committee import Committee
    from ..model.kinds import Kind
    from ..privacy.takedown import Takedown

NavItem = dict[str, Any] | str


@dataclass
class Paths:
    """Source paths of one committee's pages."""

    committee: Committee
    home: str

    def __post_init__(self) -> None:
        self.base = self.committee.slug

    @property
    def about(self) -> str:
        """The committee's 简介 (profile details), one click from its home page."""
        return f"{self.base}/about.md"

    def section(self, name: str) -> str:
        return f"{self.base}/{name}/index.md"

    def record(self, section: str, slug: str) -> str:
        return f"{self.base}/{section}/{slug}.md"


class Renders(Protocol):
    today: date
    single: bool
    takedown: Takedown
    history: History | None

    def render(self, template: str, page: Page, **context: Any) -> Page: ...


class Section:
    """The pages and menu entries of one kind; the defaults show nothing."""

    # True: the menu entries go inside the menu entry shown just before (budgets inside 财务公开).
    nested = False

    def pages(self, r: Renders, p: Paths, kind: Kind) -> list[Page]:
        return []

    def nav(self, p: Paths, kind: Kind) -> list[NavItem]:
        return []


def listed(title: str, p: Paths, folder: str, entries: list[tuple[str, str]]) -> NavItem:
    """A menu entry: the kind's index page, then one line per record (title, slug)."""
    return {title: [p.section(folder), *({name: p.record(folder, slug)} for name, slug in entries)]}
