"""What residents will see change between two versions of the data, said in plain Chinese.

``gongkailan diff BASE HEAD`` reads the data of two git revisions into temporary
directories (``git archive``), loads each with the same ``load_site`` the build uses, and
compares the validated models — never the YAML text — so that a re-indented file says
nothing and a moved decimal point says what the balance becomes. The result is Markdown
for a pull request's job summary, where supervisors read it before approving.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import DataErrors, GongkailanError
from ..load.repository import load_site
from ..model import kinds
from ..model.committee import Committee, Site
from ..model.finance import Ledger, Line
from ..model.kinds import record_title
from ..model.money import yuan
from ..model.notices import Notice
from ..model.revisions import article_changes
from ..model.rosters import Member, Roster
from ..model.rules import Rule
from ..model.worklists import ItemBase, WorkList
from ..source.document import Document

BEIJING = timezone(timedelta(hours=8))
# A PR's summary names every added line of accounts only up to this many per ledger, so a
# year's import stays readable; the totals always cover every line.
MAX_LINES_SHOWN = 10


class GitError(GongkailanError):
    """A revision that cannot be read: said in Chinese, shown without a traceback."""

    exit_code = 2  # the revision, not the data, is wrong


# ---------------------------------------------------------------- reading revisions


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令，请先安装 git") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)} 失败：{detail[-1] if detail else done.returncode}")
    return done.stdout


def resolve(repo: Path, revision: str) -> str:
    """The full commit id of ``revision``, or a GitError naming it."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"找不到版本“{revision}”：请检查分支名或提交号（CI 里检出时要带完整历史）") from None


def extract(repo: Path, revision: str, paths: Iterable[str], dest: Path) -> Path:
    """Write the files under ``paths`` as they are at ``revision`` below ``dest``.

    ``git archive`` rather than a worktree: nothing in the editor's checkout changes, and
    the tar is unpacked with the "data" filter so a hostile archive cannot write outside.
    Returns where ``repo`` itself lies inside ``dest`` (the project may sit below the
    repository's top).
    """
    commit = resolve(repo, revision)
    top = Path(_git(repo, "rev-parse", "--show-toplevel").decode().strip())
    prefix = repo.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    wanted = [f"{prefix}{p}".rstrip("/") for p in paths]
    present = [p for p in wanted if _git(top, "ls-tree", "--name-only", commit, "--", p).strip()]
    if present:
        raw = _git(top, "archive", "--format=tar", commit, "--", *present)
        with tarfile.open(fileobj=io.BytesIO(raw)) as archive:
            archive.extractall(dest, filter="data")
    return dest / prefix if prefix else dest


def load_revision(repo: Path, revision: str | None, data_dir: str, work: Path) -> Site:
    """The site's data at ``revision`` (None: the files on disk now)."""
    if revision is None:
        return load_site(repo, data_dir)
    root = extract(repo, revision, [data_dir], work)
    if not (root / data_dir).is_dir():
        return Site(root, [], [], masked=True)  # the data folder did not exist yet: everything is new
    return load_site(root, data_dir)


def commit_epoch(repo: Path, revision: str = "HEAD") -> int:
    """SOURCE_DATE_EPOCH for a build of ``revision``: noon, Beijing time, on its commit day.

    The build's "today" (clock.today) is the UTC date of the epoch; noon in Beijing falls
    on the same date in UTC, so 公示 statuses are those of the committee's own calendar day,
    and two builds of one commit agree to the byte.
    """
    seconds = int(_git(repo, "log", "-1", "--format=%ct", resolve(repo, revision)).decode().strip())
    return noon_epoch(datetime.fromtimestamp(seconds, tz=BEIJING).date())


def publish_epoch(repo: Path, revision: str = "HEAD") -> int:
    """SOURCE_DATE_EPOCH for a build that goes live: the later of the commit day and today.

    A commit written days before it is pushed must not publish the site as of its own day: a
    person list taken down since then would come back until the next scheduled rebuild.
    """
    return max(commit_epoch(repo, revision), noon_epoch(beijing_today()))


def noon_epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, 12, tzinfo=BEIJING).timestamp())


def beijing_today() -> date:
    return datetime.now(tz=UTC).astimezone(BEIJING).date()


# ---------------------------------------------------------------- wording helpers


