"""The site without plugin hooks: `gongkailan pages`, plain `mkdocs build`, `gongkailan postbuild`.

mkdocs-material's successor runs no plugins, so the written project must build into the same
site as the plugin build (the session fixture ``built``): same pages, same figures, with the
search index, posters and the privacy gate applied over the finished folder.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import reproducible
import yaml
from browser_support import EXAMPLE_DAY
from click.testing import CliRunner
from example import community
from site_chrome import missing_chrome
from test_site_build import squash, text_of

from generator.cli import main
from generator.clock import AS_OF, today
from generator.model.committee import Site
from generator.model.money import yuan
from generator.outputs.postbuild import Steps, run
from generator.privacy.gate import PrivacyLeak
from generator.site.render import Renderer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plain") / "project"
    # As of the day the plugin build (the `built` fixture) was made: which lists are up depends on it.
    runner = CliRunner(env={AS_OF: EXAMPLE_DAY.isoformat()})
    written = runner.invoke(main, ["pages", "-f", str(ROOT / "mkdocs.yml"), "--out", str(out)])
    assert written.exit_code == 0, written.output + written.stderr
    site = out / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml"), "-d", str(site)],
        check=True,
        env=env,
    )
    finished = runner.invoke(main, ["postbuild", "-f", str(ROOT / "mkdocs.yml"), str(site)])
    assert finished.exit_code == 0, finished.output + finished.stderr
    return site


def _files(site: Path, pattern: str) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob(pattern)}


def test_plain_build_has_the_plugin_builds_pages_and_figures(plain: Path, built: Path, example: Site) -> None:
    config = yaml.safe_load((plain.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    assert not any("gongkailan" in str(p) for p in config["plugins"])
    assert config["theme"]["custom_dir"] == "theme" and (plain.parent / "theme" / "main.html").is_file()
    assert config["nav"][0] == {"首页": "index.md"}

    assert _files(plain, "*.html") == _files(built, "*.html")
    assert _files(plain, "*.pdf") == _files(built, "*.pdf") != set()
    assert _files(plain, "*.csv") == _files(built, "*.csv") != set()
    assert (plain / "pagefind" / "pagefind-entry.json").is_file()
    assert missing_chrome(plain) == []  # search box, 大字, print header on every page

    # Every file the same, byte for byte: pages (figures, print header, table cards, 下载海报),
    # open data, search index. Only the sitemap lists pages in another order, and PDFs carry dates.
    # Pagefind writes its filter and sort tables (and the entry file naming them) in a different
    # order on every run, even twice over the same pages (Pagefind issue #638); each page's own
    # committee, kind and date are in its fragment, which is compared.
    files = {f for f in _files(built, "*") if not reproducible.pagefind_unstable(f)}
    assert {f for f in _files(plain, "*") if not reproducible.pagefind_unstable(f)} == files
    assert len(_files(plain, "pagefind/filter/*")) == len(_files(built, "pagefind/filter/*")) > 0
    compared = [f for f in files if (built / f).is_file() and not f.startswith("sitemap") and not f.endswith(".pdf")]
    assert len(compared) > 100
    assert [f for f in compared if (plain / f).read_bytes() != (built / f).read_bytes()] == []

    # The sitemap dates every page by its last change in git, not by the build, in both routes.
    def lastmods(site: Path) -> dict[str, str]:
        text = (site / "sitemap.xml").read_text(encoding="utf-8")
        return dict(re.findall(r"<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]+)</lastmod>)?", text))

    assert lastmods(plain) == lastmods(built)
    assert gzip.decompress((plain / "sitemap.xml.gz").read_bytes()) == (plain / "sitemap.xml").read_bytes()

    with_posters = {path for path in _files(built, "*.html") if "下载海报" in (built / path).read_text("utf-8")}
    assert with_posters != set()
    assert {path for path in with_posters if "下载海报" in (plain / path).read_text("utf-8")} == with_posters

    c = community(example)
    for doc in c.ledgers:
        html = (plain / c.slug / "finance" / doc.slug / "index.html").read_text(encoding="utf-8")
        assert yuan(doc.model.closing_balance) in text_of(html)
        assert 'data-label="' in html  # table cards
    finance = text_of((plain / c.slug / "finance" / "index.html").read_text(encoding="utf-8"))
    assert yuan(c.ledgers[-1].model.closing_balance) in finance
    for doc in c.notices:
        assert squash(doc.model.title) in text_of(
            (plain / c.slug / "notices" / doc.slug / "index.html").read_text("utf-8")
        )


def test_post_build_steps_stop_a_leak(plain: Path, example: Site, tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / "index.html"
    site.mkdir()
    built_page = (plain / "index.html").read_text(encoding="utf-8")
    page.write_text(built_page.replace("</h1>", "</h1><p>联系电话 13912345678</p>", 1), encoding="utf-8")
    with pytest.raises(PrivacyLeak, match="隐私检查未通过"):
        run(site, Steps(Renderer(example, today()), search=False))
    assert not page.exists()  # never left behind for a web server to publish


def test_pages_never_empties_a_folder_it_did_not_write(tmp_path: Path) -> None:
    keep = tmp_path / "照片.jpg"
    keep.write_bytes(b"\xff\xd8")
    result = CliRunner().invoke(main, ["pages", "-f", str(ROOT / "mkdocs.yml"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "已有别的文件" in result.stderr and "Traceback" not in result.output + result.stderr
    assert keep.read_bytes() == b"\xff\xd8" and sorted(p.name for p in tmp_path.iterdir()) == ["照片.jpg"]
