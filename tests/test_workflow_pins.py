"""Every action a workflow runs is pinned by commit, at a release we have read, on a current Node.

A tag (`@v4`) can be moved by whoever controls the action's repository; a full commit SHA cannot.
The `# vX.Y.Z` comment says which release that commit is (Dependabot keeps both up to date).
`tests/data/actions/` holds each pinned commit's own `action.yml` and its release tag, copied from
the action's repository: an action still on Node 20 (or older), or a pin nobody has looked at, fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONS = ROOT / "tests" / "data" / "actions"
CURRENT_NODE = {"node24"}
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)
PINNED = re.compile(r"(?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40})")
COMMENT = re.compile(r"\s+# (v\d+\.\d+\.\d+)\s*$")


def uses_lines(text: str) -> list[tuple[str, str]]:
    """(`uses:` value, rest of the line) for every step in a workflow or composite action."""
    return [(m.group(1).strip("'\""), m.group(2)) for m in USES.finditer(text)]


def tags(base: Path = ACTIONS) -> dict[tuple[str, str], str]:
    """(action, commit) -> release tag, from tests/data/actions/tags.txt."""
    found = {}
    for line in (base / "tags.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            action, tag, sha = line.split()[:3]
            found[(action, sha)] = tag
    return found


def pin_problems(text: str, known: dict[tuple[str, str], str]) -> list[str]:
    problems = []
    for value, rest in uses_lines(text):
        if value.startswith("./"):
            continue  # an action in this repository: reviewed with it
        match = PINNED.fullmatch(value)
        comment = COMMENT.fullmatch(rest)
        if not match:
            problems.append(f"{value}: not pinned by a full commit SHA")
        elif not comment:
            problems.append(f"{value}: no `# vX.Y.Z` comment")
        elif known.get((match["action"], match["sha"])) != comment.group(1):
            problems.append(f"{value}: commit is not {comment.group(1)} in tests/data/actions/tags.txt")
    return problems


def runtime_problems(action: str, sha: str, base: Path = ACTIONS, seen: tuple[str, ...] = ()) -> list[str]:
    path = base / action / sha / "action.yml"
    if not path.is_file():
        return [f"{action}@{sha}: its action.yml is not in tests/data/actions/ (see the README there)"]
    text = path.read_text(encoding="utf-8")
    runs: dict[str, Any] = yaml.safe_load(text)["runs"]
    if runs["using"] == "composite":
        problems = pin_problems(text, tags(base))
        for value, _ in uses_lines(text):
            inner = PINNED.fullmatch(value)
            if inner and value not in seen:
                problems += runtime_problems(inner["action"], inner["sha"], base, (*seen, value))
        return [f"{action} (composite) → {p}" for p in problems]
    if runs["using"] not in CURRENT_NODE:
        return [f"{action}@{sha}: runs on {runs['using']}, not {' or '.join(sorted(CURRENT_NODE))}"]
    return []


def workflow_files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) >= 3
    return files


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_release_in_a_comment(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert uses_lines(text), path
    assert pin_problems(text, tags()) == []


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_every_pinned_action_runs_on_a_current_node(path: Path) -> None:
    problems = []
    for value, _ in uses_lines(path.read_text(encoding="utf-8")):
        pinned = PINNED.fullmatch(value)
        assert pinned, value
        problems += runtime_problems(pinned["action"], pinned["sha"])
    assert problems == []


def test_each_stored_action_yml_is_at_the_commit_its_tag_names() -> None:
    # Every stored action.yml is listed in tags.txt, and nothing listed is missing.
    stored = {
        (f"{p.parent.parent.parent.name}/{p.parent.parent.name}", p.parent.name) for p in ACTIONS.rglob("action.yml")
    }
    assert stored == set(tags())


def test_the_checks_catch_a_tag_pin_a_wrong_comment_and_a_node20_action(tmp_path: Path) -> None:
    known = tags()
    sha = next(s for (a, s) in known if a == "actions/checkout")
    workflow = (
        "steps:\n"
        "  - uses: actions/checkout@v4\n"
        f"  - uses: actions/checkout@{sha}\n"
        f"  - uses: actions/checkout@{sha} # v1.0.0\n"
        f"  - uses: actions/checkout@{sha} # {known[('actions/checkout', sha)]}\n"
    )
    assert pin_problems(workflow, known) == [
        "actions/checkout@v4: not pinned by a full commit SHA",
        f"actions/checkout@{sha}: no `# vX.Y.Z` comment",
        f"actions/checkout@{sha}: commit is not v1.0.0 in tests/data/actions/tags.txt",
    ]
    # A composite action that calls a Node 20 action is refused through it, naming both.
    old, new = "1" * 40, "2" * 40
    (tmp_path / "tags.txt").write_text(f"a/old v4.0.0 {old}\na/wrapper v1.0.0 {new}\n", encoding="utf-8")
    (tmp_path / "a/old" / old).mkdir(parents=True)
    (tmp_path / "a/old" / old / "action.yml").write_text("runs:\n  using: node20\n  main: x.js\n", encoding="utf-8")
    (tmp_path / "a/wrapper" / new).mkdir(parents=True)
    (tmp_path / "a/wrapper" / new / "action.yml").write_text(
        f"runs:\n  using: composite\n  steps:\n    - uses: a/old@{old} # v4.0.0\n", encoding="utf-8"
    )
    assert runtime_problems("a/wrapper", new, tmp_path) == [
        f"a/wrapper (composite) → a/old@{old}: runs on node20, not node24"
    ]
    assert runtime_problems("a/old", "0" * 40, tmp_path) == [
        f"a/old@{'0' * 40}: its action.yml is not in tests/data/actions/ (see the README there)"
    ]


def test_dependabot_proposes_lock_and_action_updates_weekly_and_grouped() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for update in updates.values():
        assert update["directory"] == "/"
        assert update["schedule"]["interval"] == "weekly"
        assert any(group["patterns"] == ["*"] for group in update["groups"].values())
    # Dependabot's pip updater reads *.txt requirement files in the directory: the two locks a site and
    # the tests install, never the lowest-versions lock, whose pins are the floors on purpose.
    assert updates["pip"]["exclude-paths"] == ["requirements-lowest.txt"]
    assert {p.name for p in ROOT.glob("*.txt")} == {
        "requirements.txt",
        "requirements-test.txt",
        "requirements-lowest.txt",
    }


def test_renovate_for_gitlab_leaves_the_lowest_lock_alone() -> None:
    config = json.loads((ROOT / "renovate.json").read_text(encoding="utf-8"))
    assert config["ignorePaths"] == ["requirements-lowest.txt"]
    assert "schedule:weekly" in config["extends"] and "group:all" in config["extends"]
    assert "helpers:pinGitHubActionDigests" in config["extends"]
