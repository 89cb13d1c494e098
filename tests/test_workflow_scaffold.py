"""`gongkailan new`: the forms an editor fills in, checked the way the editor will check them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from gitrepo import copy_project

from generator.model.finance import Ledger, Line
from generator.model.notices import Notice
from generator.model.rules import Rule
from generator.tools.changes import noon_epoch

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]
COMMITTEE = "data/xingfu"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project(tmp_path)
    # One committee, so that `gongkailan new` needs no --committee (tests/test_multi_committee.py covers it).
    shutil.rmtree(tmp_path / "data" / "liuhe")
    (tmp_path / "data" / "jiedao.yml").unlink()  # it names liuhe: a one-committee repository has none
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SOURCE_DATE_EPOCH": str(noon_epoch(date(2026, 11, 22))),
    }  # 2026-11-22
    return subprocess.run([*CLI, *args], cwd=project, capture_output=True, text=True, env=env, timeout=300)


def fill(path: Path, key: str, value: str) -> None:
    """Write ``value`` after the first blank ``key:``, keeping its comment, as an editor would."""
    lines = path.read_text(encoding="utf-8").split("\n")
    pattern = re.compile(rf"^(\s*(?:- )?){re.escape(key)}:(\s*)(#.*)?$")
    for index, line in enumerate(lines):
        match = pattern.match(line)
        if match:
            lines[index] = f"{match.group(1)}{key}: {value}  {match.group(3) or ''}".rstrip()
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"no blank {key}: in {path}")


def keys_in(text: str) -> set[str]:
    return set(re.findall(r"^\s*(?:- )?([a-z_]+):", text, flags=re.M))


def closing_of(project: Path, period: str) -> str:
    text = (project / COMMITTEE / "finance" / f"{period}.yml").read_text(encoding="utf-8")
    return re.search(r"^closing_balance:\s*(\S+)", text, flags=re.M).group(1)


def test_new_ledger_carries_the_balance_and_passes_check_once_filled(project: Path) -> None:
    done = run(project, "new", "ledger", "2026-11")
    assert done.returncode == 0, done.stderr
    path = project / COMMITTEE / "finance" / "2026-11.yml"
    assert f"已新建 {COMMITTEE}/finance/2026-11.yml" in done.stdout
    opening = Decimal(closing_of(project, "2026-10"))
    assert f"期初余额 ¥{opening:,.2f} 已按2026年10月的期末余额填好" in done.stdout
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[0] == "# yaml-language-server: $schema=../../../schemas/finance.json"
    assert re.search(rf"^opening_balance: {opening}\s+#", text, flags=re.M)
    # Every key of a ledger and of its lines is there, each with a Chinese comment.
    assert keys_in(text) == set(Ledger.model_fields) | set(Line.model_fields)
    for line in text.split("\n")[3:]:
        if line.strip():
            assert re.search(r"#\s*[\u4e00-\u9fff]", line), line
    # Unfilled, it does not pass: check points at the blanks.
    blank = run(project, "check")
    assert blank.returncode == 1
    assert f"{COMMITTEE}/finance/2026-11.yml:" in blank.stderr and "没有填写" in blank.stderr
    # The first blank of each key is the income line, the next the expense line.
    for day, summary, category, amount in [
        ("2026-11-05", "社区用房租金", "场地收入", "1800.00"),
        ("2026-11-09", "楼道灯具更换", "维修费", "600.50"),
    ]:
        fill(path, "date", day)
        fill(path, "summary", summary)
        fill(path, "category", category)
        fill(path, "amount", amount)
    fill(path, "closing_balance", f"{opening + Decimal('1800.00') - Decimal('600.50')}")
    filled = run(project, "check")
    assert filled.returncode == 0, filled.stderr


def test_new_ledger_without_a_period_starts_the_next_one(project: Path) -> None:
    done = run(project, "new", "ledger")
    assert done.returncode == 0, done.stderr
    assert (project / COMMITTEE / "finance" / "2026-11.yml").is_file()


def test_a_gap_in_periods_is_pointed_out(project: Path) -> None:
    done = run(project, "new", "ledger", "2027-01")
    assert done.returncode == 0, done.stderr
    assert "中间缺了账期" in done.stdout


def test_existing_file_is_never_overwritten(project: Path) -> None:
    before = (project / COMMITTEE / "finance" / "2026-10.yml").read_text(encoding="utf-8")
    done = run(project, "new", "ledger", "2026-10")
    assert done.returncode == 1 and "已经存在，没有覆盖" in done.stderr
    assert (project / COMMITTEE / "finance" / "2026-10.yml").read_text(encoding="utf-8") == before
    assert "Traceback" not in done.stderr


def test_new_notice_passes_check_once_filled(project: Path) -> None:
    done = run(project, "new", "notice", "ludeng-gongshi", "--kind", "公示")
    assert done.returncode == 0, done.stderr
    path = project / COMMITTEE / "notices" / "2026-11-22-ludeng-gongshi.yml"  # today from SOURCE_DATE_EPOCH
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/notices.json\n")
    assert keys_in(text) == set(Notice.model_fields)
    assert run(project, "check").returncode == 1
    fill(path, "title", "路灯改造方案公示")
    fill(path, "starts_on", "2026-11-22")
    fill(path, "ends_on", "2026-11-28")
    path.write_text(
        re.sub(r"^(body: \|.*)$", r"\1\n  方案已张贴在公开栏。", path.read_text(encoding="utf-8"), flags=re.M), "utf-8"
    )
    filled = run(project, "check")
    assert filled.returncode == 0, filled.stderr


def test_new_rule_passes_check_once_filled(project: Path) -> None:
    done = run(project, "new", "rule", "tingche-guanli")
    assert done.returncode == 0, done.stderr
    path = project / COMMITTEE / "rules" / "tingche-guanli.yml"
    text = path.read_text(encoding="utf-8")
    assert keys_in(text) == set(Rule.model_fields)
    assert run(project, "check").returncode == 1
    fill(path, "title", "幸福里社区停车管理规定")
    fill(path, "adopted_by", "居民代表会议")
    fill(path, "adopted_on", "2026-11-20")
    path.write_text(path.read_text(encoding="utf-8").replace("  -  ", "  - 车辆按位停放。 ", 1), encoding="utf-8")
    filled = run(project, "check")
    assert filled.returncode == 0, filled.stderr


def test_file_names_must_be_pinyin(project: Path) -> None:
    done = run(project, "new", "notice", "路灯公示")
    assert done.returncode == 1
    assert "只能用小写拼音、数字和“-”" in done.stderr
    assert not list((project / COMMITTEE / "notices").glob("*路灯*"))
