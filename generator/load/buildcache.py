"""The build cache (``.gongkailan/``) as the core sees it: where it is and whether git tracks it.

A build makes the folder and ignores it in git; the plugin package keeps its units there, and
every command may keep the data files' parses there (generator/source/parsecache.py). Nothing
in a folder git tracks is trusted: it would stand for what was built or parsed on this machine.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..source.parsecache import ParseCache

FOLDER = ".gongkailan"
PARSED = "parsed.marshal"


def tracked(root: Path, folder: Path) -> list[str]:
    """The files under ``folder`` that git tracks in the repository at ``root`` (none outside one)."""
    folder = folder.resolve()
    if not folder.is_relative_to(root.resolve()):
        return []
    rel = folder.relative_to(root.resolve()).as_posix()
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", rel], cwd=root, capture_output=True, check=False)
    except OSError:
        return []
    return [p for p in done.stdout.decode("utf-8", errors="replace").split("\0") if p] if done.returncode == 0 else []


def kept_parses(root: Path) -> ParseCache | None:
    """The parses earlier runs kept for ``check``: None when git tracks the cache (``build``
    refuses it with its fix), and None where no build made the folder (a fresh clone, as in CI):
    what is parsed there would not be kept, so it is not packed for keeping either."""
    if not (root / FOLDER).is_dir() or tracked(root, root / FOLDER):
        return None
    return ParseCache(root / FOLDER / PARSED)
