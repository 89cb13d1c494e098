"""Atom feeds of new notices and accounts: valid RFC 4287, dated from the data, named in every page.

The built example (``built``, as of 2026-11-20) is read as a feed reader and a browser read it;
the take-down of person lists is checked on the --as-of builds of test_takedown.py.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from example import community
from feed_validator import problems
from lxml import etree

from generator.load.repository import load_site
from generator.model.committee import Site
from generator.outputs import feeds
from generator.outputs.feeds import feed_files, page_links, site_links
from generator.outputs.feeds import site_feed_files as site_feeds_only
from generator.privacy import gate
from generator.privacy.takedown import Takedown
from generator.site.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
NS = {"a": "http://www.w3.org/2005/Atom"}
SITE_URL = "https://example.org/"  # mkdocs.yml
FEEDS = [
    "feeds/notices.xml",
    "feeds/finance.xml",
    "xingfu/notices/feed.xml",
    "xingfu/finance/feed.xml",
    "liuhe/notices/feed.xml",
    "liuhe/finance/feed.xml",
]
Q4 = "2026-11-18-dibao-gongshi"  # 公示期 2026-11-18 to 11-24; lists 5 persons
Q4_NAMES = ["张*明", "李*英", "周*", "黄*平", "孙*梅"]


def entries(site: Path, feed: str) -> dict[str, etree._Element]:
    doc = etree.fromstring((site / feed).read_bytes())
    return {e.findtext("a:id", namespaces=NS): e for e in doc.findall("a:entry", NS)}


def local(site: Path, url: str) -> Path:
    """The built file a URL of the example site points at."""
    assert url.startswith(SITE_URL), url
    path = site / url[len(SITE_URL) :]
    return path / "index.html" if url.endswith("/") else path


def test_every_feed_validates(built: Path) -> None:
    found = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.xml") if p.name != "sitemap.xml")
    assert found == sorted(FEEDS)
    for feed in FEEDS:
        assert problems((built / feed).read_bytes()) == [], feed


def test_entries_carry_the_datas_dates_titles_and_page_urls(built: Path, example: Site) -> None:
    xingfu = community(example)
    notices = entries(built, "xingfu/notices/feed.xml")
    assert len(notices) == len(xingfu.notices) - 1  # the Q2 低保 list came down on 2026-05-18
    for doc in xingfu.notices:
        url = f"{SITE_URL}xingfu/notices/{doc.slug}/"
        if doc.slug == "2026-05-11-dibao-gongshi":
            assert url not in notices
            continue
        entry = notices[url]
        assert entry.findtext("a:title", namespaces=NS) == doc.model.title
        assert entry.findtext("a:published", namespaces=NS) == f"{doc.model.published_on.isoformat()}T00:00:00+08:00"
        assert entry.find("a:link[@rel='alternate']", NS).get("href") == url
        assert local(built, url).is_file()
    ledgers = entries(built, "xingfu/finance/feed.xml")
    october = ledgers[f"{SITE_URL}xingfu/finance/2025-10/"]
    assert october.findtext("a:title", namespaces=NS) == "2025年10月财务收支"
    assert october.findtext("a:published", namespaces=NS) == "2025-11-10T00:00:00+08:00"  # its published_on
    # Updated: its last change from git (tests/test_provenance.py checks the day of a 更正).
    assert str(october.findtext("a:updated", namespaces=NS)) >= "2025-11-10T00:00:00+08:00"
    # A feed says it changed when its newest entry did, not on every daily rebuild.
    feed = etree.fromstring((built / "xingfu/finance/feed.xml").read_bytes())
    newest = max(str(e.findtext("a:updated", namespaces=NS)) for e in ledgers.values())
    assert feed.findtext("a:updated", namespaces=NS) == newest
    # The site's feed names whose entry it is.
    everyone = entries(built, "feeds/notices.xml")
    assert (
        everyone[f"{SITE_URL}liuhe/notices/2026-11-16-dibao-gongshi/"]
        .findtext("a:title", namespaces=NS)
        .startswith("六合村：")
    )


def test_ids_do_not_change_from_one_daily_build_to_the_next(example: Site) -> None:
    def ids(day: date) -> set[str]:
        files = feed_files(Renderer(example, day, site_url=SITE_URL), SITE_URL, "示例")
        return set(re.findall(r"<id>(.*?)</id>", files["feeds/finance.xml"].decode()))

    assert ids(date(2026, 11, 20)) == ids(date(2026, 11, 21))
    assert feed_files(Renderer(example, date(2026, 11, 20)), "", "示例") == {}  # no site_url: no absolute ids


@pytest.mark.parametrize("most", [3, feeds.MAX_ENTRIES])
def test_the_sites_own_feeds_alone_are_the_ones_feed_files_writes(
    example: Site, monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    # With 3 entries a feed, the newest records of both committees compete for the site's feeds.
    monkeypatch.setattr(feeds, "MAX_ENTRIES", most)
    renderer = Renderer(example, date(2026, 11, 20), site_url=SITE_URL)
    every = feed_files(renderer, SITE_URL, "示例")
    alone = site_feeds_only(renderer, SITE_URL, "示例")
    assert sorted(alone) == ["feeds/finance.xml", "feeds/notices.xml"]
    assert alone == {path: every[path] for path in alone}
    entries = every["feeds/notices.xml"].count(b"<entry>")
    assert entries == 3 if most == 3 else entries > 3


def test_a_one_committee_site_names_its_committees_feeds_everywhere(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.rmtree(tmp_path / "data" / "liuhe")
    (tmp_path / "data" / "jiedao.yml").unlink()  # it names 六合村 too
    site = load_site(tmp_path)
    assert [f["path"] for f in site_links(site, "幸福里", SITE_URL)] == [
        "xingfu/notices/feed.xml",
        "xingfu/finance/feed.xml",
    ]
    assert page_links(site, "xingfu/notices/index.md", SITE_URL) == []  # named once, not twice
    assert sorted(feed_files(Renderer(site, date(2026, 11, 20)), SITE_URL, "幸福里")) == [
        "xingfu/finance/feed.xml",
        "xingfu/notices/feed.xml",
    ]


def test_a_person_list_never_sends_its_names(built: Path) -> None:
    entry = entries(built, "xingfu/notices/feed.xml")[f"{SITE_URL}xingfu/notices/{Q4}/"]
    text = etree.tostring(entry, encoding="unicode")
    assert "5 人的名单" in text and "订阅里不发送" in text
    for name in Q4_NAMES:
        assert name not in text


def test_every_page_names_the_feeds_in_its_head(built: Path) -> None:
    link = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">')
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a redirect from an address published before (outputs/redirects.py): no theme
        found = link.findall(html)
        url = SITE_URL + page.relative_to(built).as_posix().removesuffix("index.html")
        # 404.html links from the site's root (it is served at any depth).
        targets = {urlsplit(urljoin(url, href)).path: title for title, href in found}
        # The site's name from data/jiedao.yml.
        assert targets.get("/feeds/notices.xml") == "东湖区居务村务公开·公告公示（Atom 订阅）", page
        assert "/feeds/finance.xml" in targets, page
        for committee, name in (("xingfu", "幸福里社区"), ("liuhe", "六合村")):
            if page.relative_to(built).as_posix().startswith(committee + "/"):
                assert targets.get(f"/{committee}/notices/feed.xml") == f"{name}·公告公示（Atom 订阅）", page
        for path in targets:
            assert (built / path.removeprefix("/")).is_file(), (page, path)


def test_notices_and_finance_indexes_show_a_subscribe_link(built: Path) -> None:
    for section, words in (("notices", "订阅公告公示（Atom）"), ("finance", "订阅财务公开（Atom）")):
        html = (built / "liuhe" / section / "index.html").read_text(encoding="utf-8")
        assert f'<a href="feed.xml" type="application/atom+xml">{words}</a>' in html


def test_gate_scans_feeds(example: Site, tmp_path: Path) -> None:
    feed = tmp_path / "xingfu" / "notices" / "feed.xml"
    feed.parent.mkdir(parents=True)
    # A mobile number in escaped markup, and a name from a list taken down on 2026-11-25.
    feed.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
        "&lt;td&gt;13800138000&lt;/td&gt;&lt;td&gt;黄*平&lt;/td&gt;</content></entry></feed>",
        encoding="utf-8",
    )
    leaks, _ = gate.scan_site(tmp_path, example, takedown=Takedown(date(2026, 12, 2)))
    kinds = {leak.kind for leak in leaks if leak.output == "xingfu/notices/feed.xml"}
    assert kinds == {"name", "mobile"}, leaks


def test_a_feed_lists_the_newest_entries_only(example: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 3)
    files = feed_files(Renderer(example, date(2026, 11, 20), site_url=SITE_URL), SITE_URL, "示例")
    published = re.findall(r"<published>(.*?)T", files["feeds/finance.xml"].decode())
    assert published == ["2026-11-10", "2026-10-12", "2026-10-10"]  # 幸福里 2026-10, 六合 2026-Q3, 幸福里 2026-09
