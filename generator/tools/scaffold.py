"""`gongkailan new`: start next month's accounts, a notice or a rule from a filled-in form.

The form is written from the same models the validator uses: every key is present, each
with a Chinese comment (its title, what to write, whether it may be left out), so an editor
only fills in the blanks. What the program knows is filled in already — the period, the
opening balance carried from the last closing balance, today's date — and required blanks
are left empty on purpose: `gongkailan check` points at each one until it is filled.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from ..errors import DataErrors, GongkailanError
from ..load.repository import load_site
from ..model.fields import Period, parse_day, parse_period
from ..model.finance import Ledger
from ..model.money import yuan
from ..model.notices import Notice
from ..model.record import inner_model
from ..model.rules import Rule
from .schemas import modeline

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ScaffoldError(GongkailanError):
    """A request that cannot be met, said in Chinese (no file is written)."""


@dataclass
class Created:
    path: Path
    notes: list[str]


# ---------------------------------------------------------------- the form writer


def _options(info: FieldInfo) -> list[str]:
    annotation = info.annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return [str(a) for a in typing.get_args(candidate)]
    return []


def _default(info: FieldInfo) -> Any:
    """A default an empty value would not give (an empty value reads as "not filled in")."""
    if info.default is None or info.default is PydanticUndefined or info.default_factory is not None:
        return None
    if isinstance(info.default, bool):
        return "是" if info.default else "否"
    return info.default


def _comment(info: FieldInfo, extra: str = "") -> str:
    text = info.title or ""
    if info.description:
        text += f"：{info.description}"
    options = _options(info)
    if options:
        text += "；可选：" + "、".join(options)
    if extra:
        text += f";{extra}"
    if info.is_required():
        text += "（必填）"
    elif _is_list(info):
        pass  # what to write when there is nothing is said beside the list itself
    elif _default(info) is not None:
        text += "（已填常用值，可改）"
    else:
        text += "（可不填，不填就空着）"
    return text


def _is_list(info: FieldInfo) -> bool:
    return typing.get_origin(info.annotation) is list


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if re.fullmatch(r"[\w\-.\u4e00-\u9fff()()、,。 ]+", text) and not text[0].isspace():
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def form(
    model: type[BaseModel],
    values: dict[str, Any],
    *,
    examples: set[str] = frozenset(),  # type: ignore[assignment]
    notes: dict[str, str] | None = None,
    indent: str = "",
    first: str = "",
) -> list[tuple[str, str]]:
    """(code, comment) lines for one record; ``examples`` are lists given one blank item."""
    notes = notes or {}
    out: list[tuple[str, str]] = []
    for index, (name, info) in enumerate(model.model_fields.items()):
        lead = first if index == 0 and first else indent
        comment = _comment(info, notes.get(name, ""))
        if _is_list(info):
            inner = inner_model(info.annotation)
            if values.get(name):
                out.append((f"{lead}{name}:", comment))
                out += [(f"{indent}  - {_scalar(v)}", "") for v in values[name]]
            elif inner is not None and (name in examples or info.is_required()):
                out.append((f"{lead}{name}:", comment + "；每项以“- ”开头；没有时整项写成 []"))
                out += form(inner, {}, indent=indent + "    ", first=indent + "  - ")
            elif inner is None and (name in examples or info.is_required()):
                out.append((f"{lead}{name}:", comment + "；每项一行，以“- ”开头"))
                out.append((f"{indent}  - ", "第一项"))
            else:
                out.append((f"{lead}{name}: []", comment + "（可不填）；要写时改成每项一行“- …”"))
            continue
        value = values.get(name, _default(info))
        if value is not None:
            out.append((f"{lead}{name}: {_scalar(value)}", comment))
        elif "Markdown" in (info.description or "") and info.is_required():
            out.append((f"{lead}{name}: |", comment + "；在下面缩进两格逐行写"))
        else:
            out.append((f"{lead}{name}:", comment))
    return out


def render(lines: list[tuple[str, str]], header: list[str]) -> str:
    width = max(len(code) for code, _ in lines)
    width = min(width, 40)  # keep comments near their keys even when one line is long
    body = []
    for code, comment in lines:
        pad = " " * max(2, width - _display_width(code) + 2)
        body.append(f"{code}{pad}# {comment}" if comment else code)
    return "\n".join([*header, *body]) + "\n"


def _display_width(text: str) -> int:
    # Chinese characters take two columns in an editor's monospaced font.
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


# ---------------------------------------------------------------- committees


def committee_folder(root: Path, data_dir: str, committee: str | None) -> Path:
    data = root / data_dir
    folders = sorted(p for p in data.iterdir() if (p / "profile.yml").is_file()) if data.is_dir() else []
    if committee is not None:
        chosen = data / committee
        if chosen not in folders:
            known = "、".join(p.name for p in folders) or "（没有）"
            raise ScaffoldError(f"找不到委员会文件夹“{committee}”；现有：{known}")
        return chosen
    if len(folders) == 1:
        return folders[0]
    if not folders:
        raise ScaffoldError(f"{data_dir}/ 里还没有委员会（需要 {data_dir}/<委员会>/profile.yml）")
    raise ScaffoldError("有多个委员会，请用 --committee 指定：" + "、".join(p.name for p in folders))


def _write(path: Path, text: str, root: Path) -> None:
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已经存在，没有覆盖。要重新开始请先删除它")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _user_value(parser: Any, value: str) -> Any:
    try:
        return parser(value)
    except PydanticCustomError as exc:
        hint = (exc.context or {}).get("hint", "")
        raise ScaffoldError(f"{exc.message()}{'。' + hint if hint else ''}") from None


def _next_period(period: Period) -> Period:
    month = period.first_month + period.months
    year = period.year + (month - 1) // 12
    return Period(year, (month - 1) % 12 + 1, period.months)


# ---------------------------------------------------------------- the three forms


def new_ledger(root: Path, data_dir: str, period_text: str | None, committee: str | None) -> Created:
    folder = committee_folder(root, data_dir, committee)
    if period_text is not None:
        key = _user_value(parse_period, period_text).key
        if (folder / "finance" / f"{key}.yml").exists():
            raise ScaffoldError(f"{data_dir}/{folder.name}/finance/{key}.yml 已经存在，没有覆盖")
    try:
        site = load_site(root, data_dir)
    except DataErrors as errors:
        raise ScaffoldError("数据里有错误，期初余额无法结转。请先改正：\n" + errors.report()) from None
    found = next(c for c in site.committees if c.slug == folder.name)
    ledgers = [d.model for d in found.ledgers]
    if period_text is None:
        if not ledgers:
            raise ScaffoldError("还没有任何账目，请写明账期，例如 gongkailan new ledger 2026-11")
        period = _next_period(ledgers[-1].period)
    else:
        period = _user_value(parse_period, period_text)
    earlier = [ledger for ledger in ledgers if ledger.period.end < period.start]
    notes: list[str] = []
    values: dict[str, Any] = {"period": period.key}
    field_notes = {}
    if earlier:
        last = earlier[-1]
        values["opening_balance"] = f"{last.closing_balance:.2f}"
        field_notes["opening_balance"] = f"已按{last.period.label}期末余额结转"
        notes.append(f"期初余额 {yuan(last.closing_balance)} 已按{last.period.label}的期末余额填好")
        if _next_period(last.period) != period:
            notes.append(f"注意：上一期账目是{last.period.label}，中间缺了账期，请核对期初余额")
    else:
        notes.append("这是第一期账目，请填写期初余额")
    field_notes["closing_balance"] = "= 期初余额 + 收入合计 − 支出合计，必须对得上"
    path = folder / "finance" / f"{period.key}.yml"
    header = [
        modeline(path, root),
        f"# 财务公开：{found.name} {period.label}收支明细（金额单位：元）",
        "# 填好空着的必填项后运行 .venv/bin/gongkailan check 检查；某一方没有收支时写成 income: [] 或 expense: []",
    ]
    lines = form(Ledger, values, examples={"income", "expense"}, notes=field_notes)
    _write(path, render(lines, header), root)
    return Created(path, notes)


def new_notice(
    root: Path, data_dir: str, slug: str, committee: str | None, on: str | None, kind: str | None
) -> Created:
    folder = committee_folder(root, data_dir, committee)
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"文件名“{slug}”只能用小写拼音、数字和“-”，例如 dibao-gongshi")
    published = _user_value(parse_day, on) if on else _today()
    options = _options(Notice.model_fields["kind"])
    if kind is not None and kind not in options:
        raise ScaffoldError(f"公告类别“{kind}”不对，可选：{'、'.join(options)}")
    values: dict[str, Any] = {"kind": kind or "公告", "published_on": published.isoformat()}
    path = folder / "notices" / f"{published.isoformat()}-{slug}.yml"
    header = [
        modeline(path, root),
        "# 公告公示。填好空着的必填项后运行 .venv/bin/gongkailan check 检查",
        "# 公示、救助名单要写公示期（starts_on 和 ends_on，或按工作日计的 period_workdays）；"
        "正文写在 body: | 下面，每行缩进两格",
    ]
    _write(path, render(form(Notice, values), header), root)
    return Created(path, [])


def new_rule(root: Path, data_dir: str, slug: str, committee: str | None) -> Created:
    folder = committee_folder(root, data_dir, committee)
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"文件名“{slug}”只能用小写拼音、数字和“-”，例如 jumin-gongyue")
    path = folder / "rules" / f"{slug}.yml"
    header = [
        modeline(path, root),
        "# 规章制度。填好空着的必填项后运行 .venv/bin/gongkailan check 检查",
        "# 条文不分章时写在 articles 下，每条一项（第一条、第二条……自动编号）；分章时删去 articles，改写 chapters",
    ]
    notes = {
        "chapters": "分章时每章写 title 和 articles，并删去下面的 articles",
        "articles": "不分章时必填；分章时删去",
    }
    _write(path, render(form(Rule, {}, examples={"articles"}, notes=notes), header), root)
    return Created(path, [])


def _today() -> date:
    from ..clock import today

    return today()
