"""The committee as build unit: units assembled into the whole site, incremental builds, the live preview.

The strongest check: the example site built unit by unit (``--units … --units-out``, then
``assemble``) is the whole-site build of the ``built`` fixture, file for file and byte for
byte. Known to differ: Pagefind's filter chunk, its metadata file and the entry file that names
them — Pagefind writes the filter index in the order of its own hash maps, so two runs over the
same HTML give other bytes (and so other content-hashed names) even in one whole-site build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browser_support import EXAMPLE_DAY
from click.testing import CliRunner
from gitrepo import copy_project, git
from local_server import free_port, wait_for

from generator.cli import main
from generator.clock import AS_OF as AS_OF_VARIABLE
from generator.mkdocs_plugin import engine, privacy_gate, unitbuild
from generator.mkdocs_plugin.incremental import CACHE
from generator.mkdocs_plugin.units import META, ROOT_UNIT

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]
AS_OF = f"--as-of={EXAMPLE_DAY.isoformat()}"
# Pagefind's filter index and what names it: other bytes on every run (see the module's docstring).
UNSTABLE = re.compile(r"(?:[^/]+/)?pagefind/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)")


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_the_site_assembled_from_units_is_the_whole_site_build(built: Path, tmp_path: Path) -> None:
    out, site = tmp_path / "units", tmp_path / "site"
    # One CI matrix job builds the committees; the final job assembles (and builds the root unit).
    done = run(ROOT, "build", "--units", "liuhe,xingfu", "--units-out", str(out), "-j", "2", "-q", AS_OF)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["liuhe", "xingfu"]
    assert not (out / "xingfu" / "index.html").exists()  # the root's files are not a committee's
    assert (out / "xingfu" / "xingfu" / "index.html").is_file()
    done = run(ROOT, "assemble", str(out), "-d", str(site), "-q", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "警告" not in done.stderr

    ours, whole = files(site), files(built)
    stable = sorted(rel for rel in whole if not UNSTABLE.fullmatch(rel))
    assert sorted(rel for rel in ours if not UNSTABLE.fullmatch(rel)) == stable
    assert len(ours) == len(whole)
    differ = [rel for rel in stable if ours[rel].read_bytes() != whole[rel].read_bytes()]
    assert not differ, differ


def test_assemble_names_the_units_it_lacks(tmp_path: Path) -> None:
    (tmp_path / "units").mkdir()
    project = tmp_path / "p"
    project.mkdir()
    copy_project(project)
    done = run(project, "assemble", str(tmp_path / "units"), "-d", str(tmp_path / "site"), AS_OF)
    assert done.returncode != 0
    assert "缺少生成单元 xingfu、liuhe" in done.stderr or "缺少生成单元 liuhe、xingfu" in done.stderr
    assert "gongkailan build --units" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
    done = run(project, "build", "--units", "xingfu,shanghai", "--units-out", str(tmp_path / "units"))
    assert done.returncode != 0 and "shanghai 不是本站的生成单元" in done.stderr


@pytest.mark.parametrize(
    ("folder", "command"),
    [(".gongkailan/units/_site", ["build"]), ("units/_site", ["assemble", "units"])],
    ids=["build cache", "matrix unit folder"],
)
def test_a_committed_cache_or_unit_folder_never_goes_live(tmp_path: Path, folder: str, command: list[str]) -> None:
    # A unit folder whose fingerprint matches is published as it is, unbuilt and unchecked by the
    # privacy gate: one forced into a commit (git add -f) must stop the build, not be trusted.
    copy_project(tmp_path)
    forged = tmp_path / folder
    forged.mkdir(parents=True)
    (forged / META).write_text('{"unit": "_site", "fingerprint": "forged"}', encoding="utf-8")
    (forged / "index.html").write_text("<p>电话 13800138000</p>", encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "add", "-f", folder)
    git(tmp_path, "commit", "-q", "-m", "数据和缓存")
    done = run(tmp_path, *command, "-d", str(tmp_path / "site"), AS_OF)
    assert done.returncode == 1, done.stdout + done.stderr
    top = folder.split("/")[0]
    assert f"{top}/ 是" in done.stderr and f"git rm -r --cached {top}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example (posters off: they are tested on their own), built once, unit by unit."""
    project = tmp_path_factory.mktemp("units")
    copy_project(project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("posters: true", "posters: false"), encoding="utf-8")
    done = run(project, "build", "-j", "2", AS_OF)
    assert done.returncode == 0, done.stderr
    # Every unit is new: the whole site in one run, shared out into the units' folders.
    assert "重新生成的单元：liuhe、xingfu、_site" in done.stdout
    return project


