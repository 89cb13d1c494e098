"""Compiled theme templates kept in memory for every build of this process.

Each MkDocs build makes a new Jinja environment for the theme and compiles Material's
templates again (about a tenth of a small build). A process that builds several units in a row
(generator/mkdocs_plugin/unitbuild.py), or ``gongkailan serve`` rebuilding, compiles each
template once: Jinja's bytecode cache reuses the compiled code of a template whose source is
unchanged (it checks the source's checksum), for environments with the same settings.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_CACHES: dict[tuple[Any, ...], _InMemory] = {}


def _settings(env: Any) -> tuple[Any, ...]:
    """What the compiled code of a template depends on besides its source."""
    return (
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
        repr(env.autoescape),
        tuple(sorted(env.extensions)),
    )


def share(env: Any) -> None:
    """Let ``env`` (a theme's Jinja environment) reuse templates compiled earlier in this process."""
    env.bytecode_cache = _CACHES.setdefault(_settings(env), _InMemory())
