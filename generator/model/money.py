"""How money is shown to residents."""

from __future__ import annotations

from decimal import Decimal


def yuan(amount: Decimal) -> str:
    """¥1,234.56 — exact, with a minus sign before the symbol for negatives."""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
