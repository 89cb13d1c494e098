"""Open data of every public kind: one datapackage.json per committee that `frictionless validate` passes,
tables a spreadsheet can add up, and rosters without anything personal a page does not show."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
import yaml
from example import community, village

from generator.load.repository import load_site
from generator.model.committee import Committee, Site
from generator.outputs import opendata
from generator.outputs.opendata import Column, Table, register_table, site_files

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 11, 20)


def rows(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_both_committees_packages_pass_frictionless_validate(built: Path) -> None:
    for slug, tables in (
        (
            "xingfu",
            {
                "budgets",
                "funds",
                "donations",
                "property-fees",
                "property-accounts",
                "rosters",
                "lists-services",
                "catalogue",
            },
        ),
        ("liuhe", {"budgets", "rosters", "lists-duties", "catalogue"}),
    ):
        package = built / slug / "finance" / "data" / "datapackage.json"
        names = {r["name"] for r in json.loads(package.read_text(encoding="utf-8"))["resources"]}
        assert tables | {f"{t}-json" for t in tables} <= names, slug
        report = frictionless.validate(str(package))  # what `frictionless validate datapackage.json` runs
        assert report.valid, report.flatten(["title", "message"])
        assert report.stats["tasks"] == len(names)  # every file, CSV and JSON, was checked


def test_tables_add_up_and_json_keeps_amounts_exact(example: Site) -> None:
    c = community(example)
    files = site_files(example, DAY)
    budget = c.budgets[-1].model
    spent = [r for r in rows(files["xingfu/finance/data/budgets.csv"]) if r["收支"] == "支出"]
    assert sum(Decimal(r["预算金额"]) for r in spent) == sum(i.amount for i in budget.expense)
    gifts = json.loads(files["xingfu/finance/data/donations.json"])["records"]
    assert [g["金额"] for g in gifts] == [
        f"{g.amount:.2f}" if g.amount else None for d in c.donations for g in d.model.gifts
    ]
    funds = rows(files["xingfu/finance/data/funds.csv"])
    assert {f["专款专用"] for f in funds} <= {"是", "否"} and len(funds) == len(c.funds)


ROSTER = """body: 楼栋长
name: 测试楼栋长
members:
  - name: 王大明
    role: 楼栋长
    address: 幸福里一区3幢1单元201室
    phone: 13912345678
  - name: 李小红
    role: 楼栋长
    phone: 13987654321
    phone_public: 是
"""


def test_rosters_carry_only_public_fields(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "xingfu" / "rosters" / "ceshi.yml").write_text(ROSTER, encoding="utf-8")
    files = site_files(load_site(tmp_path), DAY)
    table = rows(files["xingfu/finance/data/rosters.csv"])
    assert "住址" not in table[0] and "公开电话" not in table[0]
    by_name = {r["姓名"]: r for r in table}
    assert by_name["王大明"]["电话"] == "" and by_name["李小红"]["电话"] == "13987654321"
    text = (
        files["xingfu/finance/data/rosters.csv"].decode("utf-8-sig")
        + files["xingfu/finance/data/rosters.json"].decode()
    )
    for private in ("13912345678", "139****5678", "201室", "3幢", "*幢", "*单元"):
        assert private not in text, private


def test_a_registered_table_joins_the_package(example: Site, tmp_path: Path) -> None:
    def statuses(committee: Committee, day: date) -> list[list[object]]:
        return [["财务收支", day, "按时"]] if committee.slug == "liuhe" else []

    table = register_table(
        Table(
            "extra",
            "另一个表",
            "finance",
            [Column("公开事项", "string"), Column("核对日期", "date"), Column("状态", "string")],
            statuses,
        )
    )
    try:
        files = site_files(example, DAY)
    finally:
        opendata.TABLES.remove(table)
    assert rows(files["liuhe/finance/data/extra.csv"]) == [
        {"公开事项": "财务收支", "核对日期": "2026-11-20", "状态": "按时"}
    ]
    assert "xingfu/finance/data/extra.csv" not in files  # no rows, no table
    names = [r["name"] for r in json.loads(files["liuhe/finance/data/datapackage.json"])["resources"]]
    assert names[-2:] == ["extra", "extra-json"]
    with pytest.raises(ValueError, match="declared twice"):
        register_table(opendata.TABLES[0])


def test_catalogue_statuses_are_open_data_as_the_page_shows_them(example: Site, built: Path) -> None:
    # As of 20 November the village's third-quarter accounts (due 10 October) are out; a day
    # before the deadline of a quarter nothing is out for, it is 即将到期; a year on, 缺失.
    def finance(day: date, site_url: str = "") -> dict[str, str]:
        files = site_files(example, day, site_url)
        table = rows(files["liuhe/finance/data/catalogue.csv"])
        assert len(table) == len(village(example).catalogue)
        return next(r for r in table if r["公开事项"] == "财务收支")

    now = finance(DAY, "https://example.org/site/")
    assert now["状态"] == "按时" and now["核对日期"] == "2026-11-20"
    ledger = village(example).ledgers[-1]
    assert now["最近公开日期"] == ledger.model.published_on.isoformat()
    assert now["最近公开页面"] == f"https://example.org/site/liuhe/finance/{ledger.slug}/"
    assert finance(date(2027, 1, 9))["状态"] == "即将到期"
    late = finance(date(2027, 11, 20))
    assert late["状态"] == "缺失" and "未见公开" in late["说明"]
    assert late["最近公开页面"] == f"liuhe/finance/{ledger.slug}/"  # no site_url: from the site root
    # In the real build (mkdocs.yml's site_url) every linked page exists.
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    built_rows = rows((built / "xingfu" / "finance" / "data" / "catalogue.csv").read_bytes())
    assert {r["状态"] for r in built_rows} <= {"按时", "即将到期", "逾期", "缺失", "依申请"}
    pages = [r["最近公开页面"] for r in built_rows if r["最近公开页面"]]
    assert pages and all(page.startswith(site_url) for page in pages)
    for page in pages:
        assert (built / page.removeprefix(site_url) / "index.html").is_file(), page