def test_the_site_built_in_groups_on_two_cores_is_the_single_run_build(project: Path, tmp_path: Path) -> None:
    # The fixture built with -j 2: two groups of units, each one MkDocs run in a forked worker.
    # -j 1 builds the same units in one whole-site run, as plain MkDocs would.
    grouped, kept = project / CACHE, tmp_path / "grouped"
    os.rename(grouped, kept)
    try:
        done = run(project, "build", "-j", "1", "-d", str(tmp_path / "single"), AS_OF)
    finally:
        shutil.rmtree(grouped, ignore_errors=True)
        os.rename(kept, grouped)
    assert done.returncode == 0, done.stderr
    assert "重新生成的单元：liuhe、xingfu、_site" in done.stdout
    ours, single = files(project / "site"), files(tmp_path / "single")
    stable = sorted(rel for rel in single if not UNSTABLE.fullmatch(rel))
    assert sorted(rel for rel in ours if not UNSTABLE.fullmatch(rel)) == stable
    assert len(ours) == len(single)
    differ = [rel for rel in stable if ours[rel].read_bytes() != single[rel].read_bytes()]
    assert not differ, differ


def test_a_unit_built_alone_is_its_share_of_the_whole_build(project: Path, tmp_path: Path) -> None:
    shared_out = tmp_path / "xingfu"
    shutil.copytree(project / CACHE / "xingfu", shared_out)
    shutil.rmtree(project / CACHE / "xingfu")  # as if lost: one of two committees, so built alone
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "重新生成的单元：xingfu" in done.stdout
    alone, share = files(project / CACHE / "xingfu"), files(shared_out)
    stable = sorted(rel for rel in share if not UNSTABLE.fullmatch(rel))
    assert sorted(rel for rel in alone if not UNSTABLE.fullmatch(rel)) == stable
    assert len(alone) == len(share)
    differ = [
        rel for rel in share if not UNSTABLE.fullmatch(rel) and alone[rel].read_bytes() != share[rel].read_bytes()
    ]
    assert not differ, differ


def edit_ledger(project: Path, mark: str) -> str:
    """Add ``mark`` to the summary of xingfu's latest ledger; returns the page that shows it."""
    ledger = sorted((project / "data" / "xingfu" / "finance").glob("*.yml"))[-1]
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(re.sub(r"(summary: [^\n]*)", rf"\g<1>{mark}", text, count=1), encoding="utf-8")
    return f"xingfu/finance/{ledger.stem}/index.html"


def test_unchanged_data_rebuilds_nothing_and_links_the_cached_files(project: Path) -> None:
    # Left by a build killed mid-way, and by a committee whose folder was renamed since.
    leftovers = [project / CACHE / ".xingfu-new-killed" / "site", project / CACHE / "jiuming" / "jiuming"]
    for folder in leftovers:
        folder.mkdir(parents=True)
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "重新生成的单元：无（数据没有变化）" in done.stdout
    assert sorted(p.name for p in (project / CACHE).iterdir()) == ["_site", "liuhe", "xingfu"]
    page = project / "site" / "liuhe" / "index.html"
    assert page.stat().st_ino == (project / CACHE / "liuhe" / "liuhe" / "index.html").stat().st_ino


