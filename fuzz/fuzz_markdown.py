"""Fuzz the Markdown fields' renderer for a given number of seconds; report executions and findings.

    .venv/bin/python fuzz/fuzz_markdown.py --seconds 60

Inputs mix Chinese text with raw HTML (unclosed <style>, <script>, <math>, <textarea>,
comments, CDATA), Markdown punctuation and personal numbers, rendered the way every
Markdown field from data is (``markdown_block`` and ``markdown_inline``). A finding is an
exception, a Chinese character typed but not shown (text lost without an error), a tag
that could run or hide text, or a personal number left unmasked.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
sys.path.insert(0, str(ROOT / "fuzz"))

from _campaign import run  # noqa: E402
from personal_strategies import lost_characters, markdown_text, personal_value, visible  # noqa: E402

from generator.privacy import masking as privacy  # noqa: E402
from generator.site.markup import markdown_block, markdown_inline  # noqa: E402

_ACTIVE = re.compile(r"<(?:script|style|math|textarea|svg|iframe|img|title|object|embed|form|input)\b|\son\w+=", re.I)
_HREF = re.compile(r"href=\"(?!https?:|mailto:|tel:|#|/|\.)[^\"]*\"", re.I)

texts = st.lists(st.one_of(markdown_text, personal_value), min_size=1, max_size=4).map("".join)


def check(text: str) -> str | None:
    for render in (markdown_block, markdown_inline):
        shown = str(render(text))
        lost = lost_characters(text, visible(shown))
        if lost:
            return f"text lost ({render.__name__}): {''.join(lost.elements())!r} of {text!r} -> {shown!r}"
        active = _ACTIVE.search(shown) or _HREF.search(shown)
        if active:
            return f"active markup ({render.__name__}): {active.group()!r} in {shown!r}"
        left = [f for f in privacy.find_numbers(privacy.normalize(visible(shown)))]
        if left:
            return f"number shown ({render.__name__}): {left[0].kind} in {shown!r}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="运行多少秒")
    parser.add_argument("--findings", type=Path, default=ROOT / "fuzz" / "findings")
    args = parser.parse_args()
    return run("markdown", args.seconds, texts, check, args.findings)


if __name__ == "__main__":
    sys.exit(main())
