"""The example village (data/liuhe, 六合村): its pages and posters speak of 村民 and 村务, never 社区."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from example import community, village

from generator.model.committee import Site
from generator.outputs.posters import load_style, plan, render_html
from generator.site.pages import Page
from generator.site.render import Renderer, render_site

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 12, 2)
# Inside the 救助名单's 公示期 (11-16 to 11-22): a list past it is never printed (takedown).
ON_WALL = date(2026, 11, 20)
# The words issue 14 names: none may appear in what the generator writes for a village.
URBAN = ("本社区", "社区简介", "居务公开", "居民代表会议")
TAG = re.compile(r"<[^>]+>")


def pages_of(site: Site, slug: str) -> list[Page]:
    return [p for p in render_site(site, TODAY) if p.src.startswith(f"{slug}/")]


def visible(text: str) -> str:
    return re.sub(r"\s+", "", TAG.sub("", text))


def test_village_data_itself_has_no_urban_words() -> None:
    """Otherwise the page checks below could not tell the generator's words from the editor's."""
    for path in (ROOT / "data" / "liuhe").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert not [w for w in URBAN if w in text], path


def test_village_pages_say_村务_and_村民(example: Site) -> None:
    pages = pages_of(example, "liuhe")
    assert len(pages) >= 25
    for page in pages:
        found = [w for w in URBAN if w in page.content]
        assert not found, f"{page.src}: {found}"
    home = visible(next(p for p in pages if p.src == "liuhe/index.md").content)
    assert "村务公开目录" in home and "村情简介" in home
    about = visible(next(p for p in pages if p.src == "liuhe/about.md").content)
    assert "村情简介" in about and "所属乡镇" in about and "村域范围" in about
    ledger = visible(next(p for p in pages if p.src == "liuhe/finance/2026-Q3.md").content)
    assert "2026年第三季度，本村收入" in ledger
    assert "民主理财小组于2026年10月8日审核（签字：杨德明、陈桂芳、方玉林、唐美华）" in ledger
    finance = visible(next(p for p in pages if p.src == "liuhe/finance/index.md").content)
    assert "物业" not in finance and "福彩" not in finance  # the village has neither


def test_the_community_keeps_its_own_words(example: Site) -> None:
    pages = {p.src: visible(p.content) for p in pages_of(example, community(example).slug)}
    assert "居务公开目录" in pages["xingfu/index.md"] and "社区简介" in pages["xingfu/index.md"]
    assert "2026年10月，本社区收入" in pages["xingfu/finance/2026-10.md"]


def test_resolution_shows_votes_and_four_steps(example: Site) -> None:
    page = next(p for p in pages_of(example, "liuhe") if p.src.endswith("2025-12-08-cundao-yinghua-jueyi.md"))
    text = visible(page.content)
    assert "2025年12月5日召开村民代表会议，应到45人，到会42人；赞成39票，反对1票，弃权2票。" in text
    assert "决议通过" in text
    steps = ["党组织提议", "两委会议商议", "党员大会审议", "村民代表会议决议", "决议公开"]
    listed = text.split("四议两公开", 1)[1]
    positions = [listed.find(s) for s in steps]
    assert -1 not in positions and positions == sorted(positions)


def test_quarterly_ledgers_chain_with_collective_income(example: Site) -> None:
    ledgers = village(example).ledgers
    assert [d.model.period.key for d in ledgers] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    categories = {line.category for d in ledgers for line in d.model.income}
    assert {"发包收入", "租赁收入", "经营收入", "补助收入"} <= categories
    assert all(d.model.review and d.model.review.by == "民主理财小组" for d in ledgers)


@pytest.mark.parametrize("kind", ["财务公开", "方案", "会议决议", "救助名单"])
def test_village_posters_say_村(example: Site, kind: str) -> None:
    loaded = load_style(ROOT)
    style = loaded.style
    posters = [
        p
        for p in plan(Renderer(example, ON_WALL), style, "https://example.org/", everything=True)
        if p.committee.slug == "liuhe"
    ]
    poster = next(p for p in posters if p.kind == kind)
    html = render_html(poster, "A4", loaded, ON_WALL)
    # The header and footer come from the 街道's one poster style (issue 14 §4), not from the generator.
    written = html.replace(style.title, "").replace(style.footer or "", "")
    assert not [w for w in URBAN if w in written]
    if kind == "财务公开":
        assert "到村委会办公室查阅" in visible(written)
        assert "民主理财小组于" in visible(written)


def test_levy_shows_money_and_workdays(example: Site) -> None:
    page = next(p for p in pages_of(example, "liuhe") if p.src.endswith("2025-11-20-cundao-yinghua-fangan.md"))
    text = visible(page.content)
    assert "村民筹资¥10,820.00541人，每人¥20.00" in text
    assert "财政奖补¥61,500.00" in text and "项目总投资¥123,000.00" in text and "共380个工日" in text


def test_budget_has_an_income_side_met_from_the_ledgers(example: Site) -> None:
    page = next(p for p in pages_of(example, "liuhe") if p.src == "liuhe/finance/budget-2026.md")
    text = visible(page.content)
    income = text.split("收入预算", 1)[1]
    # 租赁收入: three quarters of ¥27,000 received out of ¥108,000 expected.
    assert "租赁收入¥108,000.00¥81,000.00¥27,000.00" in income
    assert "合计¥382,320.00¥252,546.05" in income


def test_notices_that_name_each_other_are_listed_once(example: Site) -> None:
    page = next(p for p in pages_of(example, "liuhe") if p.src.endswith("2025-12-08-cundao-yinghua-jueyi.md"))
    related = page.content.split("## 相关公告", 1)[1].split("##", 1)[0]
    assert related.count("2025-11-20-cundao-yinghua-fangan") == 1


def test_the_villages_built_files_have_no_urban_words(built: Path) -> None:
    # Every file of the village's part of the built site, as a resident or a data user gets it:
    # pages, open data (field descriptions come from the format), feeds.
    found = []
    for path in sorted((built / "liuhe").rglob("*")):
        if path.suffix in {".html", ".json", ".csv", ".xml"}:
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(built)}: {w}" for w in URBAN if w in text]
    assert found == []
