"""Run a city's CI workflow the way GitHub Actions or GitLab would, here, one job after another.

This is a test harness, not a scheduler the product ships: it reads the workflow file that
``gongkailan init --level 区`` writes, runs each job's own shell lines with bash in a fresh clone of
the repository (as a runner checks it out), expands the matrix from the plan job's
``gongkailan shards`` output, carries each job's artifacts to the jobs that need them the way the
artifact actions (``merge-multiple``) and GitLab's ``needs`` do, and returns the folder the deploy
job would publish. ``uses:`` steps other than checkout, setup-python, the poster cache (here every job sees this machine's
own cache folder, as a restored cache) and the artifact actions fail
the run, so a workflow that grows a step this harness does not understand cannot pass unnoticed.

    python tests/city_ci.py github REPO     # or: gitlab REPO; prints each job's command and the site folder
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
# Actions whose effect the harness performs itself (checkout: a fresh clone per job).
KNOWN_ACTIONS = (
    "actions/checkout@",
    "actions/setup-python@",
    "actions/cache@",
    "actions/upload-artifact@",
    "actions/download-artifact@",
)
PAGES_ACTIONS = ("actions/upload-pages-artifact@", "actions/deploy-pages@")


class JobFailed(AssertionError):
    pass


@dataclass
class Log:
    commands: list[tuple[str, str]] = field(default_factory=list)  # (job, command line)
    cpu: dict[str, float] = field(default_factory=dict)  # job -> CPU seconds of its commands


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "GONGKAILAN_AS_OF")}
    env.update({"PYTHONPATH": str(ROOT), "CI": "true", "NO_MKDOCS_2_WARNING": "1"})
    env.update(extra)
    return env


def fresh_checkout(repo: Path, into: Path) -> Path:
    """A runner's checkout with fetch-depth 0, and .venv/bin/gongkailan as scripts/setup leaves it."""
    subprocess.run(["git", "clone", "-q", "--no-local", str(repo), str(into)], check=True)
    bin_dir = into / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "gongkailan"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator.cli "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return into


