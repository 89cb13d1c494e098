"""ProperDocs as a second engine: with the mkdocs package removed, `gongkailan build` and `check` work
through ProperDocs (generator/mkdocs_plugin/engine.py), and the site has the same pages as the MkDocs build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import reproducible
from browser_support import EXAMPLE_DAY
from wheel_env import *  # noqa: F403 - fixtures
from wheel_env import ROOT, make_venv, run

from generator.mkdocs_plugin import engine

PROPERDOCS = "properdocs==1.6.7"
GENERATOR_META = re.compile(r'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def properdocs_bin(tmp_path_factory: pytest.TempPathFactory, gongkailan_wheel: Path) -> Path:
    """The wheel and ProperDocs installed, then the mkdocs package removed."""
    bin_dir = make_venv(tmp_path_factory.mktemp("properdocs") / "venv", gongkailan_wheel, PROPERDOCS)
    done = run(bin_dir / "python", "-m", "pip", "uninstall", "-y", "-q", "mkdocs", cwd=bin_dir)
    assert done.returncode == 0, done.stderr
    assert run(bin_dir / "python", "-c", "import mkdocs", cwd=bin_dir).returncode != 0
    return bin_dir


def _project(target: Path) -> Path:
    # published-urls.list too: the old addresses' redirect pages are part of the site.
    for name in ("mkdocs.yml", "content", "data", "theme_overrides", "published-urls.list"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def _pages(site: Path) -> dict[str, str]:
    """Every HTML page, without the one line that names the engine."""
    return {
        p.relative_to(site).as_posix(): GENERATOR_META.sub("", p.read_text(encoding="utf-8"))
        for p in site.rglob("*.html")
    }


def test_the_normal_environment_uses_mkdocs() -> None:
    assert engine.NAME == "mkdocs"


def test_check_and_build_work_with_only_properdocs(properdocs_bin: Path, built: Path, tmp_path: Path) -> None:
    # The repository itself, not a copy: its pages carry the same dates from git as ``built``.
    check = run(properdocs_bin / "gongkailan", "check", cwd=ROOT)
    assert check.returncode == 0, check.stderr
    assert "数据检查通过" in check.stdout
    # As of the day ``built`` was built (tests/browser_support.py): same 公示 states, same lists up.
    site = tmp_path / "site"
    day = EXAMPLE_DAY.isoformat()
    done = run(properdocs_bin / "gongkailan", "build", "-q", "--as-of", day, "-d", str(site), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "ProperDocs" in (site / "index.html").read_text(encoding="utf-8")  # really built by ProperDocs
    # The same files (Pagefind's filter and sort tables are named by their run's order: counted).
    stable = {f for f in reproducible.files(built) if not reproducible.pagefind_unstable(f)}
    assert {f for f in reproducible.files(site) if not reproducible.pagefind_unstable(f)} == stable
    assert _pages(site) == _pages(built)


def test_a_data_error_is_reported_in_chinese_with_only_properdocs(properdocs_bin: Path, tmp_path: Path) -> None:
    project = _project(tmp_path)
    ledger = sorted((project / "data").glob("*/finance/*.yml"))[0]
    ledger.write_text(
        ledger.read_text(encoding="utf-8").replace("opening_balance: ", "opening_balance: 一百", 1), "utf-8"
    )
    for command in ("check", "build"):
        done = run(properdocs_bin / "gongkailan", command, cwd=project)
        assert done.returncode == 1, done.stdout
        assert f"{ledger.name}:4" in done.stderr and "Traceback" not in done.stderr
        assert not (project / "site").exists()
