"""Every failure an editor can meet, as one family, and the collector of data mistakes.

``GongkailanError`` is the base: a message in Chinese and an exit status. It is click's
``ClickException`` (the convention MkDocs itself follows), so the command line prints the
message and exits in one place, click's own handler, without a traceback. The MkDocs plugin
turns the same errors into ``PluginError``. Mistakes in the data are ``DataError`` lines,
gathered by a ``Collector`` and raised together as ``DataErrors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

DATA_SUMMARY = "共发现 {count} 处错误，网站没有生成或更新。请按提示修改后再试。"


class GongkailanError(click.ClickException):
    """A failure explained in Chinese; shown as the message alone, then exit with ``exit_code``."""

    exit_code = 1
    action = ""  # what could not be done, said before the reason (``无法比较:…``)

    def during(self, action: str) -> GongkailanError:
        """The same failure, said as what could not be done."""
        self.action = action
        return self

    def format_message(self) -> str:
        return f"{self.action}:{self.message}" if self.action else self.message

    def show(self, file: IO[Any] | None = None) -> None:
        # No "Error:" prefix in English: the message is a whole Chinese sentence.
        click.echo(self.format_message(), file=file, err=file is None)


class UsageProblem(GongkailanError):
    """A command given a value it cannot use; exit status 2, as click's own usage errors."""

    exit_code = 2


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


class DataErrors(GongkailanError):
    """Raised once validation is over, carrying every error found."""

    def __init__(self, errors: list[DataError], summary: str = DATA_SUMMARY) -> None:
        self.errors = sorted(set(errors))
        self.summary = summary
        super().__init__("\n".join(e.format() for e in self.errors))

    def summarised(self, summary: str) -> DataErrors:
        """The same errors, closed by another summary line (``{count}`` is the number of errors)."""
        return DataErrors(self.errors, summary)

    def report(self) -> str:
        lines = [e.format() for e in self.errors]
        lines.append(self.summary.format(count=len(self.errors)))
        return "\n".join(lines)

    def format_message(self) -> str:
        return self.report()


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
