"""The one error type for user mistakes, and the collector that gathers them all."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class DataError:
    """A mistake in the committee's data, located in a file and explained in Chinese."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    field_path: str = field(default="", compare=False)

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        if self.hint:
            text += f"。{self.hint}" if not self.message.endswith(("。", ":", ":")) else self.hint
        return " ".join(text.split("\n"))


class DataErrors(Exception):
    """Raised once validation is over, carrying every error found."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = sorted(set(errors))
        super().__init__("\n".join(e.format() for e in self.errors))

    def report(self) -> str:
        lines = [e.format() for e in self.errors]
        lines.append(f"共发现 {len(self.errors)} 处错误，网站没有生成或更新。请按提示修改后再试。")
        return "\n".join(lines)


class Collector:
    """Gathers errors across files so that one run reports every mistake."""

    def __init__(self) -> None:
        self.errors: list[DataError] = []

    def add(self, path: str | Path, line: int, column: int, message: str, hint: str = "", field_path: str = "") -> None:
        self.errors.append(DataError(str(path), line, column, message, hint, field_path))

    def extend(self, errors: list[DataError]) -> None:
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise DataErrors(self.errors)
