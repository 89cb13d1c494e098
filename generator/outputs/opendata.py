"""Open data: every period's accounts as CSV and JSON, described by a datapackage.json.

The CSV is UTF-8 with a byte-order mark so that Excel on Chinese Windows opens it without
garbled text; amounts are plain numbers with two decimals (``1234.56``) so that a
spreadsheet can add them up, and the sums equal the totals on the page. JSON carries
amounts as strings to keep them exact to the fen. ``datapackage.json`` follows the
Frictionless Data Package, with the Fiscal Data Package's ``model`` (one measure, the
amount; dimensions for date, direction, category and fund).

Files live beside the finance pages: ``<committee>/finance/data/2026-10.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
from typing import TYPE_CHECKING, Any

from ..model import kinds
from ..site.pages import folder, ledger_file

if TYPE_CHECKING:
    from ..model.committee import Committee, Site
    from ..model.finance import Ledger
    from ..model.kinds import Kind
    from ..source.document import Document

COLUMNS: list[tuple[str, str, str]] = [
    # (column header, Table Schema type, description)
    ("账期", "string", "月度 2026-03 或季度 2026-Q1"),
    ("收支", "string", "收入 或 支出"),
    ("日期", "date", "年-月-日"),
    ("摘要", "string", "这笔钱是做什么的"),
    ("类别", "string", "收入或支出类别"),
    ("资金来源", "string", "资金来源或专项资金"),
    ("金额", "number", "人民币元，两位小数"),
    ("凭证号", "string", ""),
    ("批准决议", "string", "批准这笔开支的会议决议公告编号"),
    ("备注", "string", ""),
]


def rows(ledger: Ledger) -> list[list[str]]:
    out = []
    for side, word in (("income", "收入"), ("expense", "支出")):
        for line in getattr(ledger, side):
            out.append(
                [
                    ledger.period.key,
                    word,
                    line.date.isoformat(),
                    line.summary,
                    line.category,
                    line.fund or "",
                    f"{line.amount:.2f}",
                    line.voucher or "",
                    line.resolution or "",
                    line.note or "",
                ]
            )
    return out


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_AMOUNT = COLUMNS.index(("金额", "number", "人民币元，两位小数"))


def _inert(row: list[str]) -> list[str]:
    """Text that Excel would run as a formula (=HYPERLINK(…)) starts with an apostrophe instead.

    Anyone may propose a change to the data; a summary beginning with "=" must not become
    a live formula on a resident's computer. Amounts are numbers and never start that way.
    """
    return [v if i == _AMOUNT or not v.startswith(_FORMULA_START) else "'" + v for i, v in enumerate(row)]


def ledger_csv(ledger: Ledger) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    writer.writerows(_inert(row) for row in rows(ledger))
    return buffer.getvalue().encode("utf-8-sig")


def ledger_json(committee: Committee, ledger: Ledger) -> bytes:
    def lines(side: str) -> list[dict[str, Any]]:
        return [
            {
                "date": line.date.isoformat(),
                "summary": line.summary,
                "category": line.category,
                "amount": f"{line.amount:.2f}",
                "fund": line.fund,
                "voucher": line.voucher,
                "resolution": line.resolution,
                "note": line.note,
            }
            for line in getattr(ledger, side)
        ]

    data = {
        "committee": committee.name,
        "period": ledger.period.key,
        "label": ledger.period.label,
        "start": ledger.period.start.isoformat(),
        "end": ledger.period.end.isoformat(),
        "currency": "CNY",
        "opening_balance": f"{ledger.opening_balance:.2f}",
        "total_income": f"{ledger.total_income:.2f}",
        "total_expense": f"{ledger.total_expense:.2f}",
        "closing_balance": f"{ledger.closing_balance:.2f}",
        "income": lines("income"),
        "expense": lines("expense"),
        "prepared_by": ledger.prepared_by,
        "reviewed_by": ledger.reviewed_by,
        "published_on": ledger.published_on.isoformat() if ledger.published_on else None,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _schema() -> dict[str, Any]:
    fields = []
    for name, kind, description in COLUMNS:
        spec: dict[str, Any] = {"name": name, "type": kind}
        if description:
            spec["description"] = description
        if kind == "number":
            spec["decimalChar"] = "."
        if name == "收支":
            spec["constraints"] = {"enum": ["收入", "支出"]}
        fields.append(spec)
    return {"fields": fields}


def datapackage(committee: Committee, files: dict[str, bytes]) -> bytes:
    resources = []
    for doc in committee.ledgers:
        path = ledger_file(committee, doc, "csv")
        content = files[path]
        resources.append(
            {
                "name": f"finance-{doc.model.period.key.lower()}",
                "title": f"{doc.model.period.label}财务收支明细",
                "path": posixpath.basename(path),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "bytes": len(content),
                "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
                "dialect": {"delimiter": ",", "header": True, "lineTerminator": "\r\n"},
                "schema": _schema(),
            }
        )
    package = {
        # The standard Frictionless profile, so that validators work offline; the Fiscal Data Package
        # part is the `model` below (measures and dimensions), which plain validators ignore.
        "profile": "tabular-data-package",
        "name": f"{committee.slug}-finance",
        "title": f"{committee.name}财务公开",
        "description": "每期（月或季度）的收入、支出明细；每个 CSV 的金额合计等于网站上该期的收入合计、支出合计。",
        "licenses": [{"name": "CC0-1.0", "title": "公开数据，可自由使用"}],
        "currency": "CNY",
        "resources": resources,
        "model": {
            "measures": {"amount": {"source": "金额", "currency": "CNY"}},
            "dimensions": {
                "date": {"dimensionType": "datetime", "attributes": {"date": {"source": "日期"}}, "primaryKey": "date"},
                "direction": {
                    "dimensionType": "classification",
                    "attributes": {"direction": {"source": "收支"}},
                    "primaryKey": "direction",
                },
                "category": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {"category": {"source": "类别"}},
                    "primaryKey": "category",
                },
                "fund": {
                    "dimensionType": "classification",
                    "attributes": {"fund": {"source": "资金来源"}},
                    "primaryKey": "fund",
                },
                "period": {
                    "dimensionType": "datetime",
                    "attributes": {"period": {"source": "账期"}},
                    "primaryKey": "period",
                },
            },
        },
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def committee_files(committee: Committee) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for doc in committee.ledgers:
        files[ledger_file(committee, doc, "csv")] = ledger_csv(doc.model)
        files[ledger_file(committee, doc, "json")] = ledger_json(committee, doc.model)
    if committee.ledgers:
        files[f"{folder(committee)}/datapackage.json"] = datapackage(committee, files)
    return files


def record_json(doc: Document[Any]) -> bytes:
    """One record of a kind without a format of its own, as the validated (and masked) data."""
    data = doc.model.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def kind_files(committee: Committee, kind: Kind) -> dict[str, bytes]:
    if kind.folder == "finance":  # CSV for spreadsheets, JSON, and the Fiscal Data Package description
        return committee_files(committee)
    return {
        f"{committee.slug}/{kind.folder}/data/{doc.slug}.json": record_json(doc) for doc in committee.of(kind.folder)
    }


def site_files(site: Site) -> dict[str, bytes]:
    """Every open-data file of the site (the kinds declared ``open_data``), by path inside the built site."""
    out: dict[str, bytes] = {}
    for committee in site.committees:
        for kind in kinds.KINDS:
            if kind.open_data:
                out.update(kind_files(committee, kind))
    return out
