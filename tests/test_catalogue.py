"""The 公开目录: statuses as of a day, the page a supervisor reads, check's warnings and --strict.

A small committee in a temporary repository keeps monthly accounts but stopped after September
and published a resolution weeks after its meeting; as of 2026-11-20 its catalogue must say
缺失 and 逾期 in words, ``check`` must name both, and ``check --strict`` must fail.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from example import community, village

from generator.cli import main
from generator.clock import AS_OF
from generator.load.repository import load_site
from generator.model.catalogue_status import catalogue_summary, statuses
from generator.model.committee import Site
from generator.site.render import render_site

TAG = re.compile(r"<[^>]+>")
DAY = date(2026, 11, 20)

PROFILE = "name: 测试社区居民委员会\nsubdistrict: 测试街道\n"
CATALOGUE = """\
use_default: 否
items:
  - title: 财务收支
    group: 财务
    content: 每月收支明细
    basis: 《城市居民委员会组织法》
    subject: 社区居委会
    channel: 居务公开栏
    frequency: 每月
    due_day: 10
    sources: [finance]
  - title: 居民代表会议决议
    group: 居务
    content: 决议和表决情况
    basis: 中办发〔2004〕17号
    subject: 社区居委会
    channel: 居务公开栏
    frequency: 事后
    within_workdays: 5
    sources: [notices/会议决议]
