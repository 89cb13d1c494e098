"""The command line as an editor and CI use it: errors in Chinese, the live site untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's site sources with a live site/ already published."""
    for name in ("mkdocs.yml", "content", "data", "theme_overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    live = tmp_path / "site"
    live.mkdir()
    (live / "index.html").write_text("live site", encoding="utf-8")
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*CLI, *args], cwd=project, capture_output=True, text=True, env=env, timeout=300)


def first_ledger(project: Path) -> Path:
    return sorted((project / "data").glob("*/finance/*.yml"))[0]


def test_check_passes_on_the_example_data(project: Path) -> None:
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert "数据检查通过" in result.stdout


def test_data_error_fails_with_one_chinese_line_and_leaves_site_untouched(project: Path) -> None:
    ledger = first_ledger(project)
    text = ledger.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip().startswith("closing_balance:"))
    lines[number] = "closing_balance: 1.234"
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = sorted(p.name for p in project.iterdir())
    result = run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = ledger.relative_to(project).as_posix()
    assert f"{shown}:{number + 1}:18: 金额“1.234”超过两位小数" in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "live site"
    assert sorted(p.name for p in project.iterdir()) == before  # no half-written staging left behind


def test_mkdocs_failure_after_validation_leaves_site_untouched(project: Path) -> None:
    # A broken link in a hand-written page fails the strict build only inside MkDocs.
    about = project / "content" / "guide" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[坏链接](missing.md)\n", encoding="utf-8")
    result = run(project, "build", "-q")
    assert result.returncode == 1
    assert "原有网站保持不变" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "live site"


def test_successful_build_replaces_the_site(project: Path) -> None:
    result = run(project, "build", "-q")
    assert result.returncode == 0, result.stderr
    assert "live site" not in (project / "site" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_plain_mkdocs_build_reports_data_errors_without_traceback(project: Path) -> None:
    ledger = first_ledger(project)
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("period:", "perod:", 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "不认识的键“perod”" in result.stderr and "是不是想写“period”" in result.stderr
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "live site"


_PLUGIN_ENTRIES = {
    "a list entry with options": "plugins:\n  - gongkailan:\n      data_dir: records\n",
    "a list entry without options": "plugins:\n  - gongkailan\n",
    "an entry with empty options": "plugins:\n  - gongkailan:\n",
    "the options left out": "plugins:\n  - gongkailan:\n      posters: false\n",
    "plugins as a mapping": "plugins:\n  gongkailan:\n    data_dir: records\n",
    "an environment variable": "plugins:\n  - gongkailan:\n      data_dir: !ENV [GKL_TEST_DATA_DIR, records]\n",
    "inherited settings": "INHERIT: base.yml\n",
    "another plugin only": "plugins:\n  - search\n",
}


@pytest.mark.parametrize("plugins", list(_PLUGIN_ENTRIES.values()), ids=list(_PLUGIN_ENTRIES))
def test_check_finds_the_data_folder_where_mkdocs_does(plugins: str, tmp_path: Path) -> None:
    # `check` reads data_dir from mkdocs.yml itself, without loading MkDocs, whenever it is
    # written out; whatever the file looks like, the folder is the one MkDocs' reading gives.
    from generator.cli import _data_dir
    from generator.mkdocs_plugin.settings import read_project

    (tmp_path / "docs").mkdir()
    (tmp_path / "base.yml").write_text(
        "site_name: 基础\nplugins:\n  - gongkailan:\n      data_dir: inherited\n", encoding="utf-8"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 测试\ntheme:\n  name: material\n" + plugins, encoding="utf-8")
    assert _data_dir(config) == read_project(config).data_dir
