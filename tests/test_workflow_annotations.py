"""`gongkailan check --github`: each data error becomes an annotation on its file and line,
and nothing the committee typed can turn into a workflow command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import copy_project, line_of

from generator.errors import DataError
from generator.tools.annotate import escape_data, escape_property, github_line, workspace_prefix

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """Read a line the way the Actions runner does (actions/runner ActionCommand.cs)."""
    match = re.fullmatch(r"::(\S+?)(?: (.*?))?::(.*)", line)
    assert match, line
    name, props, message = match.groups()

    def unescape(text: str, prop: bool) -> str:
        text = text.replace("%0D", "\r").replace("%0A", "\n")
        if prop:
            text = text.replace("%3A", ":").replace("%2C", ",")
        return text.replace("%25", "%")

    properties = {}
    for pair in (props or "").split(","):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, True)
    return name, properties, unescape(message, False)


HOSTILE = "第一行\n::set-env name=PATH::/tmp/evil\r\n::add-mask::x 100%0A, a:b"


def test_escaping_follows_the_runner_rules() -> None:
    assert escape_data("50% 完成\r\n下一行") == "50%25 完成%0D%0A下一行"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_hostile_text_stays_inside_one_annotation() -> None:
    error = DataError("data/x/notices/a,line=1:b.yml", 3, 7, HOSTILE, "提示\n::error::假", "title")
    line = github_line(error)
    assert "\n" not in line and "\r" not in line
    name, props, message = parse(line)
    assert name == "error"
    assert props == {"file": "data/x/notices/a,line=1:b.yml", "line": "3", "col": "7", "title": "数据有误：title"}
    assert message == HOSTILE + "\n提示\n::error::假"  # the committee's text, intact, as text


def test_workspace_prefix_places_a_project_below_the_repository_top(tmp_path: Path) -> None:
    (tmp_path / "sites" / "xingfu").mkdir(parents=True)
    assert workspace_prefix(tmp_path / "sites" / "xingfu", str(tmp_path)) == "sites/xingfu/"
    assert workspace_prefix(tmp_path, str(tmp_path)) == ""
    assert workspace_prefix(tmp_path, "/elsewhere") == ""  # not inside: paths as they are


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project(tmp_path)
    return tmp_path


def run(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT)}
    full.pop("GITHUB_WORKSPACE", None)
    full.update(env or {})
    return subprocess.run([*CLI, *args], cwd=project, capture_output=True, text=True, env=full, timeout=300)


def test_check_github_from_committee_data_with_injection_attempts(project: Path) -> None:
    notices = project / "data" / "xingfu" / "notices"
    evil_name = "2026-11-01-a,line=1,title=x.yml"
    (notices / evil_name).write_text(
        'title: 通知\nkind: "通告\\n::set-env name=EVIL::1"\npublished_on: 2026-11-01\nbody: 正文\n'
        '"备注\\r\\n::add-mask::secret%0A": 1\n',
        encoding="utf-8",
    )
    result = run(project, "check", "--github", env={"GITHUB_WORKSPACE": str(project)})
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::error file=") for line in lines), result.stdout
    parsed = [parse(line) for line in lines]
    assert {p["file"] for _, p, _ in parsed} == {f"data/xingfu/notices/{evil_name}"}
    messages = {p["line"]: m for _, p, m in parsed}
    assert "“通告\n::set-env name=EVIL::1”" in messages["2"]  # shown as text on line 2
    assert "不认识的键“备注\r\n::add-mask::secret%0A”" in messages["5"]
    # The plain report still goes to the log for people reading it.
    assert f"data/xingfu/notices/{evil_name}:2:7:" in result.stderr


def test_check_without_errors_prints_no_annotation(project: Path) -> None:
    result = run(project, "check", "--github")
    assert result.returncode == 0, result.stderr
    assert "::" not in result.stdout


def test_gitlab_code_quality_report(project: Path) -> None:
    ledger = project / "data" / "xingfu" / "finance" / "2026-10.yml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("period: 2026-10", "period: 2026-13"), "utf-8")
    report = project / "gl.json"
    result = run(project, "check", "--gitlab-report", str(report))
    assert result.returncode == 1
    (entry,) = json.loads(report.read_text(encoding="utf-8"))
    line = line_of(ledger, "period:")
    assert entry["location"] == {"path": "data/xingfu/finance/2026-10.yml", "lines": {"begin": line}}
    assert "月份 13 不存在" in entry["description"]
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("period: 2026-13", "period: 2026-10"), "utf-8")
    assert run(project, "check", "--gitlab-report", str(report)).returncode == 0
    assert json.loads(report.read_text(encoding="utf-8")) == []
