"""Chinese numerals for article numbers (第二十一条)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (for n < 10000)."""
    if not 0 < n < 10000:
        return str(n)
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out = ""
    zero = False
    for value, unit in units:
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[digit] + unit
        elif out:
            zero = True
    if out.startswith("一十"):
        out = out[1:]
    return out
