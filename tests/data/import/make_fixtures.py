"""Writes ledger.xlsx (openpyxl) from the example's 2026-10 ledger; README.md says how the .xls and .ods
copies are made from it with LibreOffice. Run from the repository root:

    .venv/bin/python tests/data/import/make_fixtures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # tests/: the rows the import tests use

from test_finance_import import example_rows  # noqa: E402


def main() -> None:
    rows, _ = example_rows("2026-10")
    book = Workbook()
    notes = book.active
    notes.title = "说明"  # a first sheet that is not the ledger: --sheet picks the right one
    notes.append(["本工作簿第二张表是 2026 年 10 月的流水账"])
    ledger = book.create_sheet("流水账")
    for row in rows:
        ledger.append(row)
    for cell in ledger["A"]:
        cell.number_format = "yyyy-mm-dd"
    book.save(HERE / "ledger.xlsx")


if __name__ == "__main__":
    main()
