"""Fuzz the personal-data masker for a given number of seconds; report executions and findings.

    .venv/bin/python fuzz/fuzz_privacy.py --seconds 60

Inputs mix personal values in every notation (ID numbers valid, mistyped, 15-digit, spaced;
mobiles with +86, dots, dashes, zero-width spaces, glued to other digits; landlines; bank
cards; home addresses) with ordinary text (dates, amounts, organisation codes, "3幢2单元楼道灯").
A finding is a masking that is not idempotent, that leaves a run of 7 or more digits of a
value it recognised, that leaves a recognisable number or address behind, or that changes
text without digits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "fuzz")]

from _campaign import run  # noqa: E402
from personal_strategies import cjk, leftover_digits, personal_text  # noqa: E402

from generator.privacy import masking as privacy  # noqa: E402

PUBLIC = frozenset({"057186901234"})
no_digits = st.text(st.one_of(cjk, st.characters(max_codepoint=0x2FFF)), max_size=40).filter(
    lambda s: not any(ch.isdigit() for ch in s)
)


def check(case: tuple[str, str]) -> str | None:
    text, plain = case
    once = privacy.mask_text(text, PUBLIC)
    if privacy.mask_text(once, PUBLIC) != once:
        return f"not idempotent: {once!r}"
    left = leftover_digits(text, once, PUBLIC)
    if left:
        return f"digits left: {left[0]} in {once!r}"
    remaining = [f for f in privacy.find_numbers(privacy.normalize(once)) if not privacy.is_public(f, PUBLIC)]
    if remaining:
        return f"number left: {remaining[0].kind} in {once!r}"
    homes = privacy.mask_home_addresses(once)
    if list(privacy.find_addresses(homes)) or privacy.mask_home_addresses(homes) != homes:
        return f"address left: {homes!r}"
    if privacy.mask_text(plain) != plain:
        return f"text without digits changed: {plain!r}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="运行多少秒")
    parser.add_argument("--findings", type=Path, default=ROOT / "fuzz" / "findings")
    args = parser.parse_args()
    return run("privacy", args.seconds, st.tuples(personal_text, no_digits), check, args.findings)


if __name__ == "__main__":
    sys.exit(main())
