"""The committee home page and the 公告公示 lists, as a resident reads them (issue 13 §2, §3).

Rendered by the core for the example data on given days (no build): the home page puts the
newest notices first and says in one line how its 公开目录 stands, the index is a dated list of
what is current, every notice is on its year's page and its kind's page, and the filter rows
link only to pages that exist.
"""

from __future__ import annotations

import posixpath
import re
from datetime import date

import pytest
from example import community, village

from generator.model.catalogue_status import catalogue_summary
from generator.model.committee import Site
from generator.privacy.takedown import Takedown
from generator.site.markup import keep_times
from generator.site.notice_lists import home_notices
from generator.site.pages import Page, url_of
from generator.site.render import Renderer

INSIDE = date(2026, 11, 20)  # the Q4 低保 list is in its 公示期; the Q2 one has come down
RUNNING = "2026-11-18-dibao-gongshi"
ENDED = "2026-04-02-shilaohua-gaizao-chengjiao-gongshi"  # a 公示 that ended in April
DOWN = "2026-05-11-dibao-gongshi"  # a list of persons taken down after its 公示期


@pytest.fixture(scope="module")
def pages(example: Site) -> dict[str, Page]:
    return {page.src: page for page in Renderer(example, INSIDE).pages()}


def _items(page: Page) -> list[str]:
    """The notices a list page shows, as "heading|slug" in page order."""
    out, heading = [], ""
    for line in page.content.splitlines():
        if line.startswith("## "):
            heading = line[3:]
        for slug in re.findall(r'class="gkl-notice-title" href="(?:\.\./)*([^"/]+)/"', line):
            out.append(f"{heading}|{slug}")
    return out


def test_home_shows_newest_notices_then_accounts_then_contacts(pages: dict[str, Page]) -> None:
    home = pages["xingfu/index.md"].content
    order = [home.index(h) for h in ("## 最新公告公示", "## 本期财务", "## 联系我们")]
    assert order == sorted(order), "notices, then accounts, then contacts"
    first = home.split("## 最新公告公示", 1)[1].split("</li>", 1)[0]
    assert RUNNING in first and "救助名单" in first and "2026年11月18日" in first
    assert "公示中" in first and "还有 4 天" in first, "status and days left in words"
    assert DOWN not in home, "a list taken down is not on the home page"
    assert "2026年10月</a>：收入 ¥58,800.00，支出 ¥35,634.53，期末结余 ¥469,161.29。" in home
    alerts = re.findall(r"<li><strong>待换届：</strong>[^\n]*</li>", home)
    assert len(alerts) == 2, "one line per body whose term has ended"
    assert '<a href="rosters/juweihui/">第四届居民委员会</a>任期2026年5月15日届满' in alerts[0], (
        "居委会 first (rosters by body)"
    )
    # Profile details are one click away, on the 简介 page.
    assert "东至和平路" not in home and "网格划分" not in home
    about = pages["xingfu/about.md"].content
    assert "东至和平路" in about and "8437 人" in about and "网格划分" in about
    assert 'href="about/">社区简介</a>' in home


def test_home_links_the_catalogue_with_its_status_in_words(pages: dict[str, Page], example: Site) -> None:
    for slug, name in (("xingfu", "居务公开目录"), ("liuhe", "村务公开目录")):
        home = pages[f"{slug}/index.md"].content
        line = f'<li><a href="catalogue/">{name}</a>：'
        assert line in home and f"{slug}/catalogue/index.md" in pages
        assert home.index(line) > home.index("## 联系我们"), "below the notices, accounts and contacts"
        assert home.index(line) < home.index('href="about/"'), "beside the 简介 link"
    assert re.search(r"公开目录</a>：\d+ 项均按时公开</li>", pages["xingfu/index.md"].content)
    # A year later nothing new is out: the line names what is late or missing, with the count.
    later = date(2027, 12, 1)
    home = next(p for p in Renderer(example, later).pages() if p.src == "liuhe/index.md").content
    summary = catalogue_summary(village(example), later)
    assert summary.missing > 0
    assert f"村务公开目录</a>：{summary.total} 项中" in home and f"缺失 {summary.missing} 项" in home


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("周一至周日 8:30-17:30（节假日值班）", ["8:30-17:30"]),
        ("8:30～12:00，14:00至17:30", ["8:30～12:00", "14:00至17:30"]),
        ("工作日 8：30—17：30", ["8：30—17：30"]),
    ],
)
def test_a_time_range_is_kept_together_as_typed(typed: str, kept: list[str]) -> None:
    html = str(keep_times(typed))
    assert re.findall(r'<span class="gkl-nowrap">([^<]*)</span>', html) == kept
    assert re.sub(r"<[^>]*>", "", html) == typed, "the text itself is unchanged"
    assert str(keep_times("<b>8:30-9:00</b>")).startswith("&lt;b&gt;"), "typed HTML stays text"


