"""Open data: everything a committee publishes in tables, as CSV and JSON, in one datapackage.json.

Each period's accounts (``finance/data/2026-10.csv``), and one table per kind of record:
budgets, funds, donations, property disclosures, each kind of work list and the rosters (the
public fields only: ``privacy/open_fields.py``). The CSV is UTF-8 with a byte-order mark so
that Excel on Chinese Windows opens it without garbled text; amounts are plain numbers with
two decimals (``1234.56``) so that a spreadsheet can add them up, and the sums equal the
totals on the page. JSON carries amounts as strings to keep them exact to the fen.
``datapackage.json`` follows the Frictionless Data Package (``frictionless validate`` passes),
with the Fiscal Data Package's ``model`` for the accounts (one measure, the amount;
dimensions for date, direction, category and fund).

Files live beside the finance pages, in the folder the package describes:
``<committee>/finance/data/``. A new table is one ``Table(...)`` in ``TABLES`` (or
``register_table``): the 公开目录's statuses are added that way (``catalogue_table.py``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..clock import today as build_day
from ..model import kinds
from ..model.budgets import Budget, BudgetItem
from ..model.disclosures import Donations, Fee, Gift, PropertyDisclosure, Use
from ..model.funds import Fund
from ..model.rosters import Member, Roster
from ..model.worklists import ITEM_MODELS, TITLES, WorkList
from ..privacy.open_fields import open_columns, open_value
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


def _inert(row: list[str], numbers: set[int]) -> list[str]:
    """Text that Excel would run as a formula (=HYPERLINK(…)) starts with an apostrophe instead.

    Anyone may propose a change to the data; a summary beginning with "=" must not become
    a live formula on a resident's computer. Amounts (``numbers``: their columns) are numbers:
    a negative one starts with "-" and stays as it is.
    """
    return [v if i in numbers or not v.startswith(_FORMULA_START) else "'" + v for i, v in enumerate(row)]


def ledger_csv(ledger: Ledger) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in COLUMNS])
    writer.writerows(_inert(row, {_AMOUNT}) for row in rows(ledger))
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


# --- tables of the other kinds ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # the CSV header and JSON key, as the page calls it
    type: str  # Table Schema type: string, number, integer, date, boolean
    description: str = ""
    enum: tuple[str, ...] = ()  # the only values allowed, checked by `frictionless validate`
    # A page of the site, given as its path from the site root: written as a full URL when the
    # site has a ``site_url``, since a downloaded CSV has no page to be relative to.
    link: bool = False


@dataclass(frozen=True)
class Table:
    """One table of a committee's data package: a CSV and its JSON twin, ``<name>.csv`` and ``<name>.json``."""

    name: str  # resource name and file stem: lowercase ASCII
    title: str
    kind: str  # the data kind (folder) its rows come from
    columns: list[Column]
    # The rows of one committee as of the build day, one value per column (Decimal, date, bool, str, list, None).
    rows: Callable[[Committee, date], list[list[Any]]]
    description: str = ""


def _type_of(annotation: Any) -> str:
    """The Table Schema type of a model field, from its annotation (``Money | None`` is a number)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _type_of(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return _type_of(next(a for a in get_args(annotation) if a is not type(None)))
    if annotation is Decimal:
        return "number"
    if annotation is date:
        return "date"
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    return "string"  # text, a choice (Literal), a list of texts joined with "；"


def _columns(model: type[BaseModel], only: list[str] | None = None) -> list[str]:
    """Open-data fields of ``model`` (``only`` these, if given), less lists of nested records."""
    names = [n for n in open_columns(model) if only is None or n in only]
    return [n for n in names if not _nested(model.model_fields[n].annotation)]


def _nested(annotation: Any) -> bool:
    """A list of records (a budget's items): they get rows of their own, not a column."""
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_nested(a) for a in get_args(annotation))
    return get_origin(annotation) is list and get_args(annotation)[0] is not str


def _column(model: type[BaseModel], name: str, title: str | None = None) -> Column:
    info = model.model_fields[name]
    return Column(title or info.title or name, _type_of(info.annotation), info.description or "")


@dataclass(frozen=True)
class _Part:
    """Fields of one model placed in a table: which, under which headers."""

    model: type[BaseModel]
    names: list[str]
    titles: dict[str, str]

    @property
    def columns(self) -> list[Column]:
        return [_column(self.model, n, self.titles.get(n)) for n in self.names]

    def values(self, record: BaseModel) -> list[Any]:
        return [open_value(record, n) for n in self.names]


def _part(model: type[BaseModel], only: list[str] | None = None, **titles: str) -> _Part:
    return _Part(model, _columns(model, only), titles)


DIRECTION = Column("收支", "string", "收入 或 支出", enum=("收入", "支出"))


def _sides(record: BaseModel) -> Iterator[tuple[str, Any]]:
    for side, word in (("income", "收入"), ("expense", "支出")):
        for item in getattr(record, side):
            yield word, item


