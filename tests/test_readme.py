"""The README stays true: its test command is what CI runs, its data guide is what the validator accepts."""

from __future__ import annotations

import re
from pathlib import Path

from generator.tools.guide import END, START, render_guide

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```sh\n(.+?)\n```", README, flags=re.S)
    assert blocks[0] == "bash scripts/setup && .venv/bin/gongkailan build"
    assert blocks[1] == "bash scripts/setup --test && .venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci.splitlines()


def test_data_format_guide_matches_the_models() -> None:
    current = README[README.index(START) : README.index(END) + len(END)]
    assert current == render_guide(ROOT / "data"), "run: .venv/bin/gongkailan guide --write README.md"
