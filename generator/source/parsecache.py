"""The parsed form of each data file, kept by the file's content between runs.

Parsing is most of what loading the data costs (about 0.4 CPU-s of a 12-committee × 5-year
街道's 2,800 files), and after an edit all files but one are as they were. A file whose
SHA-256 is in the cache gets its values and positions back from ``marshal`` (about a tenth of
the parse); any other file is parsed as always. Only a file that parsed without a problem is
kept: a file with a mistake is parsed again, so its error is always reported afresh.

The key covers this package's source (the parsing rules), the Python version (``marshal``'s
format) and PyYAML's version, so a release that parses differently starts afresh. Only the
entries of the last run are kept. A cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .yamlload import Located


class ParseCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[bytes, bytes] = {}
        self.used: dict[bytes, bytes] = {}
        self.changed = False
        try:
            stored = marshal.loads(path.read_bytes())
            if isinstance(stored, dict) and stored.get("code") == _rules_digest():
                self.known = stored["entries"]
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            pass

    def get(self, raw: bytes) -> tuple[bytes, Located | None]:
        """The file's digest, and its parsed form when kept."""
        digest = hashlib.sha256(raw).digest()
        packed = self.known.get(digest)
        if packed is None:
            return digest, None
        try:
            located = _unpack(marshal.loads(packed))
        except (ValueError, EOFError, TypeError):
            return digest, None
        self.used[digest] = packed
        return digest, located

    def put(self, digest: bytes, located: Located) -> None:
        # Packed now, before any caller could change the parsed values.
        self.used[digest] = marshal.dumps(_pack(located))
        self.changed = True

    def save(self) -> None:
        """Write the entries this run used; ``path``'s folder must exist (the build cache's)."""
        if not (self.changed or len(self.used) != len(self.known)) or not self.path.parent.is_dir():
            return
        # A name of its own for each writer: two builds saving at once never mix their bytes.
        partial = None
        try:
            fd, name = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".part", dir=self.path.parent)
            partial = Path(name)
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps({"code": _rules_digest(), "entries": self.used}))
            partial.replace(self.path)
        except OSError:
            if partial is not None:
                partial.unlink(missing_ok=True)


def _pack(located: Located) -> tuple[Any, ...]:
    return (
        located.data,
        tuple(located.marks),
        tuple(tuple(m) for m in located.marks.values()),
        tuple(located.key_marks),
        tuple(tuple(m) for m in located.key_marks.values()),
        tuple(located.flow),
    )


def _unpack(packed: tuple[Any, ...]) -> Located:
    data, mark_keys, mark_values, key_keys, key_values, flow = packed
    # Positions stay plain pairs: Located.mark makes a Mark of the few that are asked for.
    return Located(
        data,
        dict(zip(mark_keys, mark_values, strict=True)),
        dict(zip(key_keys, key_values, strict=True)),
        set(flow),
    )


@functools.cache
def _rules_digest() -> str:
    digest = hashlib.sha256(f"{sys.version}\0{yaml.__version__}\0".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()
