"""``gongkailan import``: a ledger kept in Excel (.xlsx, .xls), LibreOffice/WPS (.ods) or CSV becomes a period YAML file.

Committees keep their 流水账 in a spreadsheet: a title row or two, then a header row with
日期、摘要、类别、金额 (or 收入、支出 in two columns), sometimes an 期初余额/上期结转 row and
合计 rows. Every row that cannot be read becomes an error naming the row, the column
(as Excel shows it: E 列) and the reason; nothing is written until every row reads. The
file written is checked with the same rules as ``gongkailan check``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from ..errors import Collector, DataErrors
from ..model.fields import Period, parse_day, parse_money, parse_period, user_error

# Header words people use, mapped to the ledger's keys.
HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "date", "记账日期", "发生日期"),
    "side": ("收支", "收/支", "收支类型", "方向", "side"),
    "summary": ("摘要", "summary", "事由", "内容", "说明"),
    "category": ("类别", "category", "科目", "收支类别", "项目"),
    "amount": ("金额", "amount", "金额（元）", "金额（元）"),
    "income": ("收入", "收入金额", "收入（元）", "收入（元）", "借方", "income"),
    "expense": ("支出", "支出金额", "支出（元）", "支出（元）", "贷方", "expense"),
    "balance": ("余额", "结余", "balance"),
    "voucher": ("凭证号", "凭证", "凭证编号", "voucher"),
    "fund": ("资金来源", "资金", "专项资金", "fund"),
    "resolution": ("批准决议", "决议", "resolution"),
    "note": ("备注", "note"),
}
SIDES = {"收入": "income", "收": "income", "income": "income", "支出": "expense", "支": "expense", "expense": "expense"}
OPENING_WORDS = ("期初余额", "上期结转", "上月结转", "上季度结转", "承前页", "期初")
SKIP_WORDS = ("合计", "小计", "总计", "本月合计", "本期合计", "期末余额", "过次页")


def _said(exc: PydanticCustomError) -> tuple[str, str]:
    """The Chinese message and hint a field parser raised."""
    context = exc.context or {}
    return str(context.get("message", exc.message())), str(context.get("hint", ""))


def _column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: columns as Excel names them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _norm(value: Any) -> str:
    return re.sub(r"\s+", "", str(value)).lower() if value is not None else ""


@dataclass
class Imported:
    period: Period
    opening: Decimal
    income: list[dict[str, str]] = field(default_factory=list)
    expense: list[dict[str, str]] = field(default_factory=list)
    closing_in_sheet: Decimal | None = None

    @property
    def closing(self) -> Decimal:
        total_in = sum((Decimal(r["amount"]) for r in self.income), Decimal("0.00"))
        total_out = sum((Decimal(r["amount"]) for r in self.expense), Decimal("0.00"))
        return self.opening + total_in - total_out


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")  # python-calamine reads all of them


class NoSuchSheet(Exception):
    """--sheet names a sheet the workbook does not have (said in Chinese)."""


def read_rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    """All rows of the first (or named) sheet, or of a CSV file, as lists of cell values."""
    if path.suffix.lower() in SPREADSHEETS:
        from python_calamine import CalamineWorkbook

        # Calamine reads the values Excel or LibreOffice last computed, not the formulas.
        book = CalamineWorkbook.from_path(str(path))
        if sheet is not None and sheet not in book.sheet_names:
            raise NoSuchSheet(f"没有名为“{sheet}”的工作表；这个文件里有：{'、'.join(book.sheet_names)}")
        ws = book.get_sheet_by_name(sheet) if sheet is not None else book.get_sheet_by_index(0)
        # An empty cell comes back as "": make it None, as an absent value is everywhere else.
        return [[None if cell == "" else cell for cell in row] for row in ws.to_python(skip_empty_area=False)]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        text = raw.decode("utf-8", errors="replace")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _find_header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    lookup = {_norm(word): key for key, words in HEADERS.items() for word in words}
    for number, row in enumerate(rows[:15]):
        columns: dict[str, int] = {}
        for index, cell in enumerate(row):
            key = lookup.get(_norm(cell))
            if key and key not in columns:
                columns[key] = index
        if "date" in columns and "summary" in columns:
            return number, columns
    return None


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise user_error(f"“{value}”不是金额", "金额只写数字，例如 1200.50")
    if isinstance(value, int):
        return Decimal(value).quantize(Decimal("0.01"))
    if isinstance(value, float):
        # Excel stores numbers as binary floats; the shortest repr is what the cell shows.
        try:
            exact = Decimal(repr(value))
        except InvalidOperation:
            raise user_error(f"“{value}”不是金额", "金额只写数字，例如 1200.50") from None
        if exact != exact.quantize(Decimal("0.01")):
            raise user_error(f"金额“{value}”超过两位小数", "金额精确到分：在 Excel 里用 ROUND(…, 2) 或改成两位小数")
        return exact.quantize(Decimal("0.01"))
    return parse_money(str(value).strip())


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        raise user_error(f"“{value}”不是日期", "日期写成 2026-03-15，或把这一列设成 Excel 的日期格式")
    return parse_day(str(value).strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def convert(
    rows: list[list[Any]],
    shown: str,
    errors: Collector,
    *,
    period: Period | None = None,
    opening: Decimal | None = None,
) -> Imported | None:
    """Read the ledger rows; every unreadable row adds an error. None when anything failed."""
    found = _find_header(rows)
    if found is None:
        errors.add(
            shown,
            1,
            1,
            "找不到表头：前 15 行里没有同时写着“日期”和“摘要”的一行",
            "表头写：日期、摘要、类别、金额、收支（或 收入、支出 两列）、凭证号、资金来源、批准决议、备注",
        )
        return None
    header_row, columns = found
    two_columns = "income" in columns or "expense" in columns
    missing = [word for key, word in (("category", "类别"),) if key not in columns]
    if not two_columns and "amount" not in columns:
        missing.append("金额（或 收入、支出 两列）")
    if not two_columns and "side" not in columns:
        missing.append("收支")
    if missing:
        errors.add(
            shown, header_row + 1, 1, f"第 {header_row + 1} 行的表头缺少：{'、'.join(missing)}", "在表头加上这些列"
        )
        return None
    headers = {index: _text(rows[header_row][index]) for index in columns.values()}
    lines: list[tuple[int, str, dict[str, Any]]] = []
    sheet_opening: Decimal | None = None
    sheet_closing: Decimal | None = None
    before = len(errors.errors)

    def cell(row: list[Any], key: str) -> Any:
        index = columns.get(key)
        if index is None or index >= len(row):
            return None
        value = row[index]
        return None if isinstance(value, str) and not value.strip() else value

    def fail(number: int, key: str, message: str, hint: str = "") -> None:
        index = columns.get(key, 0)
        where = f"第 {number} 行 {_column_letter(index)} 列（{headers.get(index, key)}）"
        errors.add(shown, number, index + 1, f"{where}：{message}", hint)

    for offset, row in enumerate(rows[header_row + 1 :]):
        number = header_row + 2 + offset  # the row number Excel shows
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        summary = _text(cell(row, "summary"))
        if any(word in summary for word in OPENING_WORDS) or any(word in summary for word in SKIP_WORDS):
            amount_cell = cell(row, "balance")
            if amount_cell is None:
                amount_cell = cell(row, "amount")
            if amount_cell is not None and (summary.startswith(OPENING_WORDS) or "期末余额" in summary):
                try:
                    stated = _money(amount_cell)
                except PydanticCustomError as exc:
                    fail(number, "balance" if "balance" in columns else "amount", _said(exc)[0])
                    continue
                if summary.startswith(OPENING_WORDS):
                    sheet_opening = stated
                else:
                    sheet_closing = stated
            continue
        line: dict[str, Any] = {}
        ok = True
        try:
            line["date"] = _day(cell(row, "date"))
        except PydanticCustomError as exc:
            fail(number, "date", *_said(exc))
            ok = False
        if not summary:
            fail(number, "summary", "摘要没有填写", "写明这笔钱是做什么的")
            ok = False
        line["summary"] = summary
        line["category"] = _text(cell(row, "category"))
        if not line["category"]:
            fail(number, "category", "类别没有填写", "例如 办公费、活动经费、上级拨款")
            ok = False
        side = None
        if two_columns:
            got = {key: cell(row, key) for key in ("income", "expense") if cell(row, key) is not None}
            if len(got) != 1:
                key = "income" if "income" in columns else "expense"
                fail(number, key, "收入、支出两列要有且只有一列填了金额" if got else "金额没有填写")
                ok = False
            else:
                side, raw = next(iter(got.items()))
        else:
            side = SIDES.get(_norm(cell(row, "side")))
            raw = cell(row, "amount")
            if side is None:
                fail(number, "side", f"“{_text(cell(row, 'side'))}”不是“收入”或“支出”", "收支一列只写 收入 或 支出")
                ok = False
        if side is not None:
            try:
                amount = _money(raw)
                if amount <= 0:
                    raise user_error(f"金额“{_text(raw)}”必须大于零", "收入、支出都写正数，用收支一列区分")
                line["amount"] = amount
            except PydanticCustomError as exc:
                fail(number, side if two_columns else "amount", *_said(exc))
                ok = False
        for key in ("voucher", "fund", "resolution", "note"):
            value = _text(cell(row, key))
            if value:
                line[key] = value
        if ok and side is not None:
            lines.append((number, side, line))
    if len(errors.errors) > before:
        return None
    if not lines and period is None:
        errors.add(shown, header_row + 2, 1, "表里没有任何收支", "没有收支的账期请用 --period 指定账期")
        return None
    if period is None:
        months = sorted({(line["date"].year, line["date"].month) for _, _, line in lines})
        if len(months) != 1:
            shown_months = "、".join(f"{y}年{m}月" for y, m in months[:4])
            errors.add(
                shown, header_row + 2, 1, f"表里的日期跨了几个月（{shown_months}）", "用 --period 2026-Q1 指定季度账期"
            )
            return None
        period = Period(months[0][0], months[0][1], 1)
    for number, _, line in lines:
        if not period.contains(line["date"]):
            fail(number, "date", f"日期 {line['date'].isoformat()} 不在账期 {period.label} 内", "核对日期或账期")
    if opening is None:
        opening = sheet_opening
    if opening is None:
        errors.add(
            shown,
            header_row + 2,
            1,
            "不知道期初余额",
            "在表里加一行摘要为“期初余额”并写上余额，或用 --opening 指定，或把上一期的 YAML 放在输出文件夹里",
        )
    if len(errors.errors) > before:
        return None
    assert opening is not None
    result = Imported(period, opening, closing_in_sheet=sheet_closing)
    for _, side, line in lines:
        record = {
            key: (f"{v:.2f}" if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v)
            for key, v in line.items()
        }
        getattr(result, side).append(record)
    if sheet_closing is not None and sheet_closing != result.closing:
        errors.add(
            shown,
            len(rows),
            1,
            f"表里的期末余额 {sheet_closing:,.2f} 与计算结果 {result.closing:,.2f} 不一致",
            "期末余额 = 期初余额 + 收入合计 − 支出合计；请核对表里每一笔",
        )
        return None
    return result


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*$")


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text; quoted only when it must be."""
    if _PLAIN.match(value) and ": " not in value and " #" not in value and not value.endswith((" ", ":")):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_yaml(result: Imported, source: str) -> str:
    out = [
        f"# 由 gongkailan import 从 {Path(source).name} 生成；请核对后再提交",
        f"period: {result.period.key}",
        f"opening_balance: {result.opening:.2f}",
    ]
    for side in ("income", "expense"):
        lines = getattr(result, side)
        if not lines:
            out.append(f"{side}: []")
            continue
        out.append(f"{side}:")
        for line in lines:
            first = True
            for key in ("date", "summary", "category", "amount", "voucher", "fund", "resolution", "note"):
                if key in line:
                    out.append(f"  {'- ' if first else '  '}{key}: {_scalar(line[key])}")
                    first = False
    out.append(f"closing_balance: {result.closing:.2f}")
    return "\n".join(out) + "\n"


