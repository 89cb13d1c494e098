"""公示 periods against a build date: working days with China's holiday calendar, --as-of, days left."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import chinese_calendar
import pytest
from gitrepo import copy_project

from generator.clock import AS_OF, today
from generator.model.notices import Notice
from generator.model.workdays import is_workday, nth_workday

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]
# The last year whose 放假安排 the installed chinesecalendar knows: the year after it is unknown.
LAST_KNOWN = max(day.year for day in chinese_calendar.holidays)


def notice(**fields: object) -> Notice:
    return Notice.model_validate({"title": "低保评议结果公示", "kind": "公示", "body": "现予公示。", **fields})


def test_national_day_2026_is_skipped_and_the_saturday_make_up_day_counts() -> None:
    # 2026 国庆: 10-01 to 10-07 off; Saturday 10-10 is a make-up working day (调休上班).
    assert nth_workday(date(2026, 9, 28), 7) == (date(2026, 10, 12), False)
    # Mon 28, Tue 29, Wed 30 (3) — the holiday — Thu 8, Fri 9, Sat 10 (6), Mon 12 (7).
    assert nth_workday(date(2026, 9, 28), 3) == (date(2026, 9, 30), False)
    assert nth_workday(date(2026, 9, 28), 4) == (date(2026, 10, 8), False)


def test_spring_festival_2026_is_skipped() -> None:
    # 2026 春节: 02-15 to 02-23 off; Saturday 02-14 and 02-28 are working days.
    assert nth_workday(date(2026, 2, 12), 3) == (date(2026, 2, 14), False)
    assert nth_workday(date(2026, 2, 12), 4) == (date(2026, 2, 24), False)
    assert nth_workday(date(2026, 2, 24), 5) == (date(2026, 2, 28), False)


def test_a_year_the_calendar_does_not_know_counts_weekends_only_and_is_estimated() -> None:
    start = date(LAST_KNOWN, 12, 31)
    end, estimated = nth_workday(start, 7)
    assert estimated and end.year == LAST_KNOWN + 1
    # 1 January is always a holiday, but the unknown year is counted by weekends alone.
    assert is_workday(date(LAST_KNOWN + 1, 1, 1)) == (date(LAST_KNOWN + 1, 1, 1).weekday() < 5, False)
    days = [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    counted = [d for d in days if is_workday(d)[0]]
    assert len(counted) == 7 and counted[-1] == end
    assert notice(published_on=start, period_workdays=7).closes_estimated


def test_days_left_in_words() -> None:
    n = notice(published_on=date(2026, 11, 18), ends_on=date(2026, 11, 24))
    assert n.days_left(date(2026, 11, 17)) is None  # not begun
    assert n.days_left(date(2026, 11, 21)) == "还有 3 天"
    assert n.days_left(date(2026, 11, 24)) == "今天截止"
    assert n.days_left(date(2026, 11, 25)) is None
    assert n.status(date(2026, 11, 25)) == "公示期已结束"


def test_as_of_wins_over_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 11, 21, 4, tzinfo=UTC).timestamp())))
    assert today() == date(2026, 11, 21)
    monkeypatch.setenv(AS_OF, "2026-05-12")
    assert today() == date(2026, 5, 12)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project(tmp_path)
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(AS_OF, None)
    return subprocess.run([*CLI, *args], cwd=project, capture_output=True, text=True, env=env, timeout=300)


def write_notice(project: Path, name: str, text: str) -> Path:
    path = project / "data" / "xingfu" / "notices" / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_as_of_is_one_chinese_line(project: Path) -> None:
    for command in ("check", "build", "posters"):
        done = run(project, command, "--as-of", "2026-02-30")
        assert done.returncode == 2, done.stderr
        assert "“2026-02-30”不是日期。请写成 年-月-日" in done.stderr
        assert "Traceback" not in done.stderr


def test_unknown_year_warns_and_fails_only_under_strict(project: Path) -> None:
    start = date(LAST_KNOWN, 12, 28)
    end, _ = nth_workday(start, 7)
    write_notice(
        project,
        f"{start.isoformat()}-yanqi",
        f"title: 元旦活动场地调整公示\nkind: 公示\npublished_on: {start.isoformat()}\nperiod_workdays: 7\n"
        "body: |\n  现予公示。\n",
    )
    done = run(project, "check")
    assert done.returncode == 0, done.stderr
    where = f"data/xingfu/notices/{start.isoformat()}-yanqi.yml:4:18"
    assert f"警告：{where}: 公示结束日期约为 {end.isoformat()}" in done.stderr
    strict = run(project, "check", "--strict")
    assert strict.returncode == 1
    assert f"{where}: 公示结束日期约为 {end.isoformat()}" in strict.stderr
    assert "共发现 1 处错误" in strict.stderr
    # The December build itself goes ahead, with the estimate said on the page.
    site = project / "out"
    built = run(project, "build", "-q", "--as-of", f"{LAST_KNOWN}-12-29", "-d", str(site))
    assert built.returncode == 0, built.stderr
    html = (site / "xingfu" / "notices" / f"{start.isoformat()}-yanqi" / "index.html").read_text(encoding="utf-8")
    assert f"至 约 {end.year}年{end.month}月{end.day}日（7 个工作日）" in html
    assert "公示中" in html and "（约）" in html


def test_page_shows_working_day_period_and_days_left_as_of_a_date(project: Path) -> None:
    write_notice(
        project,
        "2026-09-28-dianti-gongshi",
        "title: 3号楼加装电梯方案公示\nkind: 公示\npublished_on: 2026-09-28\nperiod_workdays: 7\n"
        "body: |\n  方案见附件。\n",
    )
    site = project / "out"
    done = run(project, "build", "-q", "--as-of", "2026-10-09", "-d", str(site))
    assert done.returncode == 0, done.stderr
    html = (site / "xingfu" / "notices" / "2026-09-28-dianti-gongshi" / "index.html").read_text(encoding="utf-8")
    assert "2026年9月28日 至 2026年10月12日（7 个工作日）" in html
    assert "公示中" in html and "还有 3 天" in html
    listing = (site / "xingfu" / "notices" / "index.html").read_text(encoding="utf-8")
    item = next(li for li in listing.split("<li ") if "3号楼加装电梯方案公示</a>" in li)
    assert "公示中" in item and "还有 3 天" in item