def md(text: str) -> str:
    """Committee text placed in Markdown: no markup, no HTML, one line."""
    out = " ".join(str(text).split())
    for char in "\\`*_[]<>#|!~":
        out = out.replace(char, "\\" + char)
    return out


def day(d: date, *, year: bool = False) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def span(start: date, end: date) -> str:
    if start.year != end.year:
        return f"{day(start, year=True)}至{day(end, year=True)}"
    return f"{day(start)}至{day(end)}"


def _titles(model: type[BaseModel], names: Iterable[str]) -> str:
    return "、".join(model.model_fields[n].title or n for n in names)


def _changed_fields(old: BaseModel, new: BaseModel, skip: Iterable[str] = ()) -> list[str]:
    skipped = set(skip)
    return [n for n in type(new).model_fields if n not in skipped and getattr(old, n) != getattr(new, n)]


# ---------------------------------------------------------------- the summary


@dataclass
class Item:
    """One sentence a resident would say, with optional detail lines under it."""

    text: str
    details: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Summary:
    base: str
    head: str
    sections: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(s.items for s in self.sections)

    def markdown(self) -> str:
        out = [f"## 数据修改摘要（{md(self.base)} → {md(self.head)}）", ""]
        if self.empty:
            out += ["数据没有变化：居民看到的公开内容与原来相同。", ""]
            return "\n".join(out)
        for section in self.sections:
            if not section.items:
                continue
            out += [f"### {md(section.title)}", ""]
            for item in section.items:
                out.append(f"- {item.text}")
                out += [f"    - {detail}" for detail in item.details]
            out.append("")
        return "\n".join(out)


def _by_slug(docs: list[Document[Any]]) -> dict[str, Any]:
    return {d.slug: d.model for d in docs}


