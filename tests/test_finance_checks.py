"""Cross-period checks on the example data with one mistake each, as a hidden data set would.

Each test copies data/xingfu, breaks one thing the way an editor might, and reads the
error line the editor would see: the right file, the right line, a Chinese message.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.errors import DataErrors
from generator.load.repository import load_site

ROOT = Path(__file__).resolve().parent.parent
COMMITTEE = "data/xingfu"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def edit(root: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = root / COMMITTEE / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(root: Path, name: str, needle: str, after: str = "") -> int:
    """1-based line of ``needle`` (the first one after the line holding ``after``)."""
    lines = (root / COMMITTEE / name).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as caught:
        load_site(root)
    return [e.format() for e in caught.value.errors]


def only(errors: list[str], pattern: str) -> str:
    found = [e for e in errors if re.search(pattern, e)]
    assert len(found) == 1, errors
    return found[0]


def test_example_data_passes_every_finance_check() -> None:
    load_site(ROOT)


def test_missing_month_is_a_gap(data: Path) -> None:
    (data / COMMITTEE / "finance/2026-05.yml").unlink()
    errors = errors_of(data)
    line = line_of(data, "finance/2026-06.yml", "period:")
    error = only(errors, "账期不连续")
    assert error.startswith(f"{COMMITTEE}/finance/2026-06.yml:{line}:")
    assert "上一期是 2026年4月" in error and "缺少 2026年5月" in error
    # The opening balance is not also blamed: the gap explains it.
    assert not [e for e in errors if "期初余额" in e]


def test_quarter_overlapping_months_is_an_error(data: Path) -> None:
    (data / COMMITTEE / "finance/2026-Q4.yml").write_text(
        "period: 2026-Q4\nopening_balance: 469161.29\nclosing_balance: 469161.29\n", encoding="utf-8"
    )
    error = only(errors_of(data), "重叠")
    assert error.startswith(f"{COMMITTEE}/finance/2026-Q4.yml:1:")
    assert "2026年第四季度 与 2026年10月" in error


def test_opening_balance_must_equal_previous_closing(data: Path) -> None:
    # Both balances moved by the same amount: the period itself still balances.
    edit(data, "finance/2026-03.yml", "opening_balance: 261909.26", "opening_balance: 261900.26")
    edit(data, "finance/2026-03.yml", "closing_balance: 328217.97", "closing_balance: 328208.97")
    errors = errors_of(data)
    line = line_of(data, "finance/2026-03.yml", "opening_balance:")
    april = line_of(data, "finance/2026-04.yml", "opening_balance:")
    assert errors == [
        f"{COMMITTEE}/finance/2026-03.yml:{line}:18: 期初余额 ¥261,900.26 与上一期 2026年2月 的期末余额"
        f" ¥261,909.26 不一致（相差 -¥9.00）。本期期初余额应等于 {COMMITTEE}/finance/2026-02.yml 里的 closing_balance",
        # and April, which opens with what March closed with before the edit:
        f"{COMMITTEE}/finance/2026-04.yml:{april}:18: 期初余额 ¥328,217.97 与上一期 2026年3月 的期末余额"
        f" ¥328,208.97 不一致（相差 ¥9.00）。本期期初余额应等于 {COMMITTEE}/finance/2026-03.yml 里的 closing_balance",
    ]


def test_overspent_fund_is_reported_on_the_expense(data: Path) -> None:
    # The April grant is booked to another fund, so the first 福彩 payment in April overspends.
    edit(data, "finance/2026-04.yml", "    fund: 福彩公益金\n", "    fund: 社区工作经费\n")
    errors = errors_of(data)
    error = only(errors, "余额不足")
    line = line_of(data, "finance/2026-04.yml", "amount: 25950.00")
    assert error.startswith(f"{COMMITTEE}/finance/2026-04.yml:{line}:")
    assert "专项资金“福彩公益金”余额不足" in error and "-¥17,530.00" in error


def test_expense_outside_fund_purposes(data: Path) -> None:
    edit(
        data,
        "finance/2026-07.yml",
        "    category: 办公费\n    amount: 420.00",
        "    category: 慰问金\n    amount: 420.00",
    )
    error = only(errors_of(data), "专款专用")
    line = line_of(data, "finance/2026-07.yml", "amount: 420.00") - 1
    assert error.startswith(f"{COMMITTEE}/finance/2026-07.yml:{line}:")
    assert "“福彩公益金”专款专用，只能用于：活动经费、设备购置、工程款、办公费" in error
    assert "类别是“慰问金”" in error


def test_unregistered_fund_name_suggests_the_registered_one(data: Path) -> None:
    edit(data, "finance/2026-06.yml", "fund: 福彩公益金", "fund: 福彩公益")
    error = only(errors_of(data), "没有登记")
    assert "资金“福彩公益”没有登记" in error and "是不是想写“福彩公益金”" in error


def test_earmarked_fund_needs_categories(data: Path) -> None:
    edit(data, "funds/zhuanxiang-buzhu.yml", "categories:\n  - 活动经费\n", "")
    error = only(errors_of(data), "没有写允许的支出类别")
    assert error.startswith(
        f"{COMMITTEE}/funds/zhuanxiang-buzhu.yml:{line_of(data, 'funds/zhuanxiang-buzhu.yml', 'earmarked:')}:"
    )


def test_over_budget_category_is_an_error(data: Path) -> None:
    edit(
        data,
        "budgets/2026.yml",
        "  - category: 维修费\n    amount: 30000.00",
        "  - category: 维修费\n    amount: 20000.00",
    )
    errors = errors_of(data)
    line = line_of(data, "budgets/2026.yml", "amount: 20000.00")
    error = only(errors, "超出 2026 年预算")
    assert error.startswith(f"{COMMITTEE}/budgets/2026.yml:{line}:13: “维修费”超出 2026 年预算：预算 ¥20,000.00")
    assert "超出 ¥3,620.00" in error or "已支出" in error


def test_budget_adjustment_needs_a_resolution(data: Path) -> None:
    edit(data, "budgets/2026.yml", "    adjustment_resolution: 2026-03-10-shilaohua-gaizao-jueyi\n", "")
    error = only(errors_of(data), "预算调整没有写批准决议")
    assert error.startswith(f"{COMMITTEE}/budgets/2026.yml:{line_of(data, 'budgets/2026.yml', 'adjusted_amount')}:")


def test_without_the_adjustment_the_project_is_over_budget(data: Path) -> None:
    edit(
        data,
        "budgets/2026.yml",
        "    adjusted_amount: 86500.00\n    adjustment_resolution: 2026-03-10-shilaohua-gaizao-jueyi\n",
        "",
    )
    error = only(errors_of(data), "超出 2026 年预算")
    assert "“工程款”超出 2026 年预算：预算 ¥80,000.00" in error and "超出 ¥6,500.00" in error


def test_category_missing_from_budget(data: Path) -> None:
    edit(data, "finance/2026-10.yml", "category: 通讯费", "category: 通信费")
    error = only(errors_of(data), "没有列入")
    assert error.startswith(f"{COMMITTEE}/finance/2026-10.yml:")
    assert "支出类别“通信费”没有列入 2026 年预算" in error and "是不是想写“通讯费”" in error


def test_cash_donation_must_match_the_ledger(data: Path) -> None:
    edit(data, "donations/2026-chunjie-weiwen.yml", "amount: 2000.00", "amount: 3000.00")
    error = only(errors_of(data), "捐赠金额")
    assert "捐赠金额 ¥3,000.00 与账目" in error and "¥2,000.00 不一致" in error


def test_broken_file_does_not_cause_false_gap(data: Path) -> None:
    edit(data, "finance/2026-05.yml", "opening_balance: 423092.41", "opening_balance: 12,00")
    errors = errors_of(data)
    assert not [e for e in errors if "账期不连续" in e], errors


def test_copied_file_with_unchanged_period_says_so(data: Path) -> None:
    # The editor copied 2026-10.yml to start November and forgot to change the period.
    text = (data / COMMITTEE / "finance/2026-10.yml").read_text(encoding="utf-8")
    (data / COMMITTEE / "finance/2026-11.yml").write_text(text, encoding="utf-8")
    errors = errors_of(data)
    line = line_of(data, "finance/2026-11.yml", "period:")
    assert f"{COMMITTEE}/finance/2026-11.yml:{line}:9: 文件名是 2026-11.yml，但账期写的是 2026-10。" in "\n".join(
        errors
    )
