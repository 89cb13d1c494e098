"""大写金额 as the bank rules write them: zeros, 整, and amounts up to 亿."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.model.capital import capital
from generator.site.templates import net_words

CASES = [
    ("0.05", "伍分"),
    ("0.50", "伍角"),
    ("0.00", "零元整"),
    ("10.00", "壹拾元整"),
    ("15.00", "壹拾伍元整"),
    ("20.30", "贰拾元零叁角"),
    ("100.05", "壹佰元零伍分"),
    ("1004.00", "壹仟零肆元整"),
    ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("10010.00", "壹万零壹拾元整"),
    ("100000.10", "壹拾万元零壹角"),
    ("100100.00", "壹拾万零壹佰元整"),
    ("105000.00", "壹拾万伍仟元整"),
    ("469161.29", "肆拾陆万玖仟壹佰陆拾壹元贰角玖分"),
    ("100000000.00", "壹亿元整"),
    ("100000001.00", "壹亿零壹元整"),
    ("100010000.00", "壹亿零壹万元整"),
    ("110000000.00", "壹亿壹仟万元整"),
    ("1000000000.01", "壹拾亿元零壹分"),
    ("1010101010.10", "壹拾亿壹仟零壹拾万壹仟零壹拾元零壹角"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("-5.50", "负伍元伍角"),
]


@pytest.mark.parametrize(("amount", "words"), CASES)
def test_capital(amount: str, words: str) -> None:
    assert capital(Decimal(amount)) == words


def test_beyond_the_largest_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="超出大写范围"):
        capital(Decimal("1000000000000.00"))


def test_plain_language_net() -> None:
    assert net_words(Decimal("23165.47")) == "收支相抵结余 23,165.47 元"
    assert net_words(Decimal("-1.00")) == "支出多于收入 1.00 元"
    assert net_words(Decimal("0.00")) == "收支相抵为零"
