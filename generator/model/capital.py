"""Amounts in Chinese capital numerals (大写), as written on vouchers and cheques.

Follows the People's Bank of China rules for filling in 票据 (《支付结算办法》附件一):
``壹拾`` is written out in full, one ``零`` stands for any run of zeros inside the number,
``零`` is written after ``元`` when the 元 digit is zero (or the 角 digit is zero) and smaller
units follow, ``整`` closes an amount that ends at 元 (or at 角; never after 分).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")
LIMIT = Decimal("999999999999.99")


def _group(value: int) -> str:
    """0 < value < 10000 -> 壹仟零伍 etc. (zeros inside collapse to one 零, trailing zeros dropped)."""
    out = ""
    zero = False
    for power in range(3, -1, -1):
        digit = value // 10**power % 10
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + _SMALL[power]
            zero = False
        else:
            zero = True
    return out


def _integer(value: int) -> str:
    if value == 0:
        return ""
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    out = ""
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(out)
            continue
        # A zero is needed when a higher group was written and this group does not fill its
        # thousands place (壹万零伍拾), or when a whole group of zeros lies between (壹亿零壹拾).
        if out and (pending_zero or group < 1000):
            out += "零"
        out += _group(group) + _GROUPS[index]
        pending_zero = False
    return out


def capital(amount: Decimal) -> str:
    """Decimal('1234.56') -> 壹仟贰佰叁拾肆元伍角陆分; amounts up to 9999亿 (to the fen)."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "负" if value < 0 else ""
    value = abs(value)
    if value > LIMIT:
        raise ValueError(f"金额 {value} 超出大写范围（最多到千亿）")
    fen_total = int(value * 100)
    whole, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)
    head = _integer(whole)
    if not head and not cents:
        return "零元整"
    out = sign
    if head:
        out += head + "元"
    if not cents:
        return out + "整"
    if head and (whole % 10 == 0 or jiao == 0):
        out += "零"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen:
        out += _DIGITS[fen] + "分"
    return out
