"""A time-boxed Hypothesis campaign for a pure function: run checks until the time is up,
report executions and distinct findings, save each finding's input under fuzz/findings/."""

from __future__ import annotations

import contextlib
import hashlib
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException


def run(
    name: str, seconds: float, strategy: st.SearchStrategy[Any], check: Callable[[Any], str | None], out: Path
) -> int:
    """``check`` returns None when the input is fine, else a one-line description of what is wrong."""
    findings: dict[str, str] = {}
    executions = 0
    deadline = time.monotonic() + seconds
    started = time.monotonic()

    @settings(
        max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck), phases=["generate"]
    )
    @given(strategy)
    def one(case: Any) -> None:
        nonlocal executions
        if time.monotonic() >= deadline:
            return
        executions += 1
        try:
            problem = check(case)
        except Exception as exc:  # a traceback is a finding too
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problem = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}: {exc}"
        if problem is not None:
            key = problem.split(":")[0][:60]
            if key not in findings:
                findings[key] = problem
                out.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha1(repr(case).encode()).hexdigest()[:12]
                (out / f"{name}-{digest}.txt").write_text(f"{problem}\n{case!r}\n", encoding="utf-8")
                print(f"  发现:{problem[:200]}(输入已保存为 fuzz/findings/{name}-{digest}.txt)")

    while time.monotonic() < deadline:
        with contextlib.suppress(HypothesisException):
            one()
    elapsed = time.monotonic() - started
    print(f"执行 {executions} 次({executions / elapsed:.0f} 次/秒,{elapsed:.0f} 秒);发现问题 {len(findings)} 个")
    return 1 if findings else 0
