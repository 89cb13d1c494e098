"""Reviewed page goldens: one Markdown file per kind of page, exactly as the core renders it.

Each file under ``tests/goldens/pages/`` is the page's full Markdown (front matter, headings,
tables, every figure) for the example data on a fixed day. A change to what a page says shows
up here as a readable diff in review: run ``pytest tests/test_page_goldens.py --update-goldens``,
read the diff of ``tests/goldens/pages/`` and commit it with the change that caused it.

The dates each page gives (首次公开, 最后修改) come from a fixed history — every file imported
in one commit on one day — so the goldens do not move each time main gets a commit; reading
the real git history (renames, 更正, shallow clones) is tested on a repository of its own in
``tests/test_provenance.py``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.load.history import History, Revision, add_versions
from generator.model.committee import Site
from generator.site.pages import Page
from generator.site.render import Renderer

GOLDENS = Path(__file__).parent / "goldens" / "pages"
TODAY = date(2026, 11, 20)  # inside a 公示 period and after the latest ledger, as a resident would see it
IMPORTED = date(2026, 11, 1)  # the one commit of the fixed history

# Golden name -> the page's source path in the example site.
PAGES = {
    "overview": "index.md",  # two example committees: the site's front page lists them
    "home": "xingfu/index.md",
    "about": "xingfu/about.md",
    "village-about": "liuhe/about.md",
    "rosters-index": "xingfu/rosters/index.md",
    "roster": "xingfu/rosters/juweihui.md",
    "finance-index": "xingfu/finance/index.md",
    "finance-year": "xingfu/finance/year/2026/index.md",
    "ledger": "xingfu/finance/2026-10.md",
    "budget": "xingfu/finance/budget-2026.md",
    "funds": "xingfu/finance/funds.md",
    "donations-index": "xingfu/donations/index.md",
    "donations": "xingfu/donations/2026-chunjie-weiwen.md",
    "property-index": "xingfu/property/index.md",
    "property": "xingfu/property/2026-q3-huimin-wuye.md",
    "lists-index": "xingfu/lists/index.md",
    "list": "xingfu/lists/zhengming.md",
    "rules-index": "xingfu/rules/index.md",
    "rule": "xingfu/rules/juwu-gongkai.md",
    "notices-index": "xingfu/notices/index.md",
    "notices-year": "xingfu/notices/year/2026.md",
    "notices-kind": "xingfu/notices/kind/jiuzhu/index.md",
    "village-notices-year": "liuhe/notices/year/2025.md",
    "notice": "xingfu/notices/2026-11-18-dibao-gongshi.md",
    "resolution": "xingfu/notices/2026-03-10-shilaohua-gaizao-jueyi.md",  # 四议两公开: execution and result
    "catalogue": "xingfu/catalogue/index.md",
    "catalogue-village": "liuhe/catalogue/index.md",
    "rule-history": "xingfu/rules/juwu-gongkai/history.md",
}


def fixed_history(site: Site) -> History:
    """Every data file added in one commit on ``IMPORTED``."""
    docs = [doc for c in site.committees for doc in c.documents()]
    revisions = {doc.path: [Revision("0" * 40, IMPORTED, "导入示例数据", doc.path, "0" * 40)] for doc in docs}
    return add_versions(History("full", revisions), site)


@pytest.fixture(scope="module")
def pages(example: Site) -> dict[str, Page]:
    # The example's site_url (mkdocs.yml): the notices and finance indexes then link their feeds.
    history = fixed_history(example)
    return {
        page.src: page
        for page in Renderer(example, TODAY, site_url="https://example.org/xingfu/", history=history).pages()
    }


def test_every_kind_of_page_has_a_golden(pages: dict[str, Page]) -> None:
    kinds = {src.split("/")[1] for src in pages if src.count("/") == 2}
    covered = {src.split("/")[1] for src in PAGES.values() if src.count("/") == 2}
    assert kinds == covered, f"add a golden page for {kinds - covered}"
    unused = {p.name for p in GOLDENS.glob("*.md")} - {f"{name}.md" for name in PAGES}
    assert not unused, f"golden files for pages no longer checked: {unused}"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_matches_its_golden(name: str, pages: dict[str, Page], update_goldens: bool) -> None:
    actual = pages[PAGES[name]].markdown()
    path = GOLDENS / f"{name}.md"
    if update_goldens:
        GOLDENS.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden for {name}: run pytest {__file__} --update-goldens and review the new file"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{PAGES[name]} changed: run pytest tests/test_page_goldens.py --update-goldens and review the diff of {path}"
    )
