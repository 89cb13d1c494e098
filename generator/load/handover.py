"""Data loaded once per run: ``gongkailan build`` checks the data, then MkDocs' plugin reuses it.

The command line loads and validates everything before it starts MkDocs (so that a mistake
is reported without MkDocs' noise); inside the same process the plugin then takes the
validated site from here instead of reading every file a second time. ``take`` removes
the entry, so ``mkdocs serve`` and any second build read the files afresh.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_HANDED: dict[Path, dict[str, Any]] = {}


@contextmanager
def handing_over(data_dir: Path, **loaded: Any) -> Iterator[None]:
    """Offer ``loaded`` (``site=…``, ``style=…``) to whoever builds ``data_dir`` inside this block."""
    key = data_dir.resolve()
    _HANDED[key] = dict(loaded)
    try:
        yield
    finally:
        _HANDED.pop(key, None)


def take(data_dir: Path, name: str) -> Any:
    """What was handed over for ``data_dir`` under ``name``, once; None if nothing was."""
    return _HANDED.get(data_dir.resolve(), {}).pop(name, None)
