"""Compiled templates kept for every build of this process, and on disk for the next builds.

Each MkDocs build makes a new Jinja environment for the theme and compiles Material's
templates again (about a tenth of a small build). A process that builds several units in a row
(generator/mkdocs_plugin/unitbuild.py), or ``gongkailan serve`` rebuilding, compiles each
template once: Jinja's bytecode cache reuses the compiled code of a template whose source is
unchanged (it checks the source's checksum), for environments with the same settings.

``gongkailan build`` also keeps the compiled code in the project's cache (``persist``), for the
theme's templates and the page templates alike: a one-ledger rebuild then compiles none of the
seventy-odd templates it renders (about a second of CPU, whatever the size of the site). Jinja
checks every entry's source checksum and the Python version it was made by, and the folder's
name holds the Jinja version and the environment's settings; an unreadable entry is compiled
again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

_FOLDER: Path | None = None  # set by ``persist``


class _Kept(BytecodeCache):
    def __init__(self, tag: str) -> None:
        self._code: dict[str, bytes] = {}
        self._tag = tag

    def _file(self, key: str) -> Path | None:
        return None if _FOLDER is None else _FOLDER / f"{self._tag}-{key}"

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        kept = self._file(bucket.key)
        if code is None and kept is not None:
            try:
                code = self._code[bucket.key] = kept.read_bytes()
            except OSError:
                code = None
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        kept = self._file(bucket.key)
        if kept is None:
            return
        try:  # whole or not at all: another process may read it meanwhile
            handle, temporary = tempfile.mkstemp(dir=kept.parent, prefix=".new-")
            with os.fdopen(handle, "wb") as out:
                out.write(code)
            os.replace(temporary, kept)
        except OSError:
            pass  # a cache that cannot be written costs time only


_CACHES: dict[tuple[Any, ...], _Kept] = {}


def _name(value: Any) -> str:
    """A setting as text that is the same in every process (functions by name, not address)."""
    return getattr(value, "__qualname__", None) or repr(value)


def _settings(env: Any) -> tuple[Any, ...]:
    """What the compiled code of a template depends on besides its source."""
    return (
        jinja2.__version__,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        _name(env.autoescape),
        _name(env.finalize),
        tuple(sorted(env.extensions)),
    )


def share(env: Any) -> None:
    """Let ``env`` (a Jinja environment) reuse templates compiled earlier (in this process, or kept)."""
    settings = _settings(env)
    if settings not in _CACHES:
        _CACHES[settings] = _Kept(hashlib.sha256(repr(settings).encode()).hexdigest()[:16])
    env.bytecode_cache = _CACHES[settings]


def persist(folder: Path) -> None:
    """Keep compiled templates in ``folder`` (the project's build cache) too, the page templates' among them."""
    global _FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    _FOLDER = folder
    from ..site.templates import ENV

    share(ENV)
