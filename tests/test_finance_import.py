"""``gongkailan import``: spreadsheets as committees keep them, and the errors for bad rows."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from generator.cli import main
from generator.load.repository import load_site
from generator.source.yamlload import decode, load

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["日期", "收支", "摘要", "类别", "金额", "凭证号", "资金来源", "批准决议", "备注"]


def example_rows(period: str = "2026-10") -> tuple[list[list[object]], dict]:
    data = load(decode((ROOT / f"data/xingfu/finance/{period}.yml").read_bytes())).data
    rows: list[list[object]] = [
        ["幸福里社区收支流水账"],
        HEADER,
        [None, None, "期初余额", None, float(data["opening_balance"])],
    ]
    for side, word in (("income", "收入"), ("expense", "支出")):
        for line in data[side]:
            day = datetime.datetime.strptime(line["date"], "%Y-%m-%d")
            rows.append(
                [day, word, line["summary"], line["category"], float(line["amount"]), line.get("voucher"),
                 line.get("fund"), line.get("resolution"), line.get("note")]
            )  # fmt: skip
    rows.append([None, None, "本月合计", None, None])
    return rows, data


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.stdout, result.stderr


def test_xlsx_becomes_a_ledger_that_passes_check(tmp_path: Path) -> None:
    rows, data = example_rows()
    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = tmp_path / "data/xingfu/finance/2026-10.yml"
    target.unlink()
    code, _, err = run(str(xlsx(tmp_path / "ledger.xlsx", rows)), "-o", str(target))
    assert code == 0, err
    written = load(target.read_text(encoding="utf-8")).data
    assert written["closing_balance"] == data["closing_balance"]
    assert written["expense"] == data["expense"]
    load_site(tmp_path)  # the whole committee still validates, continuity included


def test_opening_balance_comes_from_the_previous_file(tmp_path: Path) -> None:
    rows, data = example_rows()
    del rows[2]  # no 期初余额 row
    shutil.copytree(ROOT / "data/xingfu/finance", tmp_path / "finance")
    (tmp_path / "finance/2026-10.yml").unlink()
    code, _, err = run(str(xlsx(tmp_path / "l.xlsx", rows)), "-o", str(tmp_path / "finance/2026-10.yml"))
    assert code == 0, err
    assert (
        load((tmp_path / "finance/2026-10.yml").read_text(encoding="utf-8")).data["opening_balance"]
        == data["opening_balance"]
    )


def test_csv_with_income_and_expense_columns_saved_by_excel_in_gbk(tmp_path: Path) -> None:
    text = (
        "日期,摘要,类别,收入,支出,余额\n"
        ",上月结转,,,,1000.00\n"
        "2026/3/5,党费返还,上级拨款,500,,1500\n"
        "2026-03-09,办公用品,办公费,,120.5,1379.5\n"
        ",本月合计,,500,120.5,\n"
        ",期末余额,,,,1379.50\n"
    )
    source = tmp_path / "march.csv"
    source.write_bytes(text.encode("gb18030"))
    code, out, err = run(str(source))
    assert code != 0
    assert "march.csv:3:1: 第 3 行 A 列（日期）：“2026/3/5”不是有效的日期格式。" in err
    assert "应写成 2026-03-05" in err
    source.write_bytes(text.replace("2026/3/5", "2026-03-05").encode("gb18030"))
    code, out, err = run(str(source))
    assert code == 0, err
    assert "period: 2026-03\nopening_balance: 1000.00\n" in out
    assert "closing_balance: 1379.50" in out
    assert "    amount: 120.50\n" in out


def test_malformed_spreadsheet_lists_every_bad_row(tmp_path: Path) -> None:
    rows, _ = example_rows()
    rows[3][4] = "45,000.00"  # thousands separator typed as text
    rows[4][1] = "收款"  # neither 收入 nor 支出
    rows[5][0] = "10月20日"  # not a date
    rows[6][4] = 12.345  # more than two decimals
    rows[7][3] = None  # no category
    code, out, err = run(str(xlsx(tmp_path / "bad.xlsx", rows)))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[:5] == [
        "bad.xlsx:4:5: 第 4 行 E 列（金额）：金额“45,000.00”里有逗号。不要用逗号分隔千位，写成 45000.00",
        "bad.xlsx:5:2: 第 5 行 B 列（收支）：“收款”不是“收入”或“支出”。收支一列只写 收入 或 支出",
        "bad.xlsx:6:1: 第 6 行 A 列（日期）：“10月20日”不是有效的日期格式。日期写成 年-月-日，例如 2026-03-15",
        "bad.xlsx:7:5: 第 7 行 E 列（金额）：金额“12.345”超过两位小数。金额精确到分：在 Excel 里用 ROUND(…, 2) 或改成两位小数",
        "bad.xlsx:8:4: 第 8 行 D 列（类别）：类别没有填写。例如 办公费、活动经费、上级拨款",
    ]
    assert "共 5 处无法读取，没有写入文件" in lines[5]


def test_sheet_without_header_and_unreadable_file(tmp_path: Path) -> None:
    code, _, err = run(str(xlsx(tmp_path / "x.xlsx", [["随便写的"], ["1", "2"]])))
    assert code == 1 and "找不到表头" in err
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    code, _, err = run(str(broken))
    assert code == 1 and "broken.xlsx:1:1: 无法读取表格" in err


def test_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    rows, _ = example_rows()
    target = tmp_path / "2026-10.yml"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run(str(xlsx(tmp_path / "l.xlsx", rows)), "-o", str(target))
    assert code == 1 and "没有覆盖" in err and target.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("summary", ["- 列表开头", "键: 值", "#号开头", "“引号”"])
def test_awkward_text_survives_the_round_trip(tmp_path: Path, summary: str) -> None:
    rows = [HEADER, [None, None, "期初余额", None, 0], [datetime.datetime(2026, 1, 5), "收入", summary, "捐赠", 10]]
    code, out, err = run(str(xlsx(tmp_path / "t.xlsx", rows)))
    assert code == 0, err
    assert load(out).data["income"][0]["summary"] == summary


def test_quarter_and_files_that_cannot_be_read(tmp_path: Path) -> None:
    rows = [
        HEADER,
        [None, None, "上季度结转", None, 100],
        ["2026-10-08", "收入", "利息", "利息收入", 1.5],
        ["2026-12-20", "支出", "春联", "活动经费", 0.5],
    ]
    code, out, err = run(str(xlsx(tmp_path / "q.xlsx", rows)))
    assert code == 1 and "表里的日期跨了几个月（2026年10月、2026年12月）" in err
    code, out, err = run(str(tmp_path / "q.xlsx"), "--period", "2026-Q4")
    assert code == 0, err
    assert "period: 2026-Q4\nopening_balance: 100.00\n" in out and "closing_balance: 101.00" in out
    broken = tmp_path / "old.xls"
    broken.write_bytes(b"\xd0\xcf\x11\xe0")  # the start of an .xls, cut off
    code, _, err = run(str(broken))
    assert code == 1 and "old.xls:1:1: 无法读取表格" in err and "Traceback" not in err
    numbers = tmp_path / "账.numbers"
    numbers.write_bytes(b"PK")
    code, _, err = run(str(numbers))
    assert code == 1 and "不能读取“.numbers”格式的文件" in err and "另存为" in err


FIXTURES = ROOT / "tests" / "data" / "import"  # made by LibreOffice from one workbook; see README.md there


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_excel_and_libreoffice_files_become_the_same_ledger(tmp_path: Path, suffix: str) -> None:
    _, data = example_rows("2026-10")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    target = tmp_path / "data/xingfu/finance/2026-10.yml"
    target.unlink()
    code, _, err = run(str(FIXTURES / f"ledger.{suffix}"), "--sheet", "流水账", "-o", str(target))
    assert code == 0, err
    written = load(target.read_text(encoding="utf-8")).data
    for key in ("period", "opening_balance", "closing_balance", "income", "expense"):
        assert written[key] == data[key], key
    load_site(tmp_path)  # the whole committee still validates, continuity included


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_a_missing_sheet_is_named_with_the_sheets_there_are(suffix: str) -> None:
    code, out, err = run(str(FIXTURES / f"ledger.{suffix}"), "--sheet", "账")
    assert code == 1 and out == ""
    assert f"ledger.{suffix}:1:1: 没有名为“账”的工作表；这个文件里有：说明、流水账" in err
    code, _, err = run(str(FIXTURES / f"ledger.{suffix}"))  # the first sheet is the notes: no header there
    assert code == 1 and "找不到表头" in err
