"""`gongkailan shards`: a city's build units split into CI jobs of about equal work.

A city is many 街道 in one repository (data/jiedao.yml lists them); each committee is a build
unit (``gongkailan build --units a,b --units-out units/``), and a final job assembles the site
(``gongkailan assemble units/``), which also builds the root unit ``_site`` (the portal page).
This module only decides which committees go together: the CI system runs the jobs
(GitHub Actions ``strategy.matrix`` reads the JSON; GitLab's ``parallel`` jobs pick theirs by
``CI_NODE_INDEX``), nothing here schedules anything.

The work of a unit grows with its pages, and a committee has about one page (and one history
page) per data file, so committees are weighed by how many data files they have and dealt out
heaviest first, each to the lightest job so far (longest-processing-time first: no job ends up
more than one committee heavier than the others). Measured on the reference 街道 (5 years): a
社区 has 273 files, 471 pages and builds in 11.3 CPU-s, a 村 199 files, 386 pages, 9.4 CPU-s —
file counts 1.37 : 1 track the work (1.2 : 1) much closer than bytes (1.79 : 1, monthly ledgers
are long files that make one page each).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageProblem

if TYPE_CHECKING:
    from ..model.committee import Site

# GitHub refuses a matrix of more than 256 jobs per workflow run.
MAX_JOBS = 256


@dataclass
class Shard:
    number: int  # 1-based, like GitLab's CI_NODE_INDEX
    units: list[str] = field(default_factory=list)
    weight: int = 0  # data files of its units

    def as_matrix_entry(self) -> dict[str, object]:
        return {"shard": self.number, "units": ",".join(self.units), "files": self.weight}


def unit_weights(site: Site, data: Path) -> dict[str, int]:
    """Each committee's weight: how many files its folder ``data/<slug>/`` holds."""
    return {c.slug: sum(1 for p in (data / c.slug).rglob("*") if p.is_file()) for c in site.committees}


def default_jobs(site: Site) -> int:
    """One job per 街道 or 镇 listed in data/jiedao.yml (one job without it)."""
    return max(1, len(site.subdistricts()) if site.config else 1)


def plan(weights: dict[str, int], jobs: int) -> list[Shard]:
    """Deal the units into ``jobs`` shards, heaviest first onto the lightest; no shard is empty."""
    if jobs < 1:
        raise UsageProblem(f"--jobs 至少是 1，不能是 {jobs}")
    if jobs > MAX_JOBS:
        raise UsageProblem(f"--jobs 最多 {MAX_JOBS}（GitHub 一次最多运行这么多个矩阵任务），不能是 {jobs}")
    shards = [Shard(n + 1) for n in range(min(jobs, len(weights)))]
    # Ties broken by name, so that the same data always gives the same jobs.
    for slug, weight in sorted(weights.items(), key=lambda item: (-item[1], item[0])):
        lightest = min(shards, key=lambda s: (s.weight, s.number))
        lightest.units.append(slug)
        lightest.weight += weight
    for shard in shards:
        shard.units.sort()
    return shards


def matrix_json(shards: list[Shard]) -> str:
    """One line of JSON for ``strategy.matrix: ${{ fromJSON(...) }}``: ``{"include": [...]}``."""
    return json.dumps({"include": [s.as_matrix_entry() for s in shards]}, ensure_ascii=False, separators=(",", ":"))


def pick(shards: list[Shard], number: int) -> str:
    """The ``--units`` value of job ``number`` (1-based, GitLab's CI_NODE_INDEX).

    Empty for a job beyond the shards: a city with fewer committees than parallel jobs leaves
    the extra jobs idle rather than failing.
    """
    if number < 1:
        raise UsageProblem(f"--job 从 1 数起（GitLab 的 CI_NODE_INDEX），不能是 {number}")
    return ",".join(shards[number - 1].units) if number <= len(shards) else ""
