"""Every loader and validator error, as the committee's editor reads it (tests/cases/errors/)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from golden import CASES, read_case, rewrite_errors, write_tree

from generator.errors import DataErrors
from generator.load.repository import load_site

ERROR_CASES = sorted((CASES / "errors").glob("*.yml"))
LOCATED = re.compile(r"^data/.+:\d+:\d+: ")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("case_path", ERROR_CASES, ids=[p.stem for p in ERROR_CASES])
def test_error_case(case_path: Path, tmp_path: Path, update_goldens: bool) -> None:
    case = read_case(case_path)
    write_tree(case, tmp_path)
    try:
        load_site(tmp_path)
        actual: list[str] = []
    except DataErrors as exc:
        actual = [error.format() for error in exc.errors]
    if update_goldens:
        rewrite_errors(case_path, actual)
        case = read_case(case_path)  # and check that the rewritten file reads back the same
    assert actual == case["errors"]
    for line in actual:
        assert LOCATED.match(line), line
        assert CJK.search(line.split(": ", 1)[1]), line


def test_corpus_is_large_enough() -> None:
    assert len(ERROR_CASES) >= 30


_RUN_ALL = """
import sys
from pathlib import Path
from generator.errors import DataErrors
from generator.load.repository import load_site
for root in sorted(Path(sys.argv[1]).iterdir()):
    try:
        load_site(root)
    except DataErrors as exc:
        print(exc.report())
"""


def test_corpus_never_raises_a_traceback(tmp_path: Path) -> None:
    """The whole corpus in a fresh interpreter: every mistake is a message, none a crash."""
    for case_path in ERROR_CASES:
        write_tree(read_case(case_path), tmp_path / case_path.stem)
    project = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", _RUN_ALL, str(tmp_path)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "共发现" in result.stdout
