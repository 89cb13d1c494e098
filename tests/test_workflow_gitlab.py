"""The GitLab pipeline, and the gongkailan commands every CI file calls."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import yaml

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