def run_line(job: str, line: str, cwd: Path, env: dict[str, str], log: Log) -> None:
    if line.strip() == "bash scripts/setup":
        return  # this interpreter stands in for the installed .venv (fresh_checkout)
    log.commands.append((job, line))
    before = os.times()
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", line], cwd=cwd, env=env, capture_output=True, text=True)
    after = os.times()
    log.cpu[job] = (
        log.cpu.get(job, 0.0)
        + (after.children_user - before.children_user)
        + (after.children_system - before.children_system)
    )
    if done.returncode != 0:
        raise JobFailed(f"{job}: `{line}` exited {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def load_yaml(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


# ---------------------------------------------------------------- GitHub Actions


def _expand(value: object, context: dict[str, str]) -> str:
    """A workflow value as the runner passes it: expressions filled in, YAML's true/false/0 as text."""
    text = str(value).lower() if isinstance(value, bool) else str(value)

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in context:
            raise JobFailed(f"the harness does not know the expression {name}")
        return context[name]

    return EXPRESSION.sub(one, text)


def _github_job(
    name: str,
    job: dict[str, Any],
    repo: Path,
    work: Path,
    context: dict[str, str],
    artifacts: Path,
    log: Log,
    history: bool = True,
) -> tuple[Path, dict[str, str]]:
    """Run one job in a fresh checkout; returns its folder and its step outputs (steps.ID.outputs.X).
    ``history``: the job reads the whole git history (a site's jobs do; a portal's reads none)."""
    folder = fresh_checkout(repo, work)
    outputs: dict[str, str] = {}
    base = {k: _expand(v, context) for k, v in (job.get("env") or {}).items()}
    for step in job["steps"]:
        uses = str(step.get("uses", ""))
        given = {k: _expand(v, context) for k, v in (step.get("with") or {}).items()}
        if uses.startswith("actions/checkout@"):
            assert not history or given.get("fetch-depth") == "0", f"{name}: every job reads the whole history"
        elif uses.startswith("actions/upload-artifact@"):
            # upload-artifact leaves out files and folders whose names start with "." unless asked.
            hidden = given.get("include-hidden-files") == "true"
            skip = None if hidden else shutil.ignore_patterns(".*")
            shutil.copytree(folder / given["path"], artifacts / given["name"], ignore=skip)
        elif uses.startswith("actions/download-artifact@"):
            assert given.get("merge-multiple") == "true"
            into = folder / given["path"]
            into.mkdir(parents=True, exist_ok=True)
            pattern = given["pattern"]
            for artifact in sorted(artifacts.glob(pattern)):
                shutil.copytree(artifact, into, dirs_exist_ok=True)
        elif uses.startswith(PAGES_ACTIONS):
            context["pages"] = str(folder / given["path"]) if "path" in given else context.get("pages", "")
        elif uses and not uses.startswith(KNOWN_ACTIONS):
            raise JobFailed(f"{name}: the harness cannot run {uses}")
        elif "run" in step:
            out_file = folder.parent / f"{folder.name}.output"
            out_file.write_text("", encoding="utf-8")
            env = clean_env({**base, "GITHUB_OUTPUT": str(out_file)})
            env.update({k: _expand(v, context) for k, v in (step.get("env") or {}).items()})
            run_line(name, _expand(step["run"], context), folder, env, log)
            for line in out_file.read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("=")
                outputs[f"steps.{step.get('id')}.outputs.{key}"] = value
    return folder, outputs


def run_github(workflow: Path, repo: Path, work: Path, log: Log) -> Path:
    """Every job of the city workflow in `needs` order; returns the folder deploy-pages publishes."""
    jobs = load_yaml(workflow)["jobs"]
    artifacts = work / "artifacts"
    artifacts.mkdir(parents=True)
    # One run of the workflow: what a cache key names it by.
    context: dict[str, str] = {"github.run_id": "1", "github.run_attempt": "1"}
    # plan
    plan = jobs["plan"]
    _, steps = _github_job("plan", plan, repo, work / "plan", context, artifacts, log)
    for key, expression in plan["outputs"].items():
        context[f"needs.plan.outputs.{key}"] = _expand(expression, steps)
    # units: one job per matrix entry, as strategy.matrix expands fromJSON(...)
    matrix_expression = EXPRESSION.fullmatch(jobs["units"]["strategy"]["matrix"])
    assert matrix_expression and matrix_expression.group(1) == "fromJSON(needs.plan.outputs.matrix)"
    import json

    matrix = json.loads(context["needs.plan.outputs.matrix"])
    for entry in matrix["include"]:
        values = {f"matrix.{k}": str(v) for k, v in entry.items()}
        _github_job(
            f"units ({entry['units']})",
            jobs["units"],
            repo,
            work / f"units-{entry['shard']}",
            {**context, **values},
            artifacts,
            log,
        )
    # assemble, then deploy publishes what upload-pages-artifact packed
    _github_job("assemble", jobs["assemble"], repo, work / "assemble", context, artifacts, log)
    assert jobs["deploy"]["needs"] == "assemble"
    return Path(context["pages"])


def run_github_portal(workflow: Path, repo: Path, work: Path, log: Log) -> Path:
    """A portal's workflow on a push to main: its build job, then deploy; returns what is published."""
    jobs = load_yaml(workflow)["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    context: dict[str, str] = {"github.event_name": "push"}
    _github_job("build", jobs["build"], repo, work / "build", context, work / "artifacts", log, history=False)
    return Path(context["pages"])


# ---------------------------------------------------------------- GitLab


def run_gitlab(pipeline_file: Path, repo: Path, work: Path, log: Log) -> Path:
    """plan, the `parallel` units jobs, then pages, on the default branch; returns public/."""
    pipeline = yaml.safe_load(pipeline_file.read_text(encoding="utf-8"))
    base = {k: str(v) for k, v in pipeline.get("variables", {}).items() if k != "PIP_CACHE_DIR"}
    branch = {"CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", "CI_PIPELINE_SOURCE": "push"}

    def job(name: str, extra: dict[str, str], inputs: list[Path]) -> Path:
        folder = fresh_checkout(repo, work / (name.replace(" ", "-").replace("/", "-")))
        for artifact in inputs:  # GitLab restores every artifact of the jobs in `needs`
            shutil.copytree(artifact, folder, dirs_exist_ok=True)
        env = clean_env({**base, **branch, **extra})
        # The runner feeds a job's script lines to one shell: a variable set on one line is there on the next.
        lines = [line for line in pipeline[name.split(" ")[0]]["script"] if line.strip() != "bash scripts/setup"]
        run_line(name, "\n".join(lines), folder, env, log)
        return folder

    def kept(folder: Path, spec: dict[str, Any]) -> Path:
        """The job's artifacts: its artifacts:paths copied out, its dotenv report read."""
        out = folder.parent / (folder.name + ".artifacts")
        for path in spec.get("paths", []):
            source = folder / path
            if source.is_dir():
                shutil.copytree(source, out / path)
            elif source.is_file():
                out.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, out / path)
        return out

    plan_folder = job("plan", {}, [])
    dotenv = dict(
        line.split("=", 1)
        for line in (plan_folder / pipeline["plan"]["artifacts"]["reports"]["dotenv"]).read_text().split()
    )
    total = int(pipeline["units"]["parallel"])
    unit_artifacts = []
    for index in range(1, total + 1):
        extra = {**dotenv, "CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(total)}
        folder = job(f"units {index}/{total}", extra, [kept(plan_folder, pipeline["plan"]["artifacts"])])
        unit_artifacts.append(kept(folder, pipeline["units"]["artifacts"]))
    assert pipeline["pages"]["needs"] == ["plan", "units"]
    pages = job("pages", dotenv, unit_artifacts)
    return pages / pipeline["pages"]["artifacts"]["paths"][0]


def run_gitlab_portal(pipeline_file: Path, repo: Path, work: Path, log: Log) -> Path:
    """A portal's pipeline on the default branch: its pages job; returns public/."""
    pipeline = yaml.safe_load(pipeline_file.read_text(encoding="utf-8"))
    base = {k: str(v) for k, v in pipeline.get("variables", {}).items() if k != "PIP_CACHE_DIR"}
    branch = {"CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main", "CI_PIPELINE_SOURCE": "push"}
    folder = fresh_checkout(repo, work / "pages")
    lines = [line for line in pipeline["pages"]["script"] if line.strip() != "bash scripts/setup"]
    run_line("pages", "\n".join(lines), folder, clean_env({**base, **branch}), log)
    return folder / pipeline["pages"]["artifacts"]["paths"][0]


def main() -> None:
    kind, repo = sys.argv[1], Path(sys.argv[2]).resolve()
    work = Path(sys.argv[3] if len(sys.argv) > 3 else f"/tmp/city-ci-{kind}").resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    log = Log()
    if kind == "github":
        site = run_github(repo / ".github" / "workflows" / "pages.yml", repo, work, log)
    else:
        site = run_gitlab(repo / ".gitlab-ci.yml", repo, work, log)
    for name, line in log.commands:
        print(f"[{name}] {line}")
    for name, seconds in log.cpu.items():
        print(f"CPU {name}: {seconds:.1f} s")
    print(site)


if __name__ == "__main__":
    main()
