"""One loaded data file: where it is, its positions, and its validated model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ..errors import Collector
from .yamlload import Located

T = TypeVar("T")


@dataclass
class Document(Generic[T]):
    path: str  # as the editor knows it, relative to the project root
    slug: str  # file name without .yml: the page's address
    located: Located
    model: T

    def error(
        self, errors: Collector, loc: tuple[Any, ...], message: str, hint: str = "", *, key: bool = False
    ) -> None:
        mark = self.located.key_mark(loc) if key else self.located.mark(loc)
        errors.add(self.path, mark.line, mark.column, message, hint, ".".join(map(str, loc)))

    def check_reference(
        self,
        errors: Collector,
        loc: tuple[Any, ...],
        target: str | None,
        known: set[str],
        what: str = "决议公告",
        where: str = "notices/ 里公告",
    ) -> None:
        """A field naming another record by its file name: that record must exist."""
        if target and target not in known:
            key = next(part for part in reversed(loc) if isinstance(part, str))
            self.error(errors, loc, f"找不到{what}“{target}”", f"{key} 写 {where}的文件名（不含 .yml）")
