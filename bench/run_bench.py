"""The speed bench: a reference 街道 built by gongkailan and, in the same run, by plain MkDocs + Material.

    bench/run [--committees 12] [--years 5] [--runs 3] [--work DIR] [--jobs N]

Makes the data (bench/make_data.py), writes the same pages and navigation as a plain MkDocs
project (``gongkailan pages``; Material as it comes, with its built-in search), then builds
both ``--runs`` times, alternating, each build in a process of its own (bench/_measure.py).
Prints one figure per line with the plain build's figure beside it: CPU seconds (user +
system, child processes such as Pagefind and pdftotext included) are medians; so is wall
time, which on a shared machine says less. Each step's share comes from the timing hooks
(generator/timing.py); MkDocs' share is the rest of the build. Posters are off unless
``--posters``.

Each whole build starts with an empty unit cache (``.gongkailan/``), so it builds every
committee: with ``gongkailan build``'s default ``-j 1`` in one MkDocs run, like plain MkDocs;
with ``--jobs 2`` in two groups of units on two cores (more CPU, less wall time). Without ``--jobs``, each run also
builds with ``-j 0`` (a group of units per core) and prints that build's wall time on a line of its own: the
figures above it stay those of the default build. The one-ledger figure is then an ordinary
``gongkailan build`` after the edit, reusing the last whole build's cache: it rebuilds the
edited committee only, and renders only its pages that changed. A second figure takes the edit
back and builds again, as each build while an editor goes on editing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from make_data import generate  # noqa: E402

from generator import timing  # noqa: E402

PYTHON = sys.executable
MEASURE = str(ROOT / "bench" / "_measure.py")
MARK = "基准测试修改标记"


def measure(*args: str) -> dict[str, Any]:
    """Run bench/_measure.py: its JSON, with CPU seconds (the process and its children) and wall seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    # Builds run one at a time, so the growth of RUSAGE_CHILDREN is this build's (and its
    # own children's, as they are waited for: Pagefind, pdftotext).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([PYTHON, MEASURE, *args], capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"{' '.join(args)} 失败：\n{done.stderr.decode(errors='replace')[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    result["wall"] = wall
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def plain_project(project: Path, out: Path) -> Path:
    """The same pages and navigation as a plain MkDocs + Material project with Material's own search."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    cli = [PYTHON, "-m", "generator.cli", "pages", "-f", str(project / "mkdocs.yml"), "-o", str(out)]
    shutil.rmtree(out, ignore_errors=True)  # its mkdocs.yml is rewritten below: not reusable
    done = subprocess.run(cli, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"gongkailan pages 失败：\n{done.stderr[-3000:]}")
    config_file = out / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["theme"].pop("custom_dir", None)
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config["plugins"] = [{"search": {"lang": "zh"}}]
    config["strict"] = False
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return config_file


def site_size(site: Path) -> tuple[int, int, str]:
    """Bytes of the whole site, and of its largest HTML page (with its path)."""
    total, largest, where = 0, 0, ""
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html" and size > largest:
                largest, where = size, path.relative_to(site).as_posix()
    return total, largest, where


def edit_one_ledger(project: Path, slug: str) -> tuple[Path, str, str]:
    """Change one line of the committee's latest ledger; returns the file, its old text and the page it shows on."""
    ledger = sorted((project / "data" / slug / "finance").glob("*.yml"))[-1]
    old = ledger.read_text(encoding="utf-8")
    lines = old.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("summary:"))
    lines[at] = lines[at].rstrip("\n") + MARK + "\n"
    ledger.write_text("".join(lines), encoding="utf-8")
    return ledger, old, f"{slug}/finance/{ledger.stem}/index.html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--committees", type=int, default=12)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind; medians are printed (1: quick)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/gongkailan-bench"))
    parser.add_argument("--posters", action="store_true", help="build wall posters too")
    parser.add_argument(
        "--jobs", type=int, default=None, help="gongkailan build -j N (0: every core; default: the build's own, -j 1)"
    )
    args = parser.parse_args()

    work = args.work.resolve()
    project = work / "project"
    slugs = generate(project, args.committees, args.years, posters=args.posters)
    files = sum(1 for _ in (project / "data").rglob("*.yml"))
    plain_config = plain_project(project, work / "plain")
    pages = sum(1 for _ in (work / "plain" / "docs").rglob("*.md"))
    print(
        f"参考街道：{args.committees} 个委员会 × {args.years} 年，{files} 个数据文件，{pages} 个页面；每项取 {args.runs} 次的中位数"
    )

    ours: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    checks: list[dict[str, Any]] = []
    cold_checks: list[dict[str, Any]] = []
    parallel: list[dict[str, Any]] = []
    jobs = [] if args.jobs is None else [str(args.jobs)]
    # Without --jobs the figures are those of the default one-run build, and the wall-time stretch
    # (every core at once) is measured beside them in the same runs.
    cores = os.cpu_count() or 1
    also_parallel = args.jobs is None and cores > 1
    for _ in range(args.runs):
        if also_parallel:
            shutil.rmtree(project / ".gongkailan", ignore_errors=True)
            parallel.append(measure("gongkailan", str(project / "mkdocs.yml"), str(work / "site-parallel"), "0"))
        # A whole build: no unit is reused from an earlier run's cache.
        shutil.rmtree(project / ".gongkailan", ignore_errors=True)
        ours.append(measure("gongkailan", str(project / "mkdocs.yml"), str(work / "site"), *jobs))
        plain.append(measure("plain", str(plain_config), str(work / "plain-site")))
        checks.append(measure("check", str(project / "mkdocs.yml")))
        # The same check without the parses the build kept, as in CI's fresh clone.
        kept = project / ".gongkailan" / "parsed.marshal"
        aside = kept.with_name(kept.name + ".aside")
        kept.replace(aside)
        cold_checks.append(measure("check", str(project / "mkdocs.yml")))
        aside.replace(kept)

    def med(results: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key] for r in results)

    def step_cpu(name: str) -> float | None:
        spent = [r["steps"][name][0] for r in ours if name in r["steps"]]
        return statistics.median(spent) if spent else None

    cpu, plain_cpu = med(ours, "cpu"), med(plain, "cpu")
    wall, plain_wall = med(ours, "wall"), med(plain, "wall")
    print(f"整站生成 CPU：{cpu:.1f} 秒｜plain {plain_cpu:.1f} 秒｜{cpu / plain_cpu:.2f} 倍")
    groups = (os.cpu_count() or 1) if args.jobs == 0 else (args.jobs or 1)
    how = f"单元分 {groups} 组同时生成" if groups > 1 else "整站一次生成"
    print(
        f"整站生成用时（墙钟，{os.cpu_count()} 核的机器，{how}）：{wall:.1f} 秒｜plain {plain_wall:.1f} 秒"
        f"｜{wall / plain_wall:.2f} 倍"
    )
    if parallel:
        par_wall, par_cpu = med(parallel, "wall"), med(parallel, "cpu")
        print(
            f"整站生成用时（墙钟，-j 0：单元分 {cores} 组同时生成）：{par_wall:.1f} 秒｜plain {plain_wall:.1f} 秒"
            f"｜{par_wall / plain_wall:.2f} 倍；CPU {par_cpu:.1f} 秒（{par_cpu / plain_cpu:.2f} 倍）"
        )
    print(f"每页 CPU：{cpu / pages * 1000:.1f} 毫秒｜plain {plain_cpu / pages * 1000:.1f} 毫秒")
    known = 0.0
    for name in timing.STEPS:
        spent = step_cpu(name)
        if spent is None:
            print(f"  其中 {name}：—")
            continue
        known += spent
        print(f"  其中 {name}：{spent:.1f} 秒（{spent / cpu:.1%}）")
    mkdocs = cpu - known
    print(f"  其中 MkDocs（其余）：{mkdocs:.1f} 秒（{mkdocs / cpu:.1%}）｜plain 整个 {plain_cpu:.1f} 秒")
    peak, plain_peak = med(ours, "peak") / 1e6, med(plain, "peak") / 1e6
    print(f"内存峰值：{peak:.0f} MB｜plain {plain_peak:.0f} MB｜{peak / plain_peak:.2f} 倍")
    size, largest, where = site_size(work / "site")
    plain_size, plain_largest, plain_where = site_size(work / "plain-site")
    print(f"网站大小：{size / 1e6:.1f} MB｜plain {plain_size / 1e6:.1f} MB")
    print(f"最大页面：{largest / 1e3:.1f} KB（{where}）｜plain {plain_largest / 1e3:.1f} KB（{plain_where}）")
    print(
        f"数据检查（gongkailan check，生成过的机器上）CPU：{med(checks, 'cpu'):.2f} 秒，用时 {med(checks, 'wall'):.2f} 秒｜plain —"
    )
    print(
        f"数据检查（gongkailan check，全新克隆，如 CI）CPU：{med(cold_checks, 'cpu'):.2f} 秒，"
        f"用时 {med(cold_checks, 'wall'):.2f} 秒｜plain —"
    )

    # The cache of the last whole build is in place: the edit rebuilds one committee (its changed pages).
    ledger, old, page = edit_one_ledger(project, slugs[0])
    try:
        rebuilt = measure("gongkailan", str(project / "mkdocs.yml"), str(work / "site"), *jobs)
        shown = MARK in (work / "site" / page).read_text(encoding="utf-8")
        # The editor takes the edit back: the next build, like each one while editing, finds the
        # site its predecessor replaced kept (one build old) and relinks only what changed since.
        ledger.write_text(old, encoding="utf-8")
        again = measure("gongkailan", str(project / "mkdocs.yml"), str(work / "site"), *jobs)
        shown_again = MARK not in (work / "site" / page).read_text(encoding="utf-8")
    finally:
        ledger.write_text(old, encoding="utf-8")
    for label, result, ok in (
        ("改一个账目文件到页面更新", rebuilt, shown),
        ("再改回去（接着编辑时的每一次）", again, shown_again),
    ):
        print(
            f"{label}（gongkailan build，只重新生成这个委员会里变了的页面）：CPU {result['cpu']:.1f} 秒，"
            f"用时 {result['wall']:.1f} 秒（整站的 {result['cpu'] / cpu:.1%}）{'' if ok else '（页面没有更新！）'}"
            f"｜plain 整站重建 {plain_cpu:.1f} 秒"
        )


if __name__ == "__main__":
    main()
