"""`gongkailan init` starts a committee's repository; the wheel, installed outside this repository,
builds a complete site from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from site_chrome import missing_chrome, page_kinds
from wheel_env import *  # noqa: F403 - fixtures
from wheel_env import make_venv, run

from generator.tools.init_repo import tool_version

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]
OPTIONS = ["--name", "幸福村", "--level", "村", "--slug", "xingfucun", "--url", "https://example.org/xingfucun"]

PROFILE = {
    "subdistrict": "清河市东湖区幸福镇",
    "address": "清河市东湖区幸福镇幸福村村委会大院",
    "households": 512,
    "contacts": [{"label": "村委会办公室", "phone": "0571-86900001", "hours": "工作日 8:30-17:30"}],
}
# Example records copied into the new committee, so the site has every kind of page.
KINDS = ("finance", "notices", "rules", "rosters", "lists", "budgets", "funds", "donations", "property")


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def fill(repo: Path) -> None:
    """What an editor does next: fill in the profile form, add the committee's records."""
    profile = repo / "data" / "xingfucun" / "profile.yml"
    text = profile.read_text(encoding="utf-8")
    for key, value in PROFILE.items():
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False).rstrip("\n")
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[at] = dumped
        text = "\n".join(lines)
    profile.write_text(text, encoding="utf-8")
    for kind in KINDS:
        source = ROOT / "data" / "xingfu" / kind
        if source.is_dir():
            shutil.copytree(source, repo / "data" / "xingfucun" / kind)


def test_init_writes_a_repository_whose_pieces_are_the_projects_own(tmp_path: Path) -> None:
    done = cli(tmp_path, "init", "repo", *OPTIONS)
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "repo"
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "幸福村村务公开"
    assert config["site_url"] == "https://example.org/xingfucun/"
    assert config["theme"]["custom_dir"] == "theme_overrides"
    profile = yaml.safe_load((repo / "data" / "xingfucun" / "profile.yml").read_text(encoding="utf-8"))
    assert profile["name"] == "幸福村村民委员会" and profile["level"] == "村委会"
    assert "# 所属街道或乡镇（必填）" in (repo / "data" / "xingfucun" / "profile.yml").read_text(encoding="utf-8")
    for ours, theirs in (
        (".github/workflows/pages.yml",) * 2,
        (".github/workflows/pr.yml",) * 2,
        (".gitlab-ci.yml",) * 2,
    ):
        assert (repo / theirs).read_text(encoding="utf-8") == (ROOT / ours).read_text(encoding="utf-8")
    assert (repo / "scripts" / "setup").read_bytes() == (ROOT / "scripts" / "setup").read_bytes()
    assert os.access(repo / "scripts" / "setup", os.X_OK)
    assert f"gongkailan=={tool_version()}\n" in (repo / "requirements.txt").read_text(encoding="utf-8")
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 幸福村村务公开\n") and "<!-- data-format:start" in readme
    assert (repo / "schemas" / "profile.json").is_file()
    # Before filling in: check points at the blank the form asks for, in Chinese, with file:line.
    check = cli(repo, "check")
    assert check.returncode == 1
    assert "data/xingfucun/profile.yml:7" in check.stderr and "subdistrict" in check.stderr


def test_init_writes_a_towns_repository_whose_committees_load(tmp_path: Path) -> None:
    """A 镇 with a village and a community: one jiedao.yml, one profile each, every address kept."""
    args = ["--level", "镇", "--name", "青山镇", "--url", "https://qs.example.org"]
    done = cli(tmp_path, "init", "repo", *args, "--committee", "六合村=liuhe", "--committee", "青山社区=qingshan")
    assert done.returncode == 0, done.stderr
    repo = tmp_path / "repo"
    assert yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"] == "青山镇居务村务公开"
    town = yaml.safe_load((repo / "data" / "jiedao.yml").read_text(encoding="utf-8"))["subdistricts"][0]
    assert (town["name"], town["level"], town["committees"]) == ("青山镇", "镇", ["liuhe", "qingshan"])
    assert town["poster"]["footer"] == "青山镇人民政府统一监制"
    village = yaml.safe_load((repo / "data" / "liuhe" / "profile.yml").read_text(encoding="utf-8"))
    assert (village["name"], village["level"], village["subdistrict"]) == ("六合村村民委员会", "村委会", "青山镇")
    assert (repo / "published-urls.list").is_file() and (repo / "schemas" / "jiedao.json").is_file()
    assert cli(repo, "check").returncode == 0
    wrong = cli(tmp_path, "init", "other", *args, "--committee", "六合村")
    assert wrong.returncode == 1 and "名称=文件夹名" in wrong.stderr and "Traceback" not in wrong.stderr


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("我们自己的说明\n", encoding="utf-8")
    done = cli(tmp_path, "init", *OPTIONS)
    assert done.returncode == 1
    assert "没有新建仓库" in done.stderr and "README.md" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "我们自己的说明\n"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [("--slug", "Xing Fu", "只能用小写拼音"), ("--url", "example.org", "不是网址"), ("--level", "省", "--level")],
)
def test_init_explains_a_wrong_option(tmp_path: Path, option: str, value: str, said: str) -> None:
    args = list(OPTIONS)
    args[args.index(option) + 1] = value
    done = cli(tmp_path, "init", *args)
    assert done.returncode != 0 and said in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_installed_wheel_builds_a_complete_site_for_a_new_committee(
    tmp_path: Path, gongkailan_wheel: Path, built: Path
) -> None:
    bin_dir = make_venv(tmp_path / "venv", gongkailan_wheel)
    where = run(bin_dir / "python", "-c", "import generator; print(generator.__file__)", cwd=tmp_path)
    assert str(tmp_path / "venv") in where.stdout  # the installed package, not this repository
    repo = tmp_path / "xingfucun"
    # fill() copies in 幸福里社区's records: a 村委会 would rightly refuse its 居委会 and 居民小组.
    options = [*OPTIONS]
    options[options.index("--level") + 1] = "社区"
    done = run(bin_dir / "gongkailan", "init", repo, *options, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    fill(repo)
    done = run(bin_dir / "gongkailan", "build", cwd=repo)
    assert done.returncode == 0, done.stderr
    site = repo / "site"
    assert missing_chrome(site) == []
    kinds = {k.replace("xingfu/", "xingfucun/") for k in page_kinds(built) if k.startswith("xingfu/")}
    assert kinds <= page_kinds(site)  # every kind of committee page the example has
    assert sorted((site / "posters").rglob("*.pdf")) and (site / "pagefind" / "pagefind.js").is_file()
    assert "0571-86900001" in (site / "index.html").read_text(encoding="utf-8")
    # The privacy gate runs in the installed package too: an ID number on a hand-written page stops the build.
    (repo / "content" / "about.md").write_text("# 关于本站\n\n联系人身份证 110101199003071233\n", encoding="utf-8")
    leak = run(bin_dir / "gongkailan", "build", cwd=repo)
    assert leak.returncode == 1 and "Traceback" not in leak.stderr
    assert "110101199003071233" not in (site / "about" / "index.html").read_text(encoding="utf-8")