"""


def ledger(period: str, day: str, published: str) -> str:
    return (
        f"period: {period}\nopening_balance: 100.00\nincome: []\nexpense:\n"
        f"  - date: {day}\n    summary: 购买办公用品\n    category: 办公费\n    amount: 10.00\n"
        f"closing_balance: 90.00\npublished_on: {published}\n"
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def late_committee(tmp_path: Path) -> Path:
    """Accounts for August and September only (October was due by 11-10); a resolution out 7 weeks late."""
    first = ledger("2026-08", "2026-08-12", "2026-09-08")
    second = ledger("2026-09", "2026-09-12", "2026-10-09").replace("opening_balance: 100.00", "opening_balance: 90.00")
    second = second.replace("closing_balance: 90.00", "closing_balance: 80.00")
    write(
        tmp_path,
        {
            "mkdocs.yml": "site_name: 测试\ndocs_dir: content\nplugins:\n  - gongkailan\n",
            "content/about.md": "# 关于\n",
            "data/t/profile.yml": PROFILE,
            "data/t/catalogue/mulu.yml": CATALOGUE,
            "data/t/finance/2026-08.yml": first,
            "data/t/finance/2026-09.yml": second,
            "data/t/notices/2026-10-20-jueyi.yml": (
                "title: 关于更换路灯的居民代表会议决议\nkind: 会议决议\npublished_on: 2026-10-20\n"
                "occurred_on: 2026-09-01\nbody: 会议同意更换路灯。\n"
            ),
        },
    )
    return tmp_path


def test_missing_month_and_late_notice_show_on_the_page(late_committee: Path) -> None:
    site = load_site(late_committee)
    rows = {row.item.title: row for row in statuses(site.committees[0], DAY)}
    assert rows["财务收支"].status == "缺失"
    assert rows["财务收支"].detail == "2026年10月应于 2026年11月10日前公开，未见公开"
    assert rows["居民代表会议决议"].status == "逾期"
    # Five working days from the meeting on Tuesday 1 September end on Tuesday 8 September.
    assert (
        rows["居民代表会议决议"].detail
        == "“关于更换路灯的居民代表会议决议”应于 2026年9月8日前公开，2026年10月20日才公开"
    )
    assert (catalogue_summary(site.committees[0], DAY).late, catalogue_summary(site.committees[0], DAY).missing) == (
        1,
        1,
    )

    page = next(p for p in render_site(site, DAY) if p.src == "t/catalogue/index.md")
    text = TAG.sub("", page.content)
    assert "按时 0 项，即将到期 0 项，逾期 1 项，缺失 1 项" in text
    assert "缺失2026年10月应于 2026年11月10日前公开" in text.replace("\n", "")
    # The last disclosure links to its page: September's accounts, and the late resolution.
    assert '<a href="../finance/2026-09/">2026年9月财务收支</a>' in page.content
    assert '<a href="../notices/2026-10-20-jueyi/">关于更换路灯的居民代表会议决议</a>' in page.content
    assert '<span class="gkl-status gkl-status--late">逾期</span>' in page.content


def test_check_warns_and_strict_fails(late_committee: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(AS_OF, DAY.isoformat())  # restored afterwards: --as-of sets it for the run
    config = str(late_committee / "mkdocs.yml")
    runner = CliRunner()
    lenient = runner.invoke(main, ["check", "-f", config, "--as-of", "2026-11-20"])
    assert lenient.exit_code == 0, lenient.output
    missing = (
        "data/t/catalogue/mulu.yml:3:12: 公开目录“财务收支”（每月结束后 10 日内）缺失："
        "2026年10月应于 2026年11月10日前公开，未见公开"
    )
    late = (
        "data/t/notices/2026-10-20-jueyi.yml:3:15: 公开目录“居民代表会议决议”（事项发生后 5 个工作日内）逾期："
        "“关于更换路灯的居民代表会议决议”应于 2026年9月8日前公开，2026年10月20日才公开"
    )
    assert "警告：" + missing in lenient.stderr and "警告：" + late in lenient.stderr
    strict = runner.invoke(main, ["check", "-f", config, "--strict", "--as-of", "2026-11-20"])
    assert strict.exit_code == 1
    assert missing in strict.stderr and late in strict.stderr and "共发现 2 处错误" in strict.stderr
    # Before October's deadline nothing is due yet: the month is only 即将到期, and --strict passes
    # apart from the late resolution.
    early = runner.invoke(main, ["check", "-f", config, "--strict", "--as-of", "2026-11-05"])
    assert missing not in early.stderr and "共发现 1 处错误" in early.stderr


def test_a_disclosure_published_after_the_day_is_not_out_yet(late_committee: Path) -> None:
    site = load_site(late_committee)
    rows = {row.item.title: row for row in statuses(site.committees[0], date(2026, 10, 5))}
    assert rows["财务收支"].status == "即将到期"  # September due by 10-10, its file says published 10-09
    assert rows["财务收支"].detail == "下一期应于 2026年10月10日前公开"
    assert rows["居民代表会议决议"].status == "按时"  # the resolution is not out on 10-05: nothing to judge


def test_examples_are_on_time_on_the_example_day(example: Site) -> None:
    for committee in example.committees:
        late = [(row.item.title, row.status, row.detail) for row in statuses(committee, DAY) if row.status != "按时"]
        assert late == [], committee.slug


def test_village_accounts_follow_its_quarters(example: Site) -> None:
    """六合村 keeps accounts by quarter: the fourth quarter is due by 15 January, not every month."""
    rows = {row.item.title: row for row in statuses(village(example), date(2027, 1, 10))}
    assert rows["财务收支"].status == "即将到期"
    assert rows["财务收支"].detail == "下一期应于 2027年1月15日前公开"
    rows = {row.item.title: row for row in statuses(village(example), date(2027, 1, 16))}
    assert rows["财务收支"].status == "缺失"
    assert rows["财务收支"].detail == "2026年第四季度应于 2027年1月15日前公开，未见公开"
    assert rows["财务收支"].item.shown_time_limit == "每个账期结束后 15 日内"


def test_community_file_extends_the_default(example: Site) -> None:
    titles = [entry.item.title for entry in community(example).catalogue]
    assert titles[0] == "党组织设置和班子成员" and titles[-1] == "居民委员会换届选举"
    assert "物业服务四公开" in titles
    assert "物业服务四公开" not in [entry.item.title for entry in village(example).catalogue]


def test_own_items_replace_default_ones_and_omit_drops_them(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "data/t/profile.yml": PROFILE,
            "data/t/catalogue/mulu.yml": CATALOGUE.replace("use_default: 否", "omit: [物业服务四公开]"),
        },
    )
    entries = load_site(tmp_path).committees[0].catalogue
    by_title = {entry.item.title: entry for entry in entries}
    assert "物业服务四公开" not in by_title
    assert by_title["财务收支"].item.frequency == "每月" and not by_title["财务收支"].default
    assert [e.item.title for e in entries].index("财务收支") < [e.item.title for e in entries].index(
        "年度预算和执行情况"
    )
    assert by_title["居民代表会议决议"].item.group == "居务"  # an addition, after the defaults
    assert by_title["证明事项清单"].default


def test_built_catalogue_page_reads_as_cards(built: Path) -> None:
    """On a phone each item is a card whose lines are named (状态, 最近公开, 时限) in the page itself."""
    html = (built / "xingfu" / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert '<td data-label="状态"><span class="gkl-status gkl-status--ok">按时</span>' in html
    assert '<td data-label="最近公开"><a href="../finance/2026-10/">2026年10月财务收支</a>' in html
    assert '<td data-label="时限">每个账期结束后 10 日内</td>' in html
    assert 'href="catalogue/"' in (built / "xingfu" / "index.html").read_text(encoding="utf-8")  # in the menu


def test_check_masks_a_phone_number_its_warning_quotes(late_committee: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # check leaves the records unmasked (it builds nothing), but what it prints lands in CI logs.
    monkeypatch.setenv(AS_OF, DAY.isoformat())
    notice = late_committee / "data/t/notices/2026-10-20-jueyi.yml"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("关于更换路灯", "关于更换路灯（王师傅 13912345678）"),
        encoding="utf-8",
    )
    done = CliRunner().invoke(main, ["check", "-f", str(late_committee / "mkdocs.yml"), "--as-of", "2026-11-20"])
    assert done.exit_code == 0, done.output
    assert "13912345678" not in done.stderr
    page = next(p for p in render_site(load_site(late_committee), DAY) if p.src == "t/catalogue/index.md")
    shown = re.search(r"“关于更换路灯（王师傅 ([^）]*)）", page.content)
    assert shown is not None and f"“关于更换路灯（王师傅 {shown.group(1)}）的居民代表会议决议”应于" in done.stderr