def previous_closing(folder: Path, period: Period) -> Decimal | None:
    """The closing balance of the period just before, when its YAML file is in ``folder``."""
    from ..source.yamlload import decode, load

    start = period.start
    prev_month = (start.year - 1, 12) if start.month == 1 else (start.year, start.month - 1)
    candidates = [f"{prev_month[0]}-{prev_month[1]:02d}.yml"]
    if start.month in (1, 4, 7, 10):
        year = start.year - 1 if start.month == 1 else start.year
        candidates.append(f"{year}-Q{((start.month - 2) % 12) // 3 + 1}.yml")
    for name in candidates:
        path = folder / name
        if path.is_file():
            try:
                data = load(decode(path.read_bytes())).data
                return parse_money(data.get("closing_balance"))
            except Exception:  # a broken previous file: the editor is told to give --opening
                return None
    return None


def import_file(
    source: Path,
    output: Path | None,
    *,
    period: str | None = None,
    opening: str | None = None,
    sheet: str | None = None,
) -> str:
    """Convert ``source``; return the YAML text. Raises DataErrors listing every bad row."""
    errors = Collector()
    shown = source.name
    wanted: Period | None = None
    start: Decimal | None = None
    try:
        wanted = parse_period(period) if period else None
        start = parse_money(opening) if opening is not None else None
    except PydanticCustomError as exc:
        errors.add(shown, 1, 1, f"命令行参数有误：{_said(exc)[0]}", _said(exc)[1])
        errors.raise_if_any()
    if source.suffix.lower() not in (*SPREADSHEETS, ".csv", ".txt"):
        errors.add(
            shown,
            1,
            1,
            f"不能读取“{source.suffix or '没有扩展名'}”格式的文件",
            "在 Excel 或 WPS 里“另存为”Excel 工作簿（.xlsx）或 CSV（逗号分隔）后再导入",
        )
        errors.raise_if_any()
    try:
        rows = read_rows(source, sheet)
    except NoSuchSheet as exc:
        errors.add(shown, 1, 1, str(exc), "用 --sheet 写其中一个工作表的名称，或不写 --sheet 读第一个")
        errors.raise_if_any()
        raise AssertionError from None  # unreachable: raise_if_any raised
    except Exception as exc:  # a file openpyxl cannot read is the editor's problem, said in words
        errors.add(
            shown, 1, 1, f"无法读取表格：{exc}", "确认文件是 .xlsx、.xls、.ods 或 .csv，并且没有在 Excel 里打开着"
        )
        errors.raise_if_any()
        raise AssertionError from None  # unreachable: raise_if_any raised
    if start is None and output is not None:
        probe = wanted
        if probe is None:
            months = _months_in(rows)
            probe = Period(*months[0], 1) if len(months) == 1 else None
        if probe is not None:
            start = previous_closing(output.parent, probe)
    result = convert(rows, shown, errors, period=wanted, opening=start)
    errors.raise_if_any()
    assert result is not None
    text = to_yaml(result, str(source))
    _validate(text, output.as_posix() if output else f"{result.period.key}.yml")
    return text


def _months_in(rows: Iterable[list[Any]]) -> list[tuple[int, int]]:
    found = set()
    for row in rows:
        for value in row:
            try:
                day = _day(value) if value is not None else None
            except PydanticCustomError:
                continue
            if day:
                found.add((day.year, day.month))
    return sorted(found)


def _validate(text: str, shown: str) -> None:
    """The written file must pass the same checks as ``gongkailan check``."""
    from ..load.repository import validate as validate_model
    from ..model import finance
    from ..model.finance import Ledger
    from ..source.document import Document
    from ..source.yamlload import load

    errors = Collector()
    located = load(text)
    model = validate_model(Ledger, located, shown, errors)
    if model is not None:
        finance.check(Document(shown, Path(shown).stem, located, model), errors)
    if errors.errors:
        raise DataErrors(errors.errors)
