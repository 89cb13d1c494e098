"""Publishing in traditional characters (繁體, ``language: zh-Hant``) with OpenCC.

``opencc`` is the maintained C++ library itself; it replaced the pure-Python reimplementation,
with identical pages and a much shorter build (bench/hant_bench.py).

Data and hand-written pages are kept in simplified characters; the conversion happens on each
finished HTML page, so generated text, hand-written pages, navigation, the site name and the
theme's own words are all converted alike. Markup, addresses and numbers are ASCII and pass
through unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


@functools.cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return str(_converter().convert(text))


def converter_for(language: str) -> Callable[[str], str] | None:
    """The text conversion a site in ``language`` needs, or None for simplified Chinese."""
    return to_traditional if language == "zh-Hant" else None