def _pairs(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Every key of either side, in the new side's order, then what was removed."""
    keys = list(new) + [k for k in old if k not in new]
    return [(k, old.get(k), new.get(k)) for k in keys]


# ---- finance

_SIDES = {"income": "收入", "expense": "支出"}


def _line_key(line: Line) -> tuple[Any, ...]:
    # A voucher number names a line for good; without one, the day and what it was for.
    return ("voucher", line.voucher) if line.voucher else ("line", line.date, line.summary)


def _match_lines(old: list[Line], new: list[Line]) -> tuple[list[Line], list[Line], list[tuple[Line, Line]]]:
    """Added, removed and changed lines; lines sharing a key are paired in their order."""
    before: dict[tuple[Any, ...], list[Line]] = {}
    after: dict[tuple[Any, ...], list[Line]] = {}
    for lines, into in ((old, before), (new, after)):
        for line in lines:
            into.setdefault(_line_key(line), []).append(line)
    added: list[Line] = []
    removed: list[Line] = []
    changed: list[tuple[Line, Line]] = []
    for key in list(after) + [k for k in before if k not in after]:
        was, now = before.get(key, []), after.get(key, [])
        changed += [(a, b) for a, b in zip(was, now, strict=False) if a != b]
        added += now[len(was) :]
        removed += was[len(now) :]
    return added, removed, changed


def _line_text(line: Line) -> str:
    return f"{line.date.month}月{line.date.day}日 {md(line.summary)} {yuan(line.amount)}"


def _total(lines: Iterable[Line]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def _new_ledger(label: str, new: Ledger) -> Item:
    parts = []
    for side, word in _SIDES.items():
        lines = getattr(new, side)
        parts.append(f"{word} {len(lines)} 笔，合计 {yuan(_total(lines))}" if lines else f"没有{word}")
    parts.append(f"期初余额 {yuan(new.opening_balance)}，结余 {yuan(new.closing_balance)}")
    details = [f"{_SIDES[s]}：{_line_text(line)}" for s in _SIDES for line in getattr(new, s)]
    return Item(f"{label}财务（新公开）：" + "；".join(parts), _clip(details))


def _ledger_changes(label: str, old: Ledger | None, new: Ledger | None) -> Item | None:
    if new is None:
        assert old is not None
        return Item(f"{label}财务：整期账目被删除（原结余 {yuan(old.closing_balance)}）")
    if old is None:
        return _new_ledger(label, new)
    parts: list[str] = []
    details: list[str] = []
    for side, word in _SIDES.items():
        added, removed, changed = _match_lines(getattr(old, side), getattr(new, side))
        if added:
            parts.append(f"新增{word} {len(added)} 笔，合计 {yuan(_total(added))}")
            details += [f"新增{word}：{_line_text(line)}" for line in added]
        if removed:
            parts.append(f"删除{word} {len(removed)} 笔，合计 {yuan(_total(removed))}")
            details += [f"删除{word}：{_line_text(line)}" for line in removed]
        if changed:
            parts.append(f"修改{word} {len(changed)} 笔")
            for was, now in changed:
                what = _titles(Line, _changed_fields(was, now))
                detail = f"修改{word}：{_line_text(now)}（{what}）"
                if was.amount != now.amount:
                    detail += f"，金额由 {yuan(was.amount)} 改为 {yuan(now.amount)}"
                details.append(detail)
    if old.opening_balance != new.opening_balance:
        parts.append(f"期初余额由 {yuan(old.opening_balance)} 变为 {yuan(new.opening_balance)}")
    if old.closing_balance != new.closing_balance:
        parts.append(f"结余由 {yuan(old.closing_balance)} 变为 {yuan(new.closing_balance)}")
    other = _changed_fields(old, new, ("income", "expense", "opening_balance", "closing_balance"))
    if other:
        parts.append(f"修改了{_titles(Ledger, other)}")
    if not parts:
        return None
    # Accounts already published (in BASE) that change are corrected in public: said as 更正.
    return Item(f"{label}财务（更正）：" + "；".join(parts), _clip(details))


def _clip(details: list[str]) -> list[str]:
    if len(details) <= MAX_LINES_SHOWN:
        return details
    return [*details[:MAX_LINES_SHOWN], f"……另有 {len(details) - MAX_LINES_SHOWN} 笔"]


def _finance(old: Committee | None, new: Committee | None) -> list[Item]:
    def periods(c: Committee | None) -> dict[str, Ledger]:
        return {d.model.period.key: d.model for d in c.ledgers} if c else {}

    before, after = periods(old), periods(new)
    items = []
    for key in sorted(set(before) | set(after)):
        ledger = after.get(key) or before[key]
        item = _ledger_changes(ledger.period.label, before.get(key), after.get(key))
        if item:
            items.append(item)
    return items


# ---- rosters


def _member_words(member: Member) -> str:
    return f"{md(member.role)} {md(member.name)}"


def _roster_changes(old: Roster | None, new: Roster | None) -> Item | None:
    if new is None:
        assert old is not None
        return Item(f"{md(old.title)}名册：整个名册被删除")
    label = f"{md(new.title)}名册"
    if old is None:
        names = "、".join(md(m.name) for m in new.members)
        return Item(f"{label}（新公开）：{len(new.members)} 人：{names}")
    parts: list[str] = []
    if (old.elected_on, old.term_ends_on) != (new.elected_on, new.term_ends_on):
        term = f"任期至{day(new.term_ends_on, year=True)}" if new.term_ends_on else "不再写任期届满日期"
        if new.elected_on and new.elected_on != old.elected_on:
            parts.append(f"换届或改选：选举日期 {day(new.elected_on, year=True)}，{term}")
        else:
            parts.append(term)
    before = {m.name: m for m in old.members}
    after = {m.name: m for m in new.members}
    for name, member in after.items():
        was = before.get(name)
        if was is None:
            parts.append(f"新增{_member_words(member)}")
        elif member.until and was.until != member.until:
            parts.append(f"{_member_words(was)} 任期结束（{day(member.until, year=True)}离任）")
        elif was.role != member.role:
            parts.append(f"{md(name)} 职务由 {md(was.role)} 改为 {md(member.role)}")
        elif was != member:
            parts.append(f"{md(name)} 的{_titles(Member, _changed_fields(was, member))}有修改")
    parts += [f"{_member_words(member)} 不再列入名册" for name, member in before.items() if name not in after]
    other = _changed_fields(old, new, ("members", "elected_on", "term_ends_on"))
    if other:
        parts.append(f"修改了{_titles(Roster, other)}")
    return Item(f"{label}：" + "；".join(parts)) if parts else None


# ---- notices


def _notice_period(notice: Notice) -> str:
    closes = notice.closes_on
    if closes is None:
        return ""
    return f"，公示期 {span(notice.opens_on, closes)}" + ("（结束日期为约数）" if notice.closes_estimated else "")


def _notice_changes(old: Notice | None, new: Notice | None) -> Item | None:
    if new is None:
        assert old is not None
        return Item(f"撤下{md(old.kind)}《{md(old.title)}》")
    if old is None:
        return Item(f"新{md(new.kind)}《{md(new.title)}》，{day(new.published_on)}发布{_notice_period(new)}")
    changed = _changed_fields(old, new)
    if not changed:
        return None
    # Already published (it is in BASE): a change to what residents read is a correction.
    text = f"{md(new.kind)}《{md(new.title)}》（更正）修改：{_titles(Notice, changed)}"
    if {"starts_on", "ends_on", "period_workdays"} & set(changed) and new.closes_on:
        text += _notice_period(new).replace("，公示期 ", "，公示期改为 ")
    return Item(text)


# ---- rules


def _articles(rule: Rule) -> list[str]:
    return [text for _, articles in rule.numbered() for _, text in articles]


def _article_details(old: Rule, new: Rule) -> tuple[list[str], list[str]]:
    """What happened to the articles (第五条修改), and under it each article's old and new text."""
    parts: list[str] = []
    details: list[str] = []
    for change in article_changes(old, new):
        if change.old is not None and change.new is not None:
            parts.append(f"{change.label}修改")
            details += [f"{change.label}原文：{md(change.old)}", f"{change.label}新文：{md(change.new)}"]
        elif change.new is not None:
            parts.append(f"新增{change.label}")
            details.append(f"新增{change.label}：{md(change.new)}")
        elif change.old is not None:
            parts.append(f"删除{change.label}")
            details.append(f"删除{change.label}：{md(change.old)}")
    return parts, details


def _rule_changes(old: Rule | None, new: Rule | None) -> Item | None:
    if new is None:
        assert old is not None
        return Item(f"《{md(old.title)}》被删除")
    label = f"《{md(new.title)}》"
    if old is None:
        count = len(_articles(new))
        return Item(
            f"新制度{label}（{md(new.kind)}，{count} 条，{day(new.adopted_on, year=True)}{md(new.adopted_by)}通过）"
        )
    parts, details = _article_details(old, new)
    if [c.title for c in old.chapters] != [c.title for c in new.chapters]:
        parts.append("章的划分或章标题有修改")
    if old.status != new.status:
        parts.append(f"状态由“{old.status}”改为“{new.status}”")
    other = _changed_fields(old, new, ("chapters", "articles", "status"))
    if other:
        parts.append(f"修改了{_titles(Rule, other)}")
    return Item(f"{label}" + "；".join(parts), details) if parts else None


# ---- work lists


def _list_changes(old: WorkList | None, new: WorkList | None) -> Item | None:
    if new is None:
        assert old is not None
        return Item(f"《{md(old.display_title)}》被删除")
    label = f"《{md(new.display_title)}》"
    if old is None:
        return Item(f"新清单{label}，{len(new.items)} 项")
    before: dict[str, ItemBase] = {i.title: i for i in old.items}
    after: dict[str, ItemBase] = {i.title: i for i in new.items}
    parts = [f"新增事项“{md(t)}”" for t in after if t not in before]
    parts += [f"删除事项“{md(t)}”" for t in before if t not in after]
    for title, item in after.items():
        was = before.get(title)
        if was is None or was == item:
            continue
        if type(was) is type(item) and getattr(was, "status", None) != getattr(item, "status", None):
            parts.append(f"“{md(title)}”进度由 {was.status} 改为 {item.status}")  # type: ignore[attr-defined]
        else:
            fields = _changed_fields(was, item) if type(was) is type(item) else ["title"]
            parts.append(f"“{md(title)}”的{_titles(type(item), fields)}有修改")
    other = _changed_fields(old, new, ("items",))
    if other:
        parts.append(f"修改了{_titles(WorkList, other)}")
    return Item(f"{label}：" + "；".join(parts)) if parts else None


def _generic(label: str) -> Callable[[Any, Any], Item | None]:
    """Any other kind, described by what changed, by the record's name."""

    def describe(old: BaseModel | None, new: BaseModel | None) -> Item | None:
        if new is None:
            assert old is not None
            return Item(f"删除{label}《{md(record_title(old))}》")
        if old is None:
            return Item(f"新{label}《{md(record_title(new))}》")
        changed = _changed_fields(old, new)
        return Item(f"{label}《{md(record_title(new))}》修改：{_titles(type(new), changed)}") if changed else None

    return describe


def _profile_changes(old: Committee | None, new: Committee) -> list[Item]:
    if old is None:
        return [Item(f"新委员会：{md(new.profile.model.name)}")]
    changed = _changed_fields(old.profile.model, new.profile.model)
    if not changed:
        return []
    return [Item(f"基本情况：修改了{_titles(type(new.profile.model), changed)}")]


def _each(
    old: Committee | None, new: Committee | None, folder: str, describe: Callable[[Any, Any], Item | None]
) -> list[Item]:
    before = _by_slug(old.of(folder)) if old else {}
    after = _by_slug(new.of(folder)) if new else {}
    return [item for _, was, now in _pairs(before, after) if (item := describe(was, now)) is not None]


Describe = Callable[[Committee | None, Committee | None], list[Item]]

# Kinds with their own wording, in the order the summary gives them; every other declared
# kind (generator/model/kinds.py) follows, described by ``_generic``.
DESCRIBE: dict[str, Describe] = {
    "finance": _finance,
    "rosters": lambda old, new: _each(old, new, "rosters", _roster_changes),
    "notices": lambda old, new: _each(old, new, "notices", _notice_changes),
    "rules": lambda old, new: _each(old, new, "rules", _rule_changes),
    "lists": lambda old, new: _each(old, new, "lists", _list_changes),
}


def _describers() -> list[Describe]:
    plain = [k for k in kinds.KINDS if k.folder not in DESCRIBE]
    generic = [_generic_kind(k.folder, k.title) for k in plain]
    return [*DESCRIBE.values(), *generic]


def _generic_kind(folder: str, title: str) -> Describe:
    return lambda old, new: _each(old, new, folder, _generic(title))


def compare(base: Site, head: Site, base_name: str = "BASE", head_name: str = "HEAD") -> Summary:
    summary = Summary(base_name, head_name)
    old_all = {c.slug: c for c in base.committees}
    new_all = {c.slug: c for c in head.committees}
    for _slug, old, new in _pairs(old_all, new_all):
        if new is None:
            summary.sections.append(Section(old.name, [Item(f"整个委员会“{md(old.name)}”的数据被删除")]))
            continue
        section = Section(new.name)
        section.items += _profile_changes(old, new)
        for describe in _describers():
            section.items += describe(old, new)
        summary.sections.append(section)
    return summary


def errors_markdown(head_name: str, errors: DataErrors) -> str:
    lines = [f"## 数据有误（{md(head_name)}）", "", f"共 {len(errors.errors)} 处错误，合并前请按提示修改：", ""]
    lines += [f"- `{e.path}:{e.line}:{e.column}` {md(e.format().split(': ', 1)[1])}" for e in errors.errors]
    return "\n".join([*lines, ""])


def changed_pages(repo: Path, pages_dir: str, base: str, head: str | None) -> list[str]:
    """Hand-written pages (content/) that differ: residents see those changes too."""
    revisions = [resolve(repo, base)] + ([resolve(repo, head)] if head else [])
    out = _git(repo, "diff", "--name-only", "--relative", *revisions, "--", pages_dir).decode("utf-8")
    return [line for line in out.splitlines() if line.strip()]


def diff(repo: Path, data_dir: str, base: str, head: str | None, pages_dir: str | None = None) -> tuple[str, bool]:
    """Markdown describing the change, and whether HEAD's data is valid."""
    head_name = head or "工作区"
    with tempfile.TemporaryDirectory(prefix="gkl-diff-") as tmp:
        work = Path(tmp)
        (work / "head").mkdir()
        (work / "base").mkdir()
        try:
            new = load_revision(repo, head, data_dir, work / "head")
        except DataErrors as errors:
            return errors_markdown(head_name, errors), False
        try:
            old = load_revision(repo, base, data_dir, work / "base")
            note = ""
        except DataErrors as errors:
            # The base should always be valid (it is what is published); if not, say so
            # and describe everything as new rather than hiding the change.
            old = Site(work / "base", [], [], masked=True)
            note = f"> 注意：基准版本 {md(base)} 的数据本身有 {len(errors.errors)} 处错误，以下按全部新增列出。\n\n"
        summary = compare(old, new, base, head_name)
        pages = changed_pages(repo, pages_dir, base, head) if pages_dir else []
        if pages:
            summary.sections.append(Section("手写页面", [Item(f"修改了 `{md(p)}`") for p in pages]))
        text = summary.markdown()
        if note:
            head_line, _, rest = text.partition("\n\n")
            text = f"{head_line}\n\n{note}{rest}"
        return text, True
