"""The build's idea of today, fixed by SOURCE_DATE_EPOCH so that builds reproduce."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()
