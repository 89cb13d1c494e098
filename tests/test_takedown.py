"""Lists of private persons come down after their 公示期: every output file, tested with --as-of builds.

The daily CI rebuild is what takes a list down; these builds stand for that rebuild on a day
before, inside and after the 公示期 of the example's 2026 Q4 低保 list (11-18 to 11-24).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from example import community
from gitrepo import commit, copy_project, edit, git

from generator.clock import AS_OF
from generator.load.repository import load_site
from generator.mkdocs_plugin.privacy_gate import material_files
from generator.privacy import gate
from generator.privacy.takedown import Takedown, listed_names, person_count
from generator.tools.changes import diff

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]
NOTICES = ROOT / "data" / "xingfu" / "notices"
Q4 = "2026-11-18-dibao-gongshi"  # 公示期 2026-11-18 to 11-24
Q2 = "2026-05-11-dibao-gongshi"  # 公示期 2026-05-11 to 05-17
Q4_NAMES = ["张*明", "李*英", "周*", "黄*平", "孙*梅"]
Q2_ONLY = ["王*国", "陈*芳", "刘*"]  # 赵*华 is also named in the Q4 notice's text


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(AS_OF, None)
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def texts(site: Path) -> dict[str, str]:
    """Every output file as a reader, a search engine or a crawler gets it, decoded."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":  # Pagefind's index and fragments, sitemap.xml.gz
            raw = gzip.decompress(raw)
        if path.suffix == ".pdf":
            done = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
            text = done.stdout.decode()
        else:
            text = raw.decode("utf-8", errors="ignore")
            if path.suffix == ".json":
                text = json.dumps(json.loads(text), ensure_ascii=False)
        out[path.relative_to(site).as_posix()] = text
    return out


def holding(files: dict[str, str], name: str) -> list[str]:
    return [path for path, text in files.items() if name in text]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site built as of a day before, inside and after the Q4 list's 公示期."""
    out = {}
    for label, day in (("before", "2026-11-10"), ("inside", "2026-11-20"), ("after", "2026-12-02")):
        site = tmp_path_factory.mktemp(label) / "site"
        done = run(ROOT, "build", "-q", "--as-of", day, "-d", str(site))
        assert done.returncode == 0, done.stderr
        out[label] = site
    return out


def test_names_are_read_from_the_person_table() -> None:
    site = load_site(ROOT)
    q4 = next(n for n in community(site).notices if n.slug == Q4).model
    assert listed_names(q4.body) == Q4_NAMES
    assert person_count(q4.body) == 5


def test_list_is_up_before_and_inside_its_period(builds: dict[str, Path]) -> None:
    for label in ("before", "inside"):
        files = texts(builds[label])
        for name in Q4_NAMES:
            assert f"xingfu/notices/{Q4}/index.html" in holding(files, name), (label, name)
    inside = texts(builds["inside"])
    for name in Q4_NAMES:
        found = holding(inside, name)
        assert any("pagefind/fragment/" in p for p in found), name  # searchable while up
        assert any(p.endswith(".pdf") for p in found), name  # and on the wall
    # The Q2 list ended on 05-17: already down in every build.
    for label, site in builds.items():
        files = texts(site)
        for name in Q2_ONLY:
            assert holding(files, name) == [], (label, name)


def test_after_its_period_no_output_file_carries_a_name(builds: dict[str, Path]) -> None:
    files = texts(builds["after"])
    for name in [*Q4_NAMES, *Q2_ONLY, "赵*华"]:
        assert holding(files, name) == [], name
    assert not [p for p in files if p.endswith(".pdf") and "最低生活保障" in p]
    # The same URL keeps a record that the list was published: title, dates, how many persons.
    record = files[f"xingfu/notices/{Q4}/index.html"]
    for fact in ("已撤下", "2026年11月18日 至 2026年11月24日", "撤下日期", "2026年11月25日", "5 人"):
        assert fact in record, fact
    assert "0571-86901234" not in record  # nor the objection channel's body text
    assert f"/xingfu/notices/{Q4}/" in files["sitemap.xml"]
    # Not found by search, not on the home page as news.
    fragments = [text for path, text in files.items() if "pagefind/fragment/" in path]
    urls = [json.loads(text[text.index("{") :])["url"] for text in fragments]
    assert "/xingfu/notices/" in urls and f"/xingfu/notices/{Q4}/" not in urls
    home = files["xingfu/index.html"]  # 幸福里社区's home; the front page lists the committees
    assert "第四季度最低生活保障" not in home.split("最新公告公示")[1].split("本期财务")[0]
    # Gone from the feeds with the page (tests/test_feeds.py: while up, its entry names nobody).
    inside = texts(builds["inside"])
    for feed in ("xingfu/notices/feed.xml", "feeds/notices.xml"):
        assert f"/xingfu/notices/{Q4}/" in inside[feed], feed
        assert f"/xingfu/notices/{Q4}/" not in files[feed], feed


