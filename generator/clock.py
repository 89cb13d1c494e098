"""The build's idea of today: ``--as-of`` first, then SOURCE_DATE_EPOCH, so that builds reproduce.

``gongkailan build --as-of 2026-11-20`` (and check, posters) puts the date in
``GONGKAILAN_AS_OF``: the environment reaches the MkDocs plugin, which may run in the same
process or under plain ``mkdocs build``, without a second channel. It wins over
SOURCE_DATE_EPOCH, which CI sets to the commit day for reproducible builds: a build "as of"
a given day is then as reproducible as any other.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

AS_OF = "GONGKAILAN_AS_OF"


class BadDate(ValueError):
    pass


def parse_as_of(value: str) -> date:
    """A date written as 年-月-日 (2026-11-20); anything else is a Chinese error."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        day = None
    if day is None or len(value.strip()) != 10:
        raise BadDate(f"“{value}”不是日期。请写成 年-月-日，例如 --as-of 2026-11-20")
    return day


def today() -> date:
    as_of = os.environ.get(AS_OF)
    if as_of:
        return parse_as_of(as_of)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