def test_index_lists_current_notices_newest_first_by_month(pages: dict[str, Page]) -> None:
    items = _items(pages["xingfu/notices/index.md"])
    months = list(dict.fromkeys(item.split("|")[0] for item in items))
    assert months == ["2026年11月", "2026年10月", "2026年9月", "2026年8月", "2026年7月"]
    slugs = [item.split("|")[1] for item in items]
    assert slugs == sorted(slugs, reverse=True), "newest first"
    assert RUNNING in slugs
    assert ENDED not in slugs and DOWN not in slugs, "ended 公示 are in the yearly archive"
    year = pages["xingfu/notices/year/2026.md"].content
    assert f'href="../../{ENDED}/">' in year and "公示期已结束" in year
    # The list taken down is listed by its title, linking to the record that is left.
    down = next(line for line in year.splitlines() if DOWN in line)
    assert "已撤下" in down


@pytest.mark.parametrize("pick", [community, village], ids=["xingfu", "liuhe"])
def test_every_notice_is_on_its_year_page_and_its_kind_page(
    example: Site, pages: dict[str, Page], pick: type[community]
) -> None:
    c = pick(example)
    lists = {src: _items(page) for src, page in pages.items() if re.match(rf"{c.slug}/notices/(year|kind)/", src)}
    for doc in c.notices:
        holding = sorted(src for src, items in lists.items() if any(i.endswith(f"|{doc.slug}") for i in items))
        year = f"{c.slug}/notices/year/{doc.model.published_on.year}.md"
        assert len(holding) == 2 and year in holding and "/kind/" in holding[0], (doc.slug, holding)
        kind_page = pages[holding[0]].content
        assert f"# 公告公示：{doc.model.kind}" in kind_page


def test_filter_rows_link_to_pages_that_exist(pages: dict[str, Page]) -> None:
    urls = {url_of(src) for src in pages}
    lists = [src for src, page in pages.items() if "/notices/" in src and 'class="gkl-filter"' in page.content]
    assert len(lists) == (1 + 1 + 8) + (1 + 2 + 5), "index, years and kinds of both committees"
    for src in lists:
        nav = pages[src].content.split('<nav class="gkl-filter"', 1)[1].split("</nav>", 1)[0]
        for href in re.findall(r'href="([^"]+)"', nav):
            assert posixpath.normpath(posixpath.join(url_of(src), href)) + "/" in urls, (src, href)
        assert nav.count('aria-current="page"') == 1, f"{src}: the page shown is marked, not linked"


def test_the_village_speaks_of_itself(pages: dict[str, Page]) -> None:
    about = pages["liuhe/about.md"]
    assert about.title == "村情简介" and "所属乡镇" in about.content
    index = _items(pages["liuhe/notices/index.md"])
    assert [i.split("|")[1] for i in index][:2] == ["2026-11-25-huanjie-xuanju-gonggao", "2026-11-16-dibao-gongshi"]
    assert "2025年11月|2025-11-20-cundao-yinghua-fangan" in _items(pages["liuhe/notices/year/2025.md"])


def test_a_year_with_nothing_current_says_where_the_notices_are(example: Site) -> None:
    later = {p.src: p for p in Renderer(example, date(2027, 12, 1)).pages()}
    index = later["xingfu/notices/index.md"].content
    assert _items(later["xingfu/notices/index.md"]) == []
    assert "现在没有正在公示或半年内发布的公告，往期公告见各年存档。" in index
    assert len(_items(later["xingfu/notices/year/2026.md"])) == len(community(example).notices)


def test_a_running_公示_is_never_pushed_off_the_home_page(example: Site) -> None:
    c = community(example)
    day = date(2026, 3, 20)  # the 询价公告 runs 3-16 to 3-25; six later notices are in the data
    shown = [d.slug for d in home_notices(c.notices, day, Takedown(day))]
    assert len(shown) == 7 and shown[-1] == "2026-03-16-shilaohua-gaizao-zhaobiao", shown
    assert shown == sorted(shown, reverse=True), "still newest first"