def _budget_table() -> Table:
    outer = _part(Budget, ["year", "approved_by", "approved_on", "resolution"])
    inner = _part(BudgetItem)

    def rows(c: Committee, _day: date) -> list[list[Any]]:
        out = []
        for doc in c.budgets:
            for word, item in _sides(doc.model):
                values = [getattr(item, n, None) for n in inner.names]  # income items lack the adjustment
                out.append([*outer.values(doc.model), word, *values])
        return out

    columns = [*outer.columns, DIRECTION, *inner.columns]
    return Table(
        "budgets",
        "年度预算",
        "budgets",
        columns,
        rows,
        "每年每个收支类别的预算（收入为预计金额）；调整过的写明调整后预算和决议",
    )


def _nested_table(
    name: str, title: str, folder_: str, outer: _Part, inner: _Part, attribute: str, description: str = ""
) -> Table:
    """Rows of the items inside each record (a 捐赠公示's gifts), the record's own fields repeated."""

    def rows(c: Committee, _day: date) -> list[list[Any]]:
        return [
            [*outer.values(doc.model), *inner.values(item)]
            for doc in c.of(folder_)
            for item in getattr(doc.model, attribute)
        ]

    return Table(name, title, folder_, [*outer.columns, *inner.columns], rows, description)


def _record_table(name: str, title: str, folder_: str, part: _Part, description: str = "") -> Table:
    def rows(c: Committee, _day: date) -> list[list[Any]]:
        return [part.values(doc.model) for doc in c.of(folder_)]

    return Table(name, title, folder_, part.columns, rows, description)


def _property_accounts() -> Table:
    outer = _part(PropertyDisclosure, ["title", "company", "period", "published_on"], title="公开标题")
    inner = _part(Use)

    def rows(c: Committee, _day: date) -> list[list[Any]]:
        return [[*outer.values(d.model), word, *inner.values(u)] for d in c.properties for word, u in _sides(d.model)]

    return Table("property-accounts", "物业收支情况", "property", [*outer.columns, DIRECTION, *inner.columns], rows)


# Work lists: one table per kind of list, since each kind's items have fields of their own.
LIST_TABLES = {
    "履职事项": "lists-duties",
    "协助政府事项": "lists-assistance",
    "负面清单": "lists-negative",
    "证明事项": "lists-certificates",
    "公共服务事项": "lists-services",
    "为民办实事": "lists-projects",
}


def _list_table(kind: str) -> Table:
    outer = _part(WorkList, ["title", "year"], title="清单标题")
    inner = _part(ITEM_MODELS[kind])

    def rows(c: Committee, _day: date) -> list[list[Any]]:
        out = []
        for doc in c.lists:
            work: WorkList = doc.model
            if work.kind == kind:
                out += [[work.display_title, work.year, *inner.values(item)] for item in work.items]
        return out

    return Table(LIST_TABLES[kind], TITLES[kind], "lists", [*outer.columns, *inner.columns], rows)


TABLES: list[Table] = [
    _budget_table(),
    _record_table("funds", "专项资金", "funds", _part(Fund), "每项专项资金的来源、用途和允许的支出类别"),
    _nested_table(
        "donations",
        "捐赠明细",
        "donations",
        _part(Donations, ["title", "published_on"], title="公示标题"),
        _part(Gift),
        "gifts",
    ),
    _nested_table(
        "property-fees",
        "物业收费项目和标准",
        "property",
        _part(PropertyDisclosure, ["title", "company", "period", "published_on"], title="公开标题"),
        _part(Fee),
        "fees",
    ),
    _property_accounts(),
    *(_list_table(kind) for kind in LIST_TABLES),
    _nested_table(
        "rosters",
        "组织名册",
        "rosters",
        _part(Roster, ["body", "name", "organisation", "election", "elected_on", "term_ends_on", "contact"]),
        _part(Member),
        "members",
        "各机构成员的姓名、职务和任期；不含住址，电话只有本人同意公开的",
    ),
]


def register_table(table: Table) -> Table:
    """Add a table to every committee's data package (the 公开目录's statuses, for one)."""
    if any(t.name == table.name for t in TABLES):
        raise ValueError(f"open-data table {table.name!r} is declared twice")
    TABLES.append(table)
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # exact to the fen
    if isinstance(value, date):
        return value.isoformat()
    return value