def test_a_ledger_edit_rebuilds_its_committee_and_links_its_unchanged_pages(project: Path, tmp_path: Path) -> None:
    cache = project / CACHE
    liuhe = (cache / "liuhe" / META).stat().st_ino
    root = (cache / ROOT_UNIT / META).stat().st_ino
    page = edit_ledger(project, "（改过一笔）")
    # The page the live site shows now, held by a name of our own: it must never be written to.
    shown = tmp_path / "shown.html"
    os.link(project / "site" / page, shown)
    shown_before = shown.read_bytes()
    # Pages the edit does not touch: another ledger's, the rules' list, a 修改记录 page (outside the menu).
    others = sorted((cache / "xingfu" / "xingfu" / "finance").glob("*/index.html"))
    untouched = [others[0], cache / "xingfu" / "xingfu" / "rules" / "index.html"]
    untouched.append(next((cache / "xingfu" / "xingfu").rglob("history/index.html")))
    inodes = {path.relative_to(cache / "xingfu").as_posix(): path.stat().st_ino for path in untouched}
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    # The overview and the site's feeds show no ledger's summary: the root unit is reused.
    assert "重新生成的单元：xingfu\n" in done.stdout
    assert "（改过一笔）" in (project / "site" / page).read_text(encoding="utf-8")
    assert "（改过一笔）" not in shown.read_bytes().decode("utf-8") and shown.read_bytes() == shown_before
    assert (project / "site" / page).stat().st_ino != shown.stat().st_ino
    assert (cache / "liuhe" / META).stat().st_ino == liuhe and (cache / ROOT_UNIT / META).stat().st_ino == root
    for rel, inode in inodes.items():  # linked from the cached folder, not rendered again
        assert (cache / "xingfu" / rel).stat().st_ino == inode, rel
        assert (project / "site" / rel).stat().st_ino == inode, rel


@pytest.mark.parametrize("same_base", [True, False])
def test_a_rebuilt_unit_has_the_privacy_gate_read_only_the_files_it_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch, same_base: bool
) -> None:
    cached = project / CACHE / "xingfu"
    if not same_base:  # as a folder built by an older release, or on other data, would say
        meta = json.loads((cached / META).read_text(encoding="utf-8"))
        (cached / META).write_text(json.dumps({**meta, "page_base": "other"}), encoding="utf-8")
    before = {rel: p.read_bytes() for rel, p in files(cached).items()}
    page = edit_ledger(project, f"（又改一笔{same_base}）")
    read: list[dict[str, bytes]] = []
    real = privacy_gate.enforce

    def spy(site_dir: Path, *args: Any) -> None:
        checked = args[-1]
        read.append({rel: p.read_bytes() for rel, p in files(site_dir).items() if rel not in checked})
        real(site_dir, *args)

    monkeypatch.setattr(privacy_gate, "enforce", spy)  # the unit build's gate (assembly has its own)
    monkeypatch.chdir(project)
    monkeypatch.setenv(AS_OF_VARIABLE, EXAMPLE_DAY.isoformat())
    result = CliRunner().invoke(main, ["build", "-q", AS_OF])
    assert result.exit_code == 0, result.output
    [unit_build] = read
    mine = {rel: data for rel, data in unit_build.items() if rel.startswith("xingfu/")}
    changed = {rel for rel, data in mine.items() if before.get(rel) != data}
    assert page in changed and f"（又改一笔{same_base}）" in mine[page].decode("utf-8")
    fragments = [rel for rel in before if rel.endswith(".pf_fragment")]
    read_fragments = sum(rel.endswith(".pf_fragment") for rel in mine)
    if not same_base:  # every file written is read again
        assert set(mine) > changed and read_fragments == len(fragments)
        return
    # What the folder it replaces holds byte for byte was read there, against the same data:
    # the committee's search index is written afresh, and only its changed fragments are read.
    assert set(mine) == changed
    assert 0 < read_fragments < len(fragments) / 10