def test_takedown_days_keep_a_list_up_longer() -> None:
    site = load_site(ROOT)
    q4 = next(n for n in community(site).notices if n.slug == Q4).model
    assert not Takedown(date(2026, 11, 24)).is_down(q4)
    assert Takedown(date(2026, 11, 25)).is_down(q4)
    assert not Takedown(date(2026, 11, 27), days=3).is_down(q4)
    assert Takedown(date(2026, 11, 28), days=3).is_down(q4)


def test_gate_fails_on_a_name_left_in_any_output(builds: dict[str, Path], tmp_path: Path) -> None:
    site = load_site(ROOT)
    takedown = Takedown(date(2026, 12, 2))
    for target in ("guide/about/index.html", "xingfu/finance/data/2026-10.csv"):
        copy = tmp_path / target.replace("/", "-")
        shutil.copytree(builds["after"], copy)
        gate.enforce(copy, site, theme=material_files(), takedown=takedown)  # clean as built
        path = copy / target
        assert path.is_file(), target
        path.write_text(path.read_text(encoding="utf-8") + "\n张*明\n", encoding="utf-8")
        with pytest.raises(gate.PrivacyLeak) as leak:
            gate.enforce(copy, site, theme=material_files(), takedown=takedown)
        assert f"{target}: 有已撤下名单里的姓名 张*（来自 data/xingfu/notices/{Q4}.yml）" in str(leak.value)
        assert not path.exists()  # the leaking file is never left behind


def test_build_fails_when_a_handwritten_page_copies_a_taken_down_name(tmp_path: Path) -> None:
    copy_project(tmp_path)
    page = tmp_path / "content" / "guide" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n低保户:黄*平\n", encoding="utf-8")
    inside = run(tmp_path, "build", "-q", "--as-of", "2026-11-20", "-d", str(tmp_path / "in"))
    assert inside.returncode == 0, inside.stderr  # still in its 公示期: allowed
    after = run(tmp_path, "build", "-q", "--as-of", "2026-12-02", "-d", str(tmp_path / "out"))
    assert after.returncode == 1
    assert "guide/about/index.html: 有已撤下名单里的姓名 黄*（来自" in after.stderr
    assert not (tmp_path / "out").exists()


def test_change_summary_never_prints_names(tmp_path: Path) -> None:
    copy_project(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "示例数据")
    edit(tmp_path / "data" / "xingfu" / "notices" / f"{Q4}.yml", "| 2 | 李*英 |", "| 2 | 李*红 |")
    new = tmp_path / "data" / "xingfu" / "notices" / "2026-11-30-linshi-jiuzhu.yml"
    new.write_text(
        "title: 临时救助对象公示\nkind: 救助名单\nlists_persons: 是\npublished_on: 2026-11-30\n"
        "period_workdays: 5\nbody: |\n  | 序号 | 姓名 | 金额 |\n  | --- | --- | --- |\n  | 1 | 吴*生 | 800 |\n",
        encoding="utf-8",
    )
    text, valid = diff(tmp_path, "data", "main", None)
    assert valid, text
    assert "临时救助对象公示" in text and "第四季度最低生活保障申请民主评议结果公示" in text
    for name in ("李*红", "李*英", "吴*生"):
        assert name not in text


def test_posters_command_leaves_out_a_list_past_its_takedown_date(tmp_path: Path) -> None:
    inside = run(ROOT, "posters", "--as-of", "2026-11-20", "-o", str(tmp_path / "inside"))
    after = run(ROOT, "posters", "--as-of", "2026-11-25", "-o", str(tmp_path / "after"))
    assert inside.returncode == 0 and after.returncode == 0, inside.stderr + after.stderr
    assert (tmp_path / "inside" / "xingfu" / "notices" / f"{Q4}-A4.pdf").is_file()
    assert not list((tmp_path / "after").rglob(f"{Q4}*"))
    assert (tmp_path / "after" / "xingfu" / "rules").is_dir()  # the rest of the wall is still there
