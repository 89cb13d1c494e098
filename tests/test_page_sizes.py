"""Pages carry their own content (issue 16 §3): at five years of data no page is over 40 KB.

One real build of a committee with five years of monthly accounts and notices (bench/make_data.py,
the reference 街道's data): every HTML page stays under the limit, and what the lists leave out
of a page is a plain link away: a notice kind's older years, the finance accounts' older years.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import EXAMPLE_DAY

from generator.clock import AS_OF
from generator.load.repository import load_site
from generator.mkdocs_plugin.sitebuild import build_site
from generator.model.committee import Committee

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from make_data import generate  # noqa: E402

LIMIT = 40_000  # bytes of HTML, before compression
YEARS = 5


@pytest.fixture(scope="module")
def five_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Committee, Path]]:
    project = tmp_path_factory.mktemp("five-years")
    (slug,) = generate(project, committees=1, years=YEARS)
    before = os.environ.get(AS_OF)
    os.environ[AS_OF] = EXAMPLE_DAY.isoformat()
    try:
        site_dir = build_site(project / "mkdocs.yml", project / "site")
    finally:
        if before is None:
            del os.environ[AS_OF]
        else:
            os.environ[AS_OF] = before
    (committee,) = load_site(project).committees
    assert committee.slug == slug
    yield committee, site_dir / slug


def _links(page: Path, within: str = "") -> set[str]:
    """Where the links of a page lead (or of its first ``within`` part: the article, the filter row, the menu)."""
    html = page.read_text(encoding="utf-8")
    if within:
        end = {"<article": "</article>", 'class="gkl-filter"': "</nav>"}.get(within, 'class="md-content"')
        html = html.split(within, 1)[1].split(end, 1)[0]
    here = page.parent
    out = set()
    for href in re.findall(r'href="([^"#:]+)/"', html):
        out.add(posixpath.normpath((here / href).as_posix()))
    return out


def _article(page: Path) -> str:
    return page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]


def test_no_page_of_five_years_is_over_40_kb(five_years: tuple[Committee, Path]) -> None:
    committee, site = five_years
    # The data has what made pages big: five years of monthly accounts and of notices.
    assert len(committee.ledgers) >= 12 * (YEARS - 1) and committee.ledgers[0].model.period.months == 1
    assert len({d.model.published_on.year for d in committee.notices}) == YEARS
    pages = list(site.parent.rglob("*.html"))
    assert len(pages) > 400
    big = sorted((p.stat().st_size, p.relative_to(site.parent).as_posix()) for p in pages if p.stat().st_size > LIMIT)
    assert big == [], f"pages over {LIMIT} bytes: {big}"


def test_a_notice_kind_shows_its_newest_year_and_links_every_older_one(five_years: tuple[Committee, Path]) -> None:
    committee, site = five_years
    notices = {d.slug: d.model for d in committee.notices}
    kind_dir = site / "notices" / "kind"
    spread = 0
    for folder in sorted(p for p in kind_dir.iterdir() if p.is_dir()):
        main = folder / "index.html"
        row = re.search(r'<span class="gkl-filter__name">各年的([^<]+)：</span>', main.read_text(encoding="utf-8"))
        pages = [main]
        if row:  # the kind's years, newest first: each a page listing that year's notices of the kind
            years = [folder / p.name / "index.html" for p in sorted(folder.iterdir(), reverse=True) if p.is_dir()]
            assert {str(p.parent) for p in years} <= _links(main, 'class="gkl-filter"'), "every year is linked"
            pages += years
            spread += 1
            filter_row = years[-1].read_text(encoding="utf-8").split('class="gkl-filter"', 1)[1].split("</nav>", 1)[0]
            assert filter_row.count('aria-current="page"') == 1, "an older year: the year is the page shown"
            assert re.search(rf'<a href="\.\./" aria-current="true"[^>]*>{row.group(1)}</a>', filter_row), "its kind"
        listed: list[str] = []
        for page in pages:
            listed += re.findall(r'class="gkl-notice-title" href="\.\./(?:\.\./)+([^"/]+)/"', _article(page))
        kind = notices[listed[0]].kind
        assert sorted(listed) == sorted(s for s, n in notices.items() if n.kind == kind), kind
        newest = max(n.published_on.year for n in notices.values() if n.kind == kind)
        shown = re.findall(r'class="gkl-notice-title" href="\.\./(?:\.\./)+([^"/]+)/"', _article(main))
        assert {notices[s].published_on.year for s in shown} == {newest}, f"{kind}: its page shows its newest year"
    assert spread >= 3, "kinds with notices in several years have a page per year"
    # On a year's page a kind opens that year's notices of the kind, also without JavaScript.
    year_page = site / "notices" / "year" / str(EXAMPLE_DAY.year - 2) / "index.html"
    targets = _links(year_page, 'class="gkl-filter"')
    assert str(site / "notices" / "kind" / "tongzhi" / str(EXAMPLE_DAY.year - 2)) in targets


def test_finance_index_lists_the_latest_year_and_links_a_page_per_year(five_years: tuple[Committee, Path]) -> None:
    committee, site = five_years
    finance = site / "finance"
    ledgers = {str(finance / d.slug) for d in committee.ledgers}
    on_index = _links(finance / "index.html", "<article") & ledgers
    assert on_index == {str(finance / d.slug) for d in committee.ledgers[-12:]}, "the latest twelve periods"
    years = sorted({d.model.period.year for d in committee.ledgers})
    assert {str(finance / "year" / str(y)) for y in years} <= _links(finance / "index.html")
    reached: set[str] = set()
    for year in years:
        page = finance / "year" / str(year) / "index.html"
        here = _links(page, "<article") & ledgers
        assert here == {str(finance / d.slug) for d in committee.ledgers if d.model.period.year == year}
        reached |= here
    assert reached == ledgers, "every period is on its year's page"
    # A ledger's menu lists its own year's periods, not every period of five years.
    ledger = committee.ledgers[-30]
    menu = _links(finance / ledger.slug / "index.html", 'class="md-nav md-nav--primary"')
    assert menu & ledgers == {
        str(finance / d.slug) for d in committee.ledgers if d.model.period.year == ledger.model.period.year
    }


def test_every_link_of_five_years_leads_to_a_file_of_the_site(five_years: tuple[Committee, Path]) -> None:
    # Links in generated HTML are not checked by MkDocs: the lists that moved to pages per year
    # (and every other page of the committee) must not point at a page that is not there.
    _, site = five_years
    root = site.parent
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    dead = set()
    for page in site.rglob("*.html"):
        here = page.parent.relative_to(root).as_posix()
        for href in set(re.findall(r'href="([^"#?:]+)[#?"]', page.read_text(encoding="utf-8"))):
            target = posixpath.normpath(posixpath.join(here, href))
            if target not in files and posixpath.normpath(posixpath.join(target, "index.html")) not in files:
                dead.add(f"{page.relative_to(root)} → {href}")
    assert not dead, sorted(dead)[:10]