def test_the_replaced_site_is_made_into_the_next_one_file_by_file(project: Path, tmp_path: Path) -> None:
    """The site a swap replaces is kept (``.gongkailan/spare-site``) and becomes the next build's
    staging folder; whatever it holds that is not the units' own file is replaced."""
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    spare = project / CACHE.parent / "spare-site"
    assert (spare / "index.html").is_file()  # the site the last swap replaced
    kept_as = spare.stat().st_ino
    # Spoilt meanwhile: a stray file, a page replaced by another file, a page gone, a folder where a file goes.
    (spare / "stray.html").write_text("<p>不该上线</p>", encoding="utf-8")
    (spare / "liuhe" / "index.html").unlink()
    (spare / "liuhe" / "index.html").write_text("<p>旧的</p>", encoding="utf-8")
    (spare / "xingfu" / "index.html").unlink()
    (spare / "sitemap.xml").unlink()
    (spare / "sitemap.xml").mkdir()
    (spare / "sitemap.xml" / "x").write_text("x", encoding="utf-8")
    page = edit_ledger(project, "（又改一笔）")
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    live = project / "site"
    assert live.stat().st_ino == kept_as  # the kept site, made right, went live
    assert "（又改一笔）" in (live / page).read_text(encoding="utf-8")
    assert not (live / "stray.html").exists()
    for rel in ("liuhe/index.html", "xingfu/index.html", page):
        unit = rel.split("/")[0]
        assert (live / rel).stat().st_ino == (project / CACHE / unit / rel).stat().st_ino, rel
    # The same site as one assembled into an empty folder.
    shutil.rmtree(spare)
    done = run(project, "build", "-d", str(tmp_path / "fresh"), AS_OF)
    assert done.returncode == 0, done.stderr
    ours, fresh = files(live), files(tmp_path / "fresh")
    assert sorted(ours) == sorted(fresh)
    differ = [rel for rel in fresh if ours[rel].read_bytes() != fresh[rel].read_bytes()]
    assert not differ, differ


def test_a_whole_build_makes_the_replaced_site_the_next_one_ahead(project: Path) -> None:
    """After a whole build the replaced site shares no file with the units: the build brings it
    up to date at once, so that the editor's first edit relinks only what it changed."""
    shutil.rmtree(project / CACHE)  # every unit is built again
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    live, spare = project / "site", project / CACHE.parent / "spare-site"
    units = {rel: path for unit in (project / CACHE).iterdir() for rel, path in files(unit).items() if rel != META}
    kept = files(spare)
    assert sorted(kept) == sorted(units)  # what assembly writes (sitemap, redirect pages) is left out
    for rel, path in kept.items():
        assert path.stat().st_ino == units[rel].stat().st_ino == (live / rel).stat().st_ino, rel
    # Not after an edit: the spare is then one build old, and made right by the next build.
    page = edit_ledger(project, "（再改一笔）")
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "（再改一笔）" in (live / page).read_text(encoding="utf-8")
    assert "（再改一笔）" not in (spare / page).read_text(encoding="utf-8")


