"""The GitLab pipeline, and the gongkailan commands every CI file calls."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from gitrepo import GIT_ENV, commit, git

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
GITLAB = ROOT / ".gitlab-ci.yml"


def pipeline() -> dict[str, Any]:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def test_pages_publishes_public_only_from_the_default_branch_after_check_and_build() -> None:
    pages = pipeline()["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    script = pages["script"]
    check = next(i for i, line in enumerate(script) if "gongkailan check" in line)
    build = next(i for i, line in enumerate(script) if "gongkailan build -d public" in line)
    assert check < build  # a data error stops the job before anything is published
    assert "allow_failure" not in pages and "when" not in pages
    assert pages["resource_group"] == "pages"  # one publication at a time


def test_merge_requests_are_checked_and_summarised() -> None:
    check = pipeline()["check"]
    assert check["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert any("gongkailan check --gitlab-report" in line for line in check["script"])
    assert any("gongkailan build" in line for line in check["script"])
    assert any("gongkailan diff" in line for line in check["after_script"])
    assert check["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "allow_failure" not in check


def test_full_history_is_fetched_for_the_change_summary() -> None:
    assert pipeline()["variables"]["GIT_DEPTH"] == "0"


def command_lines() -> list[tuple[str, str]]:
    found = []
    for path in [GITLAB, *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]:
        for match in re.finditer(r"\.venv/bin/gongkailan ([^\n|>)]*)", path.read_text(encoding="utf-8")):
            found.append((path.name, match.group(1).strip().rstrip('"')))
    return found


def test_every_command_the_ci_files_run_exists_with_those_options() -> None:
    lines = command_lines()
    assert len(lines) >= 8
    for where, line in lines:
        words = shlex.split(line.replace("$(", "").replace(")", ""))
        command = main
        while isinstance(command, click.Group) and words and words[0] in command.commands:
            command = command.commands[words.pop(0)]
        assert not isinstance(command, click.Group), f"{where}: {line}"
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for word in words:
            if word.startswith("-"):
                assert word in known, f"{where}: {line}: {word}"


def epoch_in_pages_job(tmp_path: Path, source: str) -> int:
    """Run the pages job's date step, as GitLab would for a pipeline started by ``source``."""
    repo = tmp_path / source
    repo.mkdir()
    (repo / "README.md").write_text("示例\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "一年前的提交", when="2025-11-20T10:00:00+08:00")
    bin_dir = repo / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    tool = bin_dir / "gongkailan"
    tool.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator.cli "$@"\n', encoding="utf-8")
    tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    (step,) = [line for line in pipeline()["pages"]["script"] if "SOURCE_DATE_EPOCH" in line]
    env = {**os.environ, **GIT_ENV, "PYTHONPATH": str(ROOT), "CI_PIPELINE_SOURCE": source}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step + '\necho "$SOURCE_DATE_EPOCH"'],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize("source", ["schedule", "push"])
def test_every_published_pipeline_builds_as_of_today_even_for_an_old_commit(tmp_path: Path, source: str) -> None:
    # The schedule is what turns 公示中 into 已结束 on the day it ends; a push of a commit written
    # a year ago must not publish the site as of that day (taken-down lists would come back).
    day = datetime.fromtimestamp(epoch_in_pages_job(tmp_path, source), BEIJING).date().isoformat()
    assert day == datetime.now(BEIJING).date().isoformat()


def test_each_pip_cache_is_keyed_on_the_lock_its_job_installs() -> None:
    data = pipeline()
    pip, posters = data["cache"]  # check and pages: bash scripts/setup, and the posters they print
    assert pip["key"] == {"files": ["requirements.txt"]} and pip["paths"] == [".cache/pip"]
    # The poster cache is where the build looks for it, one per job (a job never waits for another's).
    assert posters["paths"] == [".cache/posters"] and "$CI_JOB_NAME_SLUG" in posters["key"]
    assert data["variables"]["GONGKAILAN_POSTER_CACHE"] == "$CI_PROJECT_DIR/.cache/posters"
    assert data["test"]["cache"]["key"] == {"files": ["requirements-test.txt"]}
    assert data["test-lowest"]["cache"]["key"] == {"files": ["requirements-lowest.txt"]}
    assert data["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"


def test_the_whole_suite_runs_on_the_locked_and_the_lowest_versions() -> None:
    data = pipeline()
    assert data["test"]["script"] == ["bash scripts/setup --test", ".venv/bin/python -m pytest"]
    assert data["test-lowest"]["script"] == ["bash scripts/setup --lowest", ".venv/bin/python -m pytest"]
    assert data["test-lowest"]["extends"] == "test"
    rules = [rule["if"] for rule in data["test"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules
    assert any("schedule" in rule and "!=" in rule for rule in rules)  # the daily rebuild runs no tests
    assert "allow_failure" not in data["test"] and "allow_failure" not in data["test-lowest"]
    # Publishing waits for its own check and build, not for the browser tests.
    assert data["pages"]["needs"] == []
