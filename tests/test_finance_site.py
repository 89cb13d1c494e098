"""The built finance pages: 大写, charts, open data, budgets, funds, donations, property fees."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

from example import community

from generator.model.capital import capital
from generator.model.committee import Site

ROOT = Path(__file__).resolve().parent.parent


def article(site_dir: Path, url: str) -> str:
    html = (site_dir / url / "index.html").read_text(encoding="utf-8")
    return html.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]


def text(html: str) -> str:
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


def money(cell: str) -> Decimal:
    return Decimal(re.sub(r"[¥,\s]|<[^>]+>", "", cell))


def page_totals(html: str) -> dict[str, Decimal]:
    table = html.split('class="gkl-table gkl-totals"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="gkl-num"[^>]*>(.*?)</td>', table)
    return {name: money(cell) for name, cell in rows}


def test_csv_opens_in_a_spreadsheet_with_the_page_totals(example: Site, built: Path) -> None:
    c = community(example)
    for doc in c.ledgers:
        raw = (built / c.slug / "finance/data" / f"{doc.slug}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        income = sum((Decimal(r["金额"]) for r in rows if r["收支"] == "收入"), Decimal(0))
        expense = sum((Decimal(r["金额"]) for r in rows if r["收支"] == "支出"), Decimal(0))
        totals = page_totals(article(built, f"{c.slug}/finance/{doc.slug}"))
        assert income == totals["本期收入合计"]
        assert expense == totals["本期支出合计"]
        assert totals["期初余额"] + income - expense == totals["期末余额"]
        assert len(rows) == len(doc.model.income) + len(doc.model.expense)


def test_json_and_datapackage_describe_every_period(example: Site, built: Path) -> None:
    c = community(example)
    folder = built / c.slug / "finance/data"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    ledgers = [r for r in package["resources"] if r["name"].startswith("finance-")]
    assert [r["path"] for r in ledgers] == [f"{d.slug}.{ext}" for d in c.ledgers for ext in ("csv", "json")]
    for resource in ledgers[::2]:
        content = (folder / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["bytes"] == len(content)
        header = content.decode("utf-8-sig").splitlines()[0].split(",")
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert package["model"]["measures"]["amount"] == {"source": "金额", "currency": "CNY"}
    last = c.ledgers[-1].model
    data = json.loads((folder / f"{c.ledgers[-1].slug}.json").read_text(encoding="utf-8"))
    assert data["closing_balance"] == f"{last.closing_balance:.2f}"
    assert sum(Decimal(x["amount"]) for x in data["expense"]) == Decimal(data["total_expense"])


def test_each_finance_page_links_its_open_data(example: Site, built: Path) -> None:
    c = community(example)
    for doc in c.ledgers:
        html = article(built, f"{c.slug}/finance/{doc.slug}")
        for target in (f"../data/{doc.slug}.csv", f"../data/{doc.slug}.json", "../data/datapackage.json"):
            assert f'href="{target}"' in html
            assert (built / c.slug / "finance" / doc.slug / target).resolve().is_file()
    index = article(built, f"{c.slug}/finance")
    assert 'href="data/datapackage.json"' in index


def test_totals_in_capital_numerals_and_plain_words(example: Site, built: Path) -> None:
    c = community(example)
    doc = c.ledgers[-1]
    body = text(article(built, f"{c.slug}/finance/{doc.slug}"))
    ledger = doc.model
    for amount in (ledger.opening_balance, ledger.total_income, ledger.total_expense, ledger.closing_balance):
        assert capital(amount) in body
    assert f"收入{ledger.total_income:,.2f}元，支出{ledger.total_expense:,.2f}元" in body
    assert "批准决议" in body and "路灯" in body  # expense lines link to the resolution


def svgs(html: str) -> list[str]:
    return re.findall(r'<svg class="gkl-chart".*?</svg>', html, re.S)


def test_charts_are_svg_without_script_with_figures_as_text(example: Site, built: Path) -> None:
    c = community(example)
    doc = c.ledgers[-1]
    (chart,) = svgs(article(built, f"{c.slug}/finance/{doc.slug}"))
    (balance,) = svgs(article(built, f"{c.slug}/finance"))
    (budget,) = svgs(article(built, f"{c.slug}/finance/budget-2026"))
    assert "工程款 预算 ¥86,500.00，已支出 ¥86,500.00（100.0%）" in unescape(budget)
    for svg in (chart, balance, budget):
        assert "<script" not in svg.lower() and not re.search(r"\son\w+=", svg)
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        # Black and white only: it must print the same on a black-and-white printer.
        assert set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]+)"', svg)) <= {"#000", "#333", "#fff"}
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", chart).group(1)
    for category, amount in doc.model.by_category(doc.model.expense):
        assert f"{category} ¥{amount:,.2f}" in unescape(desc)
    desc = unescape(re.search(r"<desc[^>]*>(.*?)</desc>", balance).group(1))
    shown = [d.model for d in c.ledgers][-12:]
    assert desc.count("¥") == len(shown) == 12
    assert f"{shown[-1].period.label} ¥{shown[-1].closing_balance:,.2f}" in desc


def test_budget_page_shows_execution_and_flags(example: Site, built: Path) -> None:
    c = community(example)
    body = text(article(built, f"{c.slug}/finance/budget-2026"))
    assert "工程款¥86,500.00年初¥80,000.00¥86,500.00¥0.00100.0%超出年初预算" in body
    assert "维修费¥30,000.00¥23,620.00¥6,380.0078.7%正常" in body
    assert "超出年初预算的类别：工程款" in text(article(built, f"{c.slug}/finance"))


def test_funds_page_shows_received_spent_balance(example: Site, built: Path) -> None:
    c = community(example)
    body = text(article(built, f"{c.slug}/finance/funds"))
    assert "福彩公益金专款专用¥0.00¥100,000.00¥98,500.00¥1,500.00" in body
    assert "居民自治经费专款专用¥0.00¥31,260.00¥18,412.00¥12,848.00" in body
    assert f"合计¥186,542.37¥574,302.12¥291,683.20¥{c.ledgers[-1].model.closing_balance:,.2f}" in body


def test_donation_and_property_pages(example: Site, built: Path) -> None:
    c = community(example)
    assert "捐赠公示" in text(article(built, f"{c.slug}/donations"))
    body = text(article(built, f"{c.slug}/donations/{c.donations[0].slug}"))
    assert "现金12,000.00元（大写：壹万贰仟元整）" in body and "清河润达建材有限公司" in body
    body = text(article(built, f"{c.slug}/property/{c.properties[0].slug}"))
    for heading in ("一、服务内容", "二、服务标准", "三、收费项目和标准", "四、收支情况"):
        assert heading in body
    assert "0.80元/平方米·月" in body


def test_datapackage_passes_the_frictionless_validator(example: Site, tmp_path: Path) -> None:
    import frictionless

    from generator.outputs.opendata import site_files

    for path, content in site_files(example).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    package = tmp_path / community(example).slug / "finance/data/datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["title", "message"])
    described = json.loads(package.read_text(encoding="utf-8"))["resources"]
    assert report.stats["tasks"] == len(described) > 2 * len(community(example).ledgers)  # every file was checked


def test_csv_text_never_becomes_an_excel_formula(example: Site) -> None:
    from generator.outputs.opendata import ledger_csv

    ledger = community(example).ledgers[-1].model
    line = ledger.expense[0].model_copy(update={"summary": '=HYPERLINK("http://x","点我")', "note": "@SUM(A1)"})
    tricked = ledger.model_copy(update={"expense": [line, *ledger.expense[1:]]})
    rows = list(csv.reader(io.StringIO(ledger_csv(tricked).decode("utf-8-sig"))))
    first = next(r for r in rows if r[1] == "支出")
    assert first[3] == '\'=HYPERLINK("http://x","点我")' and first[9] == "'@SUM(A1)"
    assert first[6] == f"{line.amount:.2f}"


def test_year_totals_add_up_the_periods(example: Site, built: Path) -> None:
    c = community(example)
    body = text(article(built, f"{c.slug}/finance"))
    ledgers_2026 = [d.model for d in c.ledgers if d.model.period.year == 2026]
    income = sum((m.total_income for m in ledgers_2026), Decimal(0))
    expense = sum((m.total_expense for m in ledgers_2026), Decimal(0))
    first, last = ledgers_2026[0], ledgers_2026[-1]
    assert (
        f"2026年{len(ledgers_2026)}¥{first.opening_balance:,.2f}¥{income:,.2f}¥{expense:,.2f}¥{last.closing_balance:,.2f}"
        in body
    )
