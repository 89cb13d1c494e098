"""One site for a 街道 and a 镇 (data/jiedao.yml): each committee's pages and posters carry its own
name, the front page is the 街道's overview, old addresses (QR codes on walls) keep working."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import ROOT, serve
from example import community, village

from generator.errors import GongkailanError
from generator.load.repository import load_site
from generator.model.committee import Site
from generator.outputs.posters import load_style, look_for, plan
from generator.outputs.redirects import REDIRECT_MARK, keep_published, read_manifest, record, redirect_page
from generator.site.chrome import page_chrome
from generator.site.render import Renderer

OLD_URLS = ROOT / "tests" / "data" / "published-urls-ff53bec.list"  # the example's build at ff53bec
SITE_URL = "https://example.org/"
URBAN = ("本社区", "社区简介", "居务公开", "居民代表会议")
TITLE = re.compile(r"<title>([^<]*)</title>")
TOPIC = re.compile(r'md-header__topic">\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>')
FOOTER = re.compile(r'md-copyright__highlight">\s*([^<]*?)\s*</div>')
PRINT_WHO = re.compile(r'gkl-print-head__who">([^<]*)<')


def _pages(built: Path, slug: str) -> list[tuple[Path, str]]:
    pages = []
    for path in sorted((built / slug).rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        if REDIRECT_MARK not in text:
            pages.append((path, text))
    return pages


@pytest.mark.parametrize(
    ("slug", "site_name", "full_name"),
    [("liuhe", "六合村村务公开", "六合村村民委员会"), ("xingfu", "幸福里社区居务公开", "幸福里社区居民委员会")],
)
def test_every_page_names_its_own_committee(built: Path, slug: str, site_name: str, full_name: str) -> None:
    pages = _pages(built, slug)
    assert len(pages) > 20
    for path, text in pages:
        where = path.relative_to(built)
        assert TITLE.search(text).group(1).endswith(site_name), where  # type: ignore[union-attr]
        assert TOPIC.search(text).group(1) == site_name, where  # type: ignore[union-attr]
        assert FOOTER.search(text).group(1).startswith(full_name), where  # type: ignore[union-attr]
        assert PRINT_WHO.search(text).group(1) == full_name, where  # type: ignore[union-attr]
        if slug == "liuhe":
            assert not [w for w in URBAN if w in text], where


def test_village_posters_wear_the_towns_style_and_name_the_village(example: Site) -> None:
    renderer = Renderer(example, EXAMPLE_DAY)  # noqa: F405
    loaded = load_style(ROOT)
    posters = plan(renderer, loaded.style, SITE_URL)
    ours = [p for p in posters if p.committee.slug == "liuhe"]
    assert ours and all(p.url.startswith(SITE_URL + "liuhe/") and "/liuhe/liuhe/" not in p.url for p in ours)
    look = look_for(loaded, ours[0].unit, village(example))
    assert (look.title, look.name, look.color) == ("青山镇 · 村务公开栏", "六合村村民委员会", "#1d4e89")
    assert look.footer and "青山镇人民政府统一监制" in look.footer and "幸福街道" not in look.footer
    town = look_for(loaded, example.subdistrict(community(example)), community(example))
    assert (town.title, town.footer, town.phone) == ("幸福街道 · 居务公开栏", "幸福街道办事处统一监制", "0571-86901234")


def test_rosters_are_ordered_by_body_party_first(example: Site) -> None:
    for committee in (village(example), community(example)):
        bodies = [r.model.body for r in committee.rosters]
        assert bodies[0] == "党组织"
        assert bodies.index("村民代表" if committee is village(example) else "居委会") > 0


def test_every_address_published_at_ff53bec_leads_somewhere(built: Path) -> None:
    old = [url for _, url in read_manifest(OLD_URLS)]
    assert len(old) > 100 and all(url.startswith("https://example.org/xingfu/") for url in old)
    manifest = {url for _, url in read_manifest(ROOT / "published-urls.list")}
    assert set(old) <= manifest
    redirected = 0
    for url in old:
        rel = url[len(SITE_URL) :]
        if rel.endswith("/") or rel == "":
            page = built / rel / "index.html"
            text = page.read_text(encoding="utf-8")
            if REDIRECT_MARK in text:
                redirected += 1
                target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text).group(1)  # type: ignore[union-attr]
                assert (page.parent / target / "index.html").resolve().is_file(), url
                assert f'<link rel="canonical" href="{SITE_URL}' in text and f'<a href="{target}">' in text
        else:
            assert (built / rel).is_file(), url
    assert redirected > 30  # the old root's pages moved (xingfu/xingfu/… → xingfu/…, guide/)


def test_an_old_address_opens_the_page_without_javascript(built: Path, browser) -> None:  # type: ignore[no-untyped-def]
    origin = serve(built)
    context = browser.new_context(java_script_enabled=False, **PHONE)  # noqa: F405
    page = context.new_page()
    page.goto(origin + "/xingfu/xingfu/finance/2025-10/")
    page.wait_for_url(origin + "/xingfu/finance/2025-10/")
    assert "2025年10月" in page.title() and "幸福里社区居务公开" in page.title()
    context.close()


def test_a_vanished_address_stops_the_build_in_chinese(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "xingfu" / "notices" / "new").mkdir(parents=True)
    (site / "xingfu" / "notices" / "new" / "index.html").write_text("<p>新</p>", encoding="utf-8")
    (tmp_path / "published-urls.list").write_text(
        "# 说明\nhttps://example.org/xingfu/notices/new/\nhttps://example.org/xingfu/notices/old/\n", encoding="utf-8"
    )
    with pytest.raises(GongkailanError) as failure:
        keep_published(site, tmp_path, SITE_URL, ["xingfu"], "网站")
    assert "published-urls.list:3：网址 https://example.org/xingfu/notices/old/ 发布过" in failure.value.message
    assert "redirects.yml 里加一行“xingfu/notices/old/: 新网址”" in failure.value.message
    (tmp_path / "redirects.yml").write_text("xingfu/notices/old/: xingfu/notices/new/\n", encoding="utf-8")
    assert keep_published(site, tmp_path, SITE_URL, ["xingfu"], "网站") == 1
    assert 'url=../new/"' in (site / "xingfu" / "notices" / "old" / "index.html").read_text(encoding="utf-8")


def test_front_page_overview_fits_a_360px_phone(site_url: str, browser) -> None:  # type: ignore[no-untyped-def]
    device = {**PHONE, "viewport": {"width": 360, "height": 740}}  # noqa: F405
    context, page = open_page(browser, site_url + "/", device=device)  # noqa: F405
    try:
        assert page.title() == "东湖区居务村务公开"
        headings = page.locator("article h2").all_inner_texts()
        assert headings[:2] == ["幸福街道 · 社区", "青山镇 · 村"]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
        card = page.locator("table.gkl-overview tr", has_text="六合村")
        for label in ("最新公告", "公示中", "最新账目", "任期", "公开目录"):
            assert card.locator(f'[data-label="{label}"]').is_visible(), label
        assert "任期已满，应换届" in card.inner_text()
        # Each committee's own name in the tab, the header, the menu drawer and the footer.
        for slug, name, full in (
            ("liuhe", "六合村村务公开", "六合村村民委员会"),
            ("xingfu", "幸福里社区居务公开", "幸福里社区居民委员会"),
        ):
            page.goto(f"{site_url}/{slug}/rosters/")
            assert page.title() == f"组织名册 - {name}"
            assert page.locator(".md-header__topic").first.inner_text().strip() == name
            assert page.locator("label.md-nav__title").first.text_content().strip() == name  # type: ignore[union-attr]
            assert page.locator(".md-copyright__highlight").inner_text().startswith(full)
    finally:
        context.close()


def test_build_records_each_new_address_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, text in {
        "index.html": "<p>首页</p>",
        "xingfu/index.html": "<p>幸福里</p>",
        "xingfu/finance/data/2026-10.csv": "日期,金额\n",
        "assets/gongkailan.css": "",
        "old/index.html": redirect_page("../xingfu/", SITE_URL + "xingfu/", "网站"),
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    manifest = tmp_path / "published-urls.list"
    manifest.write_text(f"# 说明\n{SITE_URL}xingfu/\n", encoding="utf-8")
    assert record(tmp_path, site, SITE_URL) == 2
    assert [url for _, url in read_manifest(manifest)] == [
        SITE_URL + "xingfu/",
        SITE_URL,
        SITE_URL + "xingfu/finance/data/2026-10.csv",
    ]
    assert record(tmp_path, site, SITE_URL) == 0


def test_a_village_dropped_in_from_another_town_wears_its_own_towns_name(tmp_path: Path) -> None:
    """Not listed in jiedao.yml: its profile's 白沙镇 groups it and heads its posters, with no office's seal."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    folder = tmp_path / "data" / "shuanghe"
    shutil.copytree(ROOT / "data" / "liuhe", folder)
    for path in folder.rglob("*.yml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("六合", "双河").replace("青山镇", "白沙镇"), encoding="utf-8"
        )
    site = load_site(tmp_path)
    ours = next(c for c in site.committees if c.slug == "shuanghe")
    pages = Renderer(site, EXAMPLE_DAY).pages()  # noqa: F405
    assert "## 白沙镇 · 村" in pages[0].content and '<a href="shuanghe/">双河村</a>' in pages[0].content
    assert page_chrome(site, "shuanghe/finance/index.md", "网站", None)["name"] == "双河村村务公开"
    for page in pages:
        if page.src.startswith("shuanghe/"):
            assert not [w for w in URBAN if w in page.content], page.src
    loaded = load_style(tmp_path)
    look = look_for(loaded, site.subdistrict(ours), ours)
    assert (look.title, look.name, look.footer) == ("白沙镇 · 村务公开栏", "双河村村民委员会", None)
