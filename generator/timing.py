"""Where a build's time goes: CPU and wall seconds per step, read by ``bench/run``.

The steps are named once here so that the bench and the code that runs them agree. A step
may run many times (once per page); its seconds add up. The cost is two clock reads per
call, so the hooks stay in every build.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

LOAD = "load+check"
RENDER = "render"
GATE = "privacy gate"
SEARCH = "search index"
POSTERS = "posters"
FEEDS = "feeds"
# In the order bench/run prints them; MkDocs' own share is the whole build less these.
STEPS = (LOAD, RENDER, GATE, SEARCH, POSTERS, FEEDS)

_totals: dict[str, list[float]] = {}


def cpu_seconds() -> float:
    """CPU seconds of this process (all threads) and of its finished child processes (pdftotext, Pagefind)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def step(name: str) -> Iterator[None]:
    cpu, wall = cpu_seconds(), time.perf_counter()
    try:
        yield
    finally:
        spent = _totals.setdefault(name, [0.0, 0.0])
        spent[0] += cpu_seconds() - cpu
        spent[1] += time.perf_counter() - wall


def totals() -> dict[str, tuple[float, float]]:
    """``{step: (cpu_seconds, wall_seconds)}`` of the steps that ran since the last ``reset``."""
    return {name: (cpu, wall) for name, (cpu, wall) in _totals.items()}


def reset() -> None:
    _totals.clear()


def add(spent: dict[str, tuple[float, float]]) -> None:
    """Count the steps another process ran for this build (a unit built in a worker process)."""
    for name, (cpu, wall) in spent.items():
        total = _totals.setdefault(name, [0.0, 0.0])
        total[0] += cpu
        total[1] += wall
