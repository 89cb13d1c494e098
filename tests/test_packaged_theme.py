"""The package carries its theme: a repository with only mkdocs.yml, content/ and data/ builds the
full site, and a committee's own theme_overrides/ still wins over any file of it."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_chrome import missing_chrome, page_kinds
from wheel_env import *  # noqa: F403 - fixtures

from generator.mkdocs_plugin.sitebuild import build_site

ROOT = Path(__file__).resolve().parent.parent

MINIMAL_CONFIG: dict[str, Any] = {
    "site_name": "幸福里社区居务公开",
    "site_url": "https://example.org/xingfu/",
    "docs_dir": "content",
    "theme": {"name": "material", "language": "zh", "font": False},
    "plugins": [{"gongkailan": {"posters": True}}],
}


def _repo(tmp: Path, config: dict[str, Any]) -> Path:
    shutil.copytree(ROOT / "content", tmp / "content")
    shutil.copytree(ROOT / "data", tmp / "data")
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return tmp / "mkdocs.yml"


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No theme_overrides/, no extra_css: everything comes from the package."""
    tmp = tmp_path_factory.mktemp("bare")
    return build_site(_repo(tmp, MINIMAL_CONFIG), tmp / "site")


def test_a_repository_with_only_config_content_and_data_gets_the_whole_chrome(bare_site: Path, built: Path) -> None:
    assert missing_chrome(bare_site) == []
    assert page_kinds(bare_site) == page_kinds(built)
    assert {"xingfu/finance", "xingfu/notices", "xingfu/rules", "xingfu/rosters", "guide/about"} <= page_kinds(
        bare_site
    )


def test_a_repository_with_only_config_content_and_data_gets_posters_and_search(bare_site: Path) -> None:
    assert sorted((bare_site / "posters").rglob("*.pdf"))
    ledger = sorted((bare_site / "xingfu" / "finance").glob("20*/index.html"))[-1]
    assert "下载海报" in ledger.read_text(encoding="utf-8")
    assert (bare_site / "pagefind" / "pagefind.js").is_file()


def test_the_example_site_has_the_chrome_on_every_page(built: Path) -> None:
    assert missing_chrome(built) == []


def test_a_committee_override_wins_and_its_readme_is_not_published(tmp_path: Path) -> None:
    config = {**MINIMAL_CONFIG, "plugins": [{"gongkailan": {"posters": False}}]}
    config["theme"] = {**MINIMAL_CONFIG["theme"], "custom_dir": "theme_overrides"}
    config_file = _repo(tmp_path, config)
    shutil.copytree(ROOT / "theme_overrides", tmp_path / "theme_overrides")
    assert (tmp_path / "theme_overrides" / "README.md").is_file()
    partial = tmp_path / "theme_overrides" / "partials" / "gkl-elder.html"
    partial.parent.mkdir()
    partial.write_text(
        '<button type="button" class="md-header__button gkl-elder-toggle" data-gkl-elder-toggle>放大字</button>',
        encoding="utf-8",
    )
    css = tmp_path / "theme_overrides" / "assets" / "print.css"
    css.parent.mkdir()
    css.write_text("/* 本社区的打印样式 */\n", encoding="utf-8")
    site = build_site(config_file, tmp_path / "site")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ">放大字</button>" in home and ">大字</button>" not in home
    assert (site / "assets" / "print.css").read_text(encoding="utf-8") == "/* 本社区的打印样式 */\n"
    assert "gkl-print-head" in home and "data-gkl-search-form" in home  # the rest still from the package
    assert not [p for p in site.rglob("*") if "readme" in p.name.lower()]


def test_the_wheel_holds_every_file_the_build_needs_and_builds_without_warnings(wheel_build: tuple[Path, str]) -> None:
    wheel, log = wheel_build
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [
        p.relative_to(ROOT).as_posix()
        for folder in ("theme", "templates", "json_schemas", "init_files")
        for p in (ROOT / "generator" / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert len(needed) > 40 and sorted(set(needed) - names) == []
    assert "gongkailan-0.1.0.dist-info/licenses/LICENSE".replace("0.1.0", wheel.name.split("-")[1]) in names
    # setuptools' warnings ("Package would be ignored", deprecated keys), not pip's own "WARNING: …" lines;
    # byte-compiling is switched off by PYTHONDONTWRITEBYTECODE, not by the project.
    warnings = [
        line
        for line in log.splitlines()
        if re.search(r"warn", line, re.I) and "byte-compiling" not in line and not line.startswith("WARNING:")
    ]
    assert warnings == []
