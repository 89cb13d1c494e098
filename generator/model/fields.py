"""Value types shared by every data kind: exact money, real dates, periods, flags.

Each parser takes the string the YAML loader produced and either returns a typed value or
raises a ``PydanticCustomError`` whose message and hint are in Chinese. No value passes
through float, and nothing is guessed: ``12,00`` and ``2026-02-30`` are errors.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError


def user_error(message: str, hint: str = "") -> PydanticCustomError:
    """An error whose text is shown to the editor as it is."""
    return PydanticCustomError("gkl", "{message}", {"message": message, "hint": hint})


# re.ASCII: ``\d`` would otherwise match full-width and other scripts' digits, and
# Decimal("０１２") is 12 — a value nobody typed on purpose.
_MONEY = re.compile(r"-?\d+(\.\d+)?", re.ASCII)
_THOUSANDS = re.compile(r"-?\d{1,3}([,\uff0c]\d{3})+(\.\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"-?\d+[,\uff0c]\d{1,2}", re.ASCII)
# What a Chinese input method types in full-width mode: ０-９ ． － ＋ ／ Ｑ and the full-width space.
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff0e\uff0d\uff0b\uff0f\uff31\uff51\u3000]")
_TO_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def full_width_problem(text: str, what: str) -> tuple[str, str] | None:
    """Message and hint when ``text`` (a number, a date) was typed with full-width characters."""
    found = _FULL_WIDTH.search(text)
    if found is None:
        return None
    char = found.group()
    shown = "全角空格" if char == "\u3000" else f"全角字符“{char}”"
    fixed = text.translate(_TO_HALF_WIDTH).strip()
    return (
        f"{what}“{text}”里有{shown}（中文输入法的全角状态打出的）",
        f"请把输入法切换到半角（英文）状态后重新输入，写成 {fixed}",
    )


def _refuse_full_width(text: str, what: str) -> None:
    problem = full_width_problem(text, what)
    if problem is not None:
        raise user_error(*problem)


_CURRENCY = re.compile(r"^(?:[¥\uffe5]|RMB|CNY)\s*|\s*元$", re.IGNORECASE)


def parse_money(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if value is None:
        raise user_error("金额没有填写", "请在冒号后面写上金额，例如 1200.00")
    if not isinstance(value, str) or not value.strip():
        raise user_error("金额应该是一个数字", "例如 1200 或 1200.50")
    text = value.strip()
    _refuse_full_width(text, "金额")
    if not _MONEY.fullmatch(text):
        bare = _CURRENCY.sub("", text)
        if bare != text:
            example = bare if _MONEY.fullmatch(bare) else "1200.00"
            raise user_error(f"金额“{text}”里有货币符号或“元”字", f"只写数字，例如 {example}")
        if _THOUSANDS.fullmatch(text):
            plain = re.sub("[,\uff0c]", "", text)
            raise user_error(f"金额“{text}”里有逗号", f"不要用逗号分隔千位，写成 {plain}")
        if _DECIMAL_COMMA.fullmatch(text):
            dotted = re.sub("[,\uff0c]", ".", text)
            raise user_error(f"金额“{text}”里有逗号", f"小数点要用英文句点“.”，写成 {dotted}")
        if "," in text or "\uff0c" in text:
            raise user_error(f"金额“{text}”里有逗号", "金额只写数字和小数点，不要用逗号，例如 1200.00")
        raise user_error(f"“{text}”不是有效的金额", "金额只写数字和小数点，例如 1200 或 1200.50")
    amount = Decimal(text)
    if amount.adjusted() >= 12:  # a trillion yuan is a typo, and past what quantize() can hold
        raise user_error(f"金额“{text}”太大了", "请核对位数：金额以元为单位，例如 1200.50")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise user_error(f"金额“{text}”超过两位小数", "金额精确到分，最多两位小数，例如 12.35")
    return amount.quantize(Decimal("0.01"))


def parse_positive_money(value: Any) -> Decimal:
    amount = parse_money(value)
    if amount <= 0:
        raise user_error(f"金额“{value}”必须大于零", "收入、支出都写正数；支出放在 expense 列表里即可")
    return amount


def parse_gift_money(value: Any) -> Decimal:
    amount = parse_money(value)
    if amount <= 0:
        raise user_error(
            f"捐赠金额“{value}”必须大于零", "现金写收到的金额，物资写折合金额，都是正数；不知道折合金额就删去这一行"
        )
    return amount


# A year outside this span is a typo (0000, 20026); it would also overflow Python's dates.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _check_year(year: int, text: str, what: str, example: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise user_error(
            f"{what}“{text}”的年份 {year} 不对", f"年份写四位数，在 {FIRST_YEAR} 到 {LAST_YEAR} 之间，例如 {example}"
        )


_CHINESE_DIGITS = "〇一二三四五六七八九零"  # 零 is 10 % 10 == 0


def parse_year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
    else:
        raise user_error("年度没有填写", "写四位数的年份，例如 2026")
    _refuse_full_width(text, "年度")
    if not re.fullmatch(r"[0-9]{4}", text):
        spelled = text.removesuffix("年")
        if spelled and all(char in _CHINESE_DIGITS for char in spelled):
            digits = "".join(str(_CHINESE_DIGITS.index(char) % 10) for char in spelled)
            raise user_error(f"“{text}”不是有效的年度", f"年份用阿拉伯数字写，写成 {digits}")
        raise user_error(f"“{text}”不是有效的年度", "写四位数的年份，例如 2026；不要加“年”字")
    _check_year(int(text), text, "年度", "2026")
    return int(text)


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
# Dates as people write them by hand: 2026/3/5, 2026.03.05, 2026年3月5日.
_LOOSE_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?", re.ASCII)


def parse_day(value: Any) -> date:
    if isinstance(value, date):
        return value
    if value is None:
        raise user_error("日期没有填写", "请在冒号后面写上日期，例如 2026-03-15")
    if not isinstance(value, str):
        raise user_error("日期应该写成 年-月-日", "例如 2026-03-15")
    text = value.strip()
    _refuse_full_width(text, "日期")
    match = _DATE.fullmatch(text)
    if not match:
        loose = _LOOSE_DATE.fullmatch(text)
        if loose:
            year, month, day = (int(g) for g in loose.groups())
            hint = f"日期写成 年-月-日，用“-”连接：应写成 {year:04d}-{month:02d}-{day:02d}"
        else:
            hint = "日期写成 年-月-日，例如 2026-03-15"
        raise user_error(f"“{text}”不是有效的日期格式", hint)
    year, month, day = (int(g) for g in match.groups())
    _check_year(year, text, "日期", "2026-03-15")
    if not 1 <= month <= 12:
        raise user_error(f"日期“{text}”的月份 {month} 不存在", "月份是 1 到 12")
    last = month_end(year, month).day
    if not 1 <= day <= last:
        raise user_error(f"日期“{text}”不存在：{year}年{month}月只有 {last} 天", "请核对日期")
    return date(year, month, day)


_FLAGS = {"是": True, "否": False, "true": True, "false": False, "yes": True, "no": False}


def parse_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _FLAGS:
        return _FLAGS[value.strip().lower()]
    if value is None:
        raise user_error("没有填写“是”或“否”", "这里只能写 是 或 否；不写这一行时按“否”处理")
    raise user_error(f"“{value}”不是“是”或“否”", "这里只能写 是 或 否")


_QUARTERS = "一二三四"


@functools.cache
def month_end(year: int, month: int) -> date:
    """The last day of a month (each accounts period and 公开目录 deadline asks for it, thousands
    of times in a 街道's check)."""
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    """An accounting period: one month (``2026-03``) or one quarter (``2026-Q1``)."""

    year: int
    first_month: int
    months: int  # 1 or 3

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        last_month = self.first_month + self.months - 1
        return month_end(self.year, last_month)

    @property
    def key(self) -> str:
        if self.months == 3:
            return f"{self.year}-Q{(self.first_month - 1) // 3 + 1}"
        return f"{self.year}-{self.first_month:02d}"

    @property
    def label(self) -> str:
        if self.months == 3:
            return f"{self.year}年第{_QUARTERS[(self.first_month - 1) // 3]}季度"
        return f"{self.year}年{self.first_month}月"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def of_day(self, day: date) -> Period:
        """The period of this length (month or quarter) that ``day`` falls in."""
        if self.months == 3:
            return Period(day.year, (day.month - 1) // 3 * 3 + 1, 3)
        return Period(day.year, day.month, 1)

    def following(self) -> Period:
        after = self.end + timedelta(days=1)
        return Period(after.year, after.month, self.months)

    def __str__(self) -> str:
        return self.key


_PERIOD = re.compile(r"(\d{4})-(?:(\d{1,2})|[Qq]([1-4]))", re.ASCII)
_LOOSE_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?", re.ASCII)
_LOOSE_QUARTER = re.compile(r"(\d{4})\s*(?:年?\s*第|[-\s]?[Qq]|年)\s*([1-4一二三四])\s*(?:季度?)?", re.ASCII)


def parse_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if value is None:
        raise user_error("账期没有填写", "按月写 2026-03，按季度写 2026-Q1")
    text = value.strip() if isinstance(value, str) else ""
    _refuse_full_width(text, "账期")
    match = _PERIOD.fullmatch(text)
    if not match:
        hint = "按月写 2026-03，按季度写 2026-Q1"
        as_month = _LOOSE_MONTH.fullmatch(text)
        as_quarter = _LOOSE_QUARTER.fullmatch(text)
        if as_month and 1 <= int(as_month.group(2)) <= 12:
            hint = f"应写成 {as_month.group(1)}-{int(as_month.group(2)):02d}"
        elif as_quarter:
            number = as_quarter.group(2)
            hint = f"应写成 {as_quarter.group(1)}-Q{_QUARTERS.index(number) + 1 if number in _QUARTERS else number}"
        raise user_error(f"“{text or value}”不是有效的账期", hint)
    year = int(match.group(1))
    _check_year(year, text, "账期", "2026-03")
    if match.group(3):
        return Period(year, (int(match.group(3)) - 1) * 3 + 1, 3)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise user_error(f"账期“{text}”的月份 {month} 不存在", "月份是 1 到 12，例如 2026-03")
    return Period(year, month, 1)


_MONEY_SCHEMA = {"type": ["string", "number"], "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["1200.00"]}

Money = Annotated[
    Decimal,
    BeforeValidator(parse_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema(_MONEY_SCHEMA),
]
PositiveMoney = Annotated[
    Decimal,
    BeforeValidator(parse_positive_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema(_MONEY_SCHEMA),
]
GiftMoney = Annotated[
    Decimal,
    BeforeValidator(parse_gift_money),
    PlainSerializer(lambda d: f"{d:.2f}", return_type=str),
    WithJsonSchema(_MONEY_SCHEMA),
]
Year = Annotated[
    int,
    BeforeValidator(parse_year),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{4}$", "examples": ["2026"]}),
]
Day = Annotated[
    date,
    BeforeValidator(parse_day),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-03-15"]}),
]
Flag = Annotated[bool, BeforeValidator(parse_flag), WithJsonSchema({"enum": ["是", "否"]})]
PeriodField = Annotated[
    Period,
    BeforeValidator(parse_period),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-(0?[1-9]|1[0-2]|Q[1-4])$", "examples": ["2026-03"]}),
]
