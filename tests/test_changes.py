"""`gongkailan diff`: what a supervisor reads in the pull request before approving it.

Each test builds a real git repository from the example project, commits, edits the data
as an editor would, commits again, and reads the summary the PR workflow would show.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import commit, copy_project, edit, git, line_of

from generator.clock import today
from generator.tools.changes import beijing_today, commit_epoch, diff, md, noon_epoch, publish_epoch

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committee's repository with the example data committed as `main`."""
    copy_project(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "示例数据")
    return tmp_path


def summary(repo: Path, base: str = "main", head: str | None = "HEAD") -> str:
    text, valid = diff(repo, "data", base, head)
    assert valid, text
    return text


LEDGER = "data/xingfu/finance/2026-10.yml"
NEW_EXPENSES = """expense:
  - date: 2026-10-30
    summary: 楼道灯泡
    category: 维修费
    amount: 200.00
    voucher: 记-2026-10-901
  - date: 2026-10-30
    summary: 活动室桌椅修理
    category: 维修费
    amount: 400.00
    voucher: 记-2026-10-902
  - date: 2026-10-31
    summary: 宣传栏海报印制
    category: 宣传费
    amount: 600.00
    voucher: 记-2026-10-903
"""


def test_added_expenses_say_count_total_and_new_balance(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    ledger = repo / LEDGER
    edit(ledger, "expense:\n", NEW_EXPENSES)
    edit(ledger, "closing_balance: 469161.29", "closing_balance: 467961.29")
    commit(repo, "十月补记三笔支出")
    text = summary(repo)
    # A published month that changes is corrected in public: the summary says 更正.
    assert "2026年10月财务（更正）：新增支出 3 笔，合计 ¥1,200.00；结余由 ¥469,161.29 变为 ¥467,961.29" in text
    assert "新增支出：10月30日 楼道灯泡 ¥200.00" in text
    assert "收入" not in text.split("2026年10月财务")[1].split("\n")[0]  # income untouched: not mentioned


def test_new_month_and_changed_article_are_both_named(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    november = repo / "data/xingfu/finance/2026-11.yml"
    november.write_text(
        "period: 2026-11\nopening_balance: 469161.29\nincome: []\n"
        + NEW_EXPENSES.replace("2026-10-3", "2026-11-1").replace("记-2026-10", "记-2026-11")
        + "closing_balance: 467961.29\n",
        encoding="utf-8",
    )
    edit(repo / "data/xingfu/rules/jumin-gongyue.yml", "自觉做好生活垃圾分类", "自觉做好生活垃圾分类和厨余减量")
    commit(repo, "十一月账目；公约第五条")
    text = summary(repo)
    assert (
        "2026年11月财务（新公开）：没有收入；支出 3 笔，合计 ¥1,200.00；期初余额 ¥469,161.29，结余 ¥467,961.29" in text
    )
    assert "《幸福里社区居民公约》第五条修改" in text
    # The article's old and new text, so reviewers read the amendment itself (issue 13 §8).
    assert "第五条原文：自觉做好生活垃圾分类，定时定点投放" in text
    assert "第五条新文：自觉做好生活垃圾分类和厨余减量，定时定点投放" in text
    # Only what changed: the other twelve months are not listed.
    assert "2026年9月财务" not in text


def test_roster_term_end_new_member_and_departure(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    roster = repo / "data/xingfu/rosters/juweihui.yml"
    edit(
        roster,
        "    certificate: 助理社会工作师\n    since: 2021-05-16\n",
        "    certificate: 助理社会工作师\n    since: 2021-05-16\n    until: 2026-11-30\n",
    )
    edit(
        roster,
        "  - name: 陈丽华\n    role: 副主任\n",
        "  - name: 王芳\n    role: 委员\n  - name: 陈丽华\n    role: 副主任\n",
    )
    commit(repo, "名册")
    text = summary(repo)
    assert "委员 刘志强 任期结束（2026年11月30日离任）" in text
    assert "新增委员 王芳" in text
    assert "幸福里社区第四届居民委员会名册：" in text


def test_new_notice_with_its_period_and_a_removed_member(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "data/xingfu/notices/2026-11-01-ludeng.yml").write_text(
        "title: 路灯改造方案公示\nkind: 公示\npublished_on: 2026-11-01\nstarts_on: 2026-11-01\n"
        "ends_on: 2026-11-07\nbody: 方案见附件。\n",
        encoding="utf-8",
    )
    roster = repo / "data/xingfu/rosters/juweihui.yml"
    text = roster.read_text(encoding="utf-8")
    start = text.index("  - name: 孙晓燕")
    end = (
        text.index("  - name:", start + 5)
        if "  - name:" in text[start + 5 :]
        else text.index("\n", text.index("since:", start)) + 1
    )
    roster.write_text(text[:start] + text[end:], encoding="utf-8")
    commit(repo, "公示")
    out = summary(repo)
    assert "新公示《路灯改造方案公示》，11月1日发布，公示期 11月1日至11月7日" in out
    assert "委员 孙晓燕 不再列入名册" in out


def test_unchanged_data_says_so_even_when_other_files_change(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    ledger = repo / LEDGER
    # Re-indenting and comments change the text but nothing a resident sees.
    edit(ledger, "period: 2026-10\n", "# 十月\nperiod:   2026-10\n")
    commit(repo, "格式")
    assert "数据没有变化" in summary(repo)


def test_errors_in_head_are_listed_with_file_and_line_and_exit_1(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    edit(repo / LEDGER, "closing_balance: 469161.29", "closing_balance: 1,200")
    commit(repo, "错")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*CLI, "diff", "main", "HEAD"], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 1
    assert f"`{LEDGER}:{line_of(repo / LEDGER, 'closing_balance:')}:18`" in done.stdout
    assert "金额“1,200”里有逗号" in done.stdout
    assert "Traceback" not in done.stderr


def test_unknown_revision_is_a_chinese_message_not_a_traceback(repo: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*CLI, "diff", "no-such-branch"], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "找不到版本“no-such-branch”" in done.stderr
    assert "Traceback" not in done.stderr


def test_working_tree_is_compared_when_head_is_left_out(repo: Path) -> None:
    edit(repo / "data/xingfu/notices/2026-11-18-dibao-gongshi.yml", "ends_on: 2026-11-24", "ends_on: 2026-11-25")
    text = summary(repo, "main", None)
    assert (
        "救助名单《2026 年第四季度最低生活保障申请民主评议结果公示》（更正）修改：公示结束日期，公示期改为 11月18日至11月25日"
        in text
    )
    assert "工作区" in text


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    project = tmp_path / "sites" / "xingfu"
    project.mkdir(parents=True)
    copy_project(project)
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "示例")
    edit(project / "data/xingfu/notices/2026-11-18-dibao-gongshi.yml", "ends_on: 2026-11-24", "ends_on: 2026-11-25")
    commit(tmp_path, "改")
    assert "公示期改为 11月18日至11月25日" in summary(project, "HEAD~1", "HEAD")


def test_committee_text_cannot_inject_markdown_or_html(repo: Path) -> None:
    edit(
        repo / "data/xingfu/notices/2026-11-18-dibao-gongshi.yml",
        "title: 2026 年第四季度最低生活保障申请民主评议结果公示",
        'title: "<img src=x onerror=alert(1)> [点我](javascript:x) **粗**"',
    )
    text = summary(repo, "main", None)
    # Shown as the literal characters the editor typed, never as a tag or a link.
    assert re.search(r"(?<!\\)[<>\[\]*]", text) is None
    assert "\\<img src=x" in text
    assert md("<img>") == "\\<img\\>"


def test_epoch_is_noon_in_beijing_on_the_commit_day(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "commit", "-q", "--allow-empty", "-m", "深夜提交", when="2026-11-21T00:30:00+08:00")
    epoch = commit_epoch(repo, "HEAD")
    assert epoch == noon_epoch(__import__("datetime").date(2026, 11, 21))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    assert today().isoformat() == "2026-11-21"  # not 11-20, as UTC would have it


def test_publish_epoch_is_never_before_today(repo: Path) -> None:
    # A commit written long ago and pushed today is published as of today, so that a list
    # taken down in between does not come back; a commit dated later than today keeps its day.
    git(repo, "commit", "-q", "--allow-empty", "-m", "旧提交", when="2025-11-21T09:00:00+08:00")
    assert publish_epoch(repo, "HEAD") == noon_epoch(beijing_today())
    git(repo, "commit", "-q", "--allow-empty", "-m", "钟快了", when="2099-01-02T09:00:00+08:00")
    assert publish_epoch(repo, "HEAD") == noon_epoch(__import__("datetime").date(2099, 1, 2))


def test_other_kinds_are_named_with_what_changed(repo: Path) -> None:
    budget = repo / "data/xingfu/budgets/2026.yml"
    if not budget.is_file():
        pytest.skip("no budget in the example data")
    edit(budget, "amount: 12000.00", "amount: 13000.00")
    assert "年度预算《2026年》修改：支出预算" in summary(repo, "main", None)


def test_hand_written_pages_that_changed_are_listed(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "pr")
    about = repo / "content" / "guide" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n新增一段说明。\n", encoding="utf-8")
    commit(repo, "关于本站")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*CLI, "diff", "main", "HEAD"], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "### 手写页面\n\n- 修改了 `content/guide/about.md`" in done.stdout


def test_a_broken_base_is_said_and_everything_is_listed_as_new(repo: Path) -> None:
    edit(repo / LEDGER, "closing_balance: 469161.29", "closing_balance: 1,2")
    commit(repo, "坏的基准")
    git(repo, "checkout", "-q", "-b", "pr")
    edit(repo / LEDGER, "closing_balance: 1,2", "closing_balance: 469161.29")
    commit(repo, "改正")
    text = summary(repo)
    assert "注意：基准版本 main 的数据本身有 1 处错误" in text
    assert "2026年10月财务（新公开）" in text


def test_first_data_in_a_new_repository_is_all_new(tmp_path: Path) -> None:
    copy_project(tmp_path)
    shutil.move(tmp_path / "data", tmp_path / "later")
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "空仓库")
    shutil.move(tmp_path / "later", tmp_path / "data")
    commit(tmp_path, "第一批数据")
    text = summary(tmp_path, "HEAD~1", "HEAD")
    assert "新委员会：幸福里社区居民委员会" in text


def test_identical_lines_without_voucher_are_each_counted(repo: Path) -> None:
    twice = "  - date: 2026-10-30\n    summary: 打印纸\n    category: 办公费\n    amount: 100.00\n"
    edit(repo / LEDGER, "expense:\n", "expense:\n" + twice + twice)
    edit(repo / LEDGER, "closing_balance: 469161.29", "closing_balance: 468961.29")
    text = summary(repo, "main", None)
    assert "新增支出 2 笔，合计 ¥200.00；结余由 ¥469,161.29 变为 ¥468,961.29" in text


def test_a_new_term_is_announced_with_its_dates(repo: Path) -> None:
    roster = repo / "data/xingfu/rosters/juweihui.yml"
    edit(roster, "elected_on: 2021-05-16\nterm_ends_on: 2026-05-15", "elected_on: 2026-11-16\nterm_ends_on: 2031-11-15")
    assert "换届或改选：选举日期 2026年11月16日，任期至2031年11月15日" in summary(repo, "main", None)
    edit(roster, "elected_on: 2026-11-16\nterm_ends_on: 2031-11-15", "elected_on: 2021-05-16\nterm_ends_on: 2026-06-30")
    assert "名册：任期至2026年6月30日" in summary(repo, "main", None)