def test_an_edit_to_the_menu_rebuilds_the_root_and_equals_a_whole_build(project: Path) -> None:
    notice = sorted((project / "data" / "xingfu" / "notices").glob("*.yml"))[-1]
    text = notice.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title is not None
    notice.write_text(text.replace(title.group(0), f"title: {title.group(1)}（新标题）", 1), encoding="utf-8")
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    # The root pages' menu lists every committee's notices: the root unit is rebuilt too.
    assert "重新生成的单元：xingfu、_site" in done.stdout
    assert "（新标题）" in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "（新标题）" in (project / "site" / "xingfu" / "notices" / notice.stem / "index.html").read_text("utf-8")
    # Two incremental builds in a row (this edit and the ledger's) give what a whole build gives.
    ours = {rel: path.read_bytes() for rel, path in files(project / "site").items()}
    shutil.rmtree(project / CACHE)
    done = run(project, "build", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "重新生成的单元：liuhe、xingfu、_site" in done.stdout
    whole = files(project / "site")
    stable = sorted(rel for rel in whole if not UNSTABLE.fullmatch(rel))
    assert sorted(rel for rel in ours if not UNSTABLE.fullmatch(rel)) == stable
    differ = [rel for rel in stable if ours[rel] != whole[rel].read_bytes()]
    assert not differ, differ


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_group_leaves_the_live_site_untouched(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    before = {rel: p.read_bytes() for rel, p in files(project / "site").items()}
    real = engine.build

    def fails_for_liuhe(config: object) -> None:
        units = config.plugins["gongkailan"].config["unit"]  # type: ignore[attr-defined]
        if not units or "liuhe" in units.split(","):  # no units: the whole site in one run
            raise engine.PluginError(f"{units or '整站'}：生成失败（测试）")
        real(config)  # type: ignore[arg-type]

    # Forked workers (-j 2) inherit the failing build.
    monkeypatch.setattr(unitbuild.engine, "build", fails_for_liuhe)
    monkeypatch.chdir(project)
    # --as-of sets the clock's variable for the process: restored after this test, not left to later ones.
    monkeypatch.setenv(AS_OF_VARIABLE, EXAMPLE_DAY.isoformat())
    # Every unit is to be built (as on a first build): -j 2 deals them into two groups, one run each.
    os.rename(project / CACHE, tmp_path / "cache")
    try:
        result = CliRunner().invoke(main, ["build", "-j", jobs, "-q", AS_OF])
        kept = sorted(p.name for p in (project / CACHE).iterdir())
    finally:
        shutil.rmtree(project / CACHE, ignore_errors=True)
        os.rename(tmp_path / "cache", project / CACHE)
    assert result.exit_code == 1, result.output
    assert "网站生成失败，原有网站保持不变" in result.output
    # With -j 2 liuhe is built in a group with the root unit, the other committee in a group of its own,
    # whose folder is kept: it is right whatever the other group did, and the next build reuses it.
    assert ("liuhe,_site：生成失败（测试）" if jobs == "2" else "整站：生成失败（测试）") in result.output
    assert kept == (["xingfu"] if jobs == "2" else [])
    assert {rel: p.read_bytes() for rel, p in files(project / "site").items()} == before
    assert not list(project.glob(".site-new-*"))


def test_a_published_address_with_nowhere_to_go_stops_the_assembly(project: Path) -> None:
    before = {rel: p.read_bytes() for rel, p in files(project / "site").items()}
    manifest = project / "published-urls.list"
    kept = manifest.read_text(encoding="utf-8")
    manifest.write_text(kept + "https://example.org/xingfu/no-such-page/\n", encoding="utf-8")
    try:
        done = run(project, "build", AS_OF)
    finally:
        manifest.write_text(kept, encoding="utf-8")
    assert done.returncode == 1
    assert "xingfu/no-such-page/" in done.stderr and "原有网站保持不变" in done.stderr
    assert {rel: p.read_bytes() for rel, p in files(project / "site").items()} == before


def test_serve_rebuilds_the_edited_committee_and_reloads(project: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [*CLI, "serve", "-a", f"127.0.0.1:{port}", AS_OF],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"  # site_url https://example.org/ has the root path
        assert wait_for(base, "livereload", 60), "the preview did not start"
        page = edit_ledger(project, "（预览里改的）")
        url = base + page.removesuffix("index.html")
        assert wait_for(url, "（预览里改的）", 60), "the edit did not reach the preview"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "预览已更新（重新生成的单元：xingfu）" in output
    assert not (project / "site" / page).read_text(encoding="utf-8").count("（预览里改的）")  # site/ is not the preview
    shutil.rmtree(project / ".gongkailan" / "preview", ignore_errors=True)