def table_csv(table: Table, rows: list[list[Any]]) -> bytes:
    numbers = {i for i, column in enumerate(table.columns) if column.type == "number"}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    writer.writerows(_inert([_cell(v) for v in row], numbers) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def table_json(committee: Committee, table: Table, rows: list[list[Any]]) -> bytes:
    data = {
        "committee": committee.name,
        "title": table.title,
        "records": [{c.name: _json_value(v) for c, v in zip(table.columns, row, strict=True)} for row in rows],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _table_schema(table: Table) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        spec: dict[str, Any] = {"name": column.name, "type": column.type}
        if column.description:
            spec["description"] = column.description
        if column.type == "number":
            spec["decimalChar"] = "."
        if column.type == "boolean":
            spec.update(trueValues=["是"], falseValues=["否"])
        if column.enum:
            spec["constraints"] = {"enum": list(column.enum)}
        fields.append(spec)
    return {"fields": fields}


# --- the package -------------------------------------------------------------------------


def _file_resource(name: str, title: str, path: str, content: bytes) -> dict[str, Any]:
    fmt = posixpath.splitext(path)[1].lstrip(".")
    resource: dict[str, Any] = {"name": name, "title": title, "path": posixpath.basename(path)}
    if fmt == "csv":
        resource.update(
            profile="tabular-data-resource",
            format="csv",
            mediatype="text/csv",
            encoding="utf-8-sig",
        )
    else:  # the same records as JSON, amounts as exact strings: a file resource, not a table
        resource.update(profile="data-resource", format="json", mediatype="application/json", encoding="utf-8")
    resource.update(bytes=len(content), hash="sha256:" + hashlib.sha256(content).hexdigest())
    if fmt == "csv":
        resource["dialect"] = {"delimiter": ",", "header": True, "lineTerminator": "\r\n"}
    return resource


def datapackage(committee: Committee, files: dict[str, bytes], tables: list[Table]) -> bytes:
    resources = []
    for doc in committee.ledgers:
        key, label = doc.model.period.key.lower(), doc.model.period.label
        csv_path, json_path = ledger_file(committee, doc, "csv"), ledger_file(committee, doc, "json")
        resources.append(
            {**_file_resource(f"finance-{key}", f"{label}财务收支明细", csv_path, files[csv_path]), "schema": _schema()}
        )
        resources.append(_file_resource(f"finance-{key}-json", f"{label}财务收支（JSON）", json_path, files[json_path]))
    for table in tables:
        base = f"{folder(committee)}/{table.name}"
        resource = _file_resource(table.name, table.title, base + ".csv", files[base + ".csv"])
        if table.description:
            resource["description"] = table.description
        resources.append({**resource, "schema": _table_schema(table)})
        resources.append(
            _file_resource(f"{table.name}-json", f"{table.title}（JSON）", base + ".json", files[base + ".json"])
        )
    package = {
        # The standard Frictionless profile, so that validators work offline; the Fiscal Data Package
        # part is the `model` below (measures and dimensions of the accounts), which plain validators ignore.
        # JSON files are listed as plain data resources: the CSV of the same records is the table.
        "profile": "data-package",
        "name": f"{committee.slug}-opendata",
        "title": f"{committee.name}公开数据",
        "description": "每期（月或季度）的收入、支出明细，以及年度预算、专项资金、捐赠、物业、工作事项清单、组织名册"
        "和公开目录执行情况"
        "（公开字段）；每个表有 CSV 和 JSON 两种格式。每期 CSV 的金额合计等于网站上该期的收入合计、支出合计。",
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


def _linked(table: Table, rows: list[list[Any]], site_url: str) -> list[list[Any]]:
    if not site_url or not any(column.link for column in table.columns):
        return rows
    base = site_url.rstrip("/") + "/"
    return [
        [
            base + value if column.link and value is not None else value
            for column, value in zip(table.columns, row, strict=True)
        ]
        for row in rows
    ]


def committee_files(committee: Committee, today: date, site_url: str = "") -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for doc in committee.ledgers:
        files[ledger_file(committee, doc, "csv")] = ledger_csv(doc.model)
        files[ledger_file(committee, doc, "json")] = ledger_json(committee, doc.model)
    tables = []
    for table in TABLES:
        rows = _linked(table, table.rows(committee, today), site_url)
        if rows:
            tables.append(table)
            files[f"{folder(committee)}/{table.name}.csv"] = table_csv(table, rows)
            files[f"{folder(committee)}/{table.name}.json"] = table_json(committee, table, rows)
    if files:
        files[f"{folder(committee)}/datapackage.json"] = datapackage(committee, files, tables)
    return files


def record_json(doc: Document[Any]) -> bytes:
    """One record of a kind without a table of its own, as the validated (and masked) data."""
    data = doc.model.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def kind_files(committee: Committee, kind: Kind) -> dict[str, bytes]:
    return {
        f"{committee.slug}/{kind.folder}/data/{doc.slug}.json": record_json(doc) for doc in committee.of(kind.folder)
    }


def site_files(
    site: Site, today: date | None = None, site_url: str = "", committees: list[Committee] | None = None
) -> dict[str, bytes]:
    """Every open-data file of the site (or of ``committees`` only: one build unit), by path
    inside the built site: each committee's data package, and JSON files of any other kind
    declared ``open_data``. Links to pages are full URLs under ``site_url`` when it is given."""
    day = today or build_day()
    in_package = {"finance", *(table.kind for table in TABLES)}
    out: dict[str, bytes] = {}
    for committee in site.committees if committees is None else committees:
        out.update(committee_files(committee, day, site_url))
        for kind in kinds.KINDS:
            if kind.open_data and kind.folder not in in_package:
                out.update(kind_files(committee, kind))
    return out
