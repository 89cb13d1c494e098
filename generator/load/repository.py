"""Find every data file, load and validate all of them, and gather every error.

Layout: ``data/<committee>/profile.yml`` marks a committee folder; beside it live one
folder per kind of data (``rosters/``, ``finance/``, … as declared in
``generator/model/kinds.py``), one YAML file per record. One repository may hold several
committees of one 街道.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Collector
from ..model import kinds, ledgers
from ..model.committee import Committee, Site
from ..model.finance import Ledger
from ..model.kinds import Kind
from ..model.profile import Profile
from ..model.record import translate
from ..privacy import masking as privacy
from ..source.document import Document
from ..source.yamlload import Located, YamlProblem, decode, load

M = TypeVar("M", bound=BaseModel)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_located(path: Path, shown: str, errors: Collector) -> Located | None:
    """Read and parse one file; a problem becomes an error line and None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.add(shown, 1, 1, f"无法读取文件:{exc.strerror}", "检查文件是否存在、是否有读取权限")
        return None
    try:
        located = load(decode(raw))
    except YamlProblem as problem:
        errors.add(shown, problem.mark.line, problem.mark.column, problem.message, problem.hint)
        return None
    if located.data is None:
        errors.add(shown, 1, 1, "文件是空的", "请填写内容,或删除这个文件")
        return None
    if not isinstance(located.data, dict):
        errors.add(shown, 1, 1, "文件最外层应该是“键: 值”形式的内容", "参照示例文件,每行写“键: 值”")
        return None
    return located


def validate(model: type[M], located: Located, shown: str, errors: Collector, prefix: tuple[Any, ...] = ()) -> M | None:
    """One file (or the part of it at ``prefix``) as ``model``; each mistake becomes an error line."""
    data = located.data
    for part in prefix:
        data = data[part]
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors.extend(translate(exc, shown, located, model, prefix))
        return None


def folders() -> dict[str, str]:
    """Folder name -> what it holds, for every declared kind."""
    return {kind.folder: kind.title for kind in kinds.KINDS}


def _load_record(kind: Kind, located: Located, shown: str, errors: Collector) -> Any:
    record = validate(kind.model, located, shown, errors)
    if record is None or not kind.variants:
        return record
    # Items checked against the model their file's ``kind:`` names (work lists).
    listed: Any = record
    items = listed.items
    typed = []
    for index in range(len(items)):
        item = validate(kind.variants[listed.kind], located, shown, errors, ("items", index))
        if item is not None:
            typed.append(item)
    if len(typed) != len(items):
        return None
    return record.model_copy(update={"items": typed})


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())


def _load_committee(folder: Path, root: Path, errors: Collector, files: list[Path]) -> Committee | None:
    profile_path = folder / "profile.yml"
    files.append(profile_path)
    shown = _relative(profile_path, root)
    located = read_located(profile_path, shown, errors)
    profile = validate(Profile, located, shown, errors) if located else None
    declared = {kind.folder: kind for kind in kinds.KINDS}
    loaded: dict[str, list[Document[Any]]] = {name: [] for name in declared}
    incomplete: set[str] = set()
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == "profile.yml":
            continue
        if entry.is_dir() and entry.name in declared:
            kind = declared[entry.name]
            for path in _yaml_files(entry):
                files.append(path)
                shown_path = _relative(path, root)
                doc_located = read_located(path, shown_path, errors)
                if doc_located is None:
                    incomplete.add(entry.name)
                    continue
                model = _load_record(kind, doc_located, shown_path, errors)
                if model is None:
                    incomplete.add(entry.name)
                if model is not None:
                    doc = Document(shown_path, path.stem, doc_located, model)
                    loaded[entry.name].append(doc)
                    if kind.check is not None:
                        kind.check(doc, errors)
        elif entry.suffix in (".yml", ".yaml") or entry.is_dir():
            known = "、".join(f"{name}/({title})" for name, title in folders().items())
            errors.add(
                _relative(entry, root),
                1,
                1,
                f"不认识的{'文件夹' if entry.is_dir() else '文件'}“{entry.name}”",
                f"委员会文件夹里只能有 profile.yml 和这些文件夹:{known}",
            )
    if profile is None or located is None:
        return None
    committee = Committee(folder.name, Document(shown, "profile", located, profile))
    for name, kind in declared.items():
        docs = loaded[name]
        if kind.order is not None:
            docs = sorted(docs, key=kind.order, reverse=kind.newest_first)
        committee.records[name] = docs
    committee.incomplete = incomplete
    _check_references(committee, errors)
    return committee


def _check_references(committee: Committee, errors: Collector) -> None:
    for kind in kinds.KINDS:
        if kind.check_all is not None:
            kind.check_all(committee.of(kind.folder), errors)
    ledgers.check_committee(committee, errors)
    notice_slugs = {n.slug for n in committee.notices}
    rule_slugs = {r.slug for r in committee.rules}
    seen: dict[str, Document[Ledger]] = {}
    for ledger in committee.ledgers:
        key = ledger.model.period.key
        if key in seen:
            ledger.error(
                errors,
                ("period",),
                f"账期 {ledger.model.period.label} 重复:{seen[key].path} 也是这个账期",
                "每个账期只能有一个账目文件",
            )
        seen[key] = ledger
        for side in ("income", "expense"):
            for index, line in enumerate(getattr(ledger.model, side)):
                ledger.check_reference(errors, (side, index, "resolution"), line.resolution, notice_slugs)
    for rule in committee.rules:
        for index, old in enumerate(rule.model.replaces):
            rule.check_reference(errors, ("replaces", index), old, rule_slugs, "被替代的制度", "rules/ 里旧版本")
    for notice in committee.notices:
        for index, other in enumerate(notice.model.related):
            notice.check_reference(errors, ("related", index), other, notice_slugs, "相关公告")


def load_site(root: Path, data_dir: str = "data") -> Site:
    """Load every committee under ``root/data_dir``; raise DataErrors listing every mistake."""
    errors = Collector()
    data = root / data_dir
    files: list[Path] = []
    committees: list[Committee] = []
    if not data.is_dir():
        errors.add(
            data_dir, 1, 1, f"找不到数据文件夹“{data_dir}”", "请在项目根目录建立 data/ 文件夹,参照示例放入委员会数据"
        )
    else:
        for folder in sorted(p for p in data.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if (folder / "profile.yml").is_file():
                committee = _load_committee(folder, root, errors, files)
                if committee is not None:
                    committees.append(committee)
            else:
                errors.add(
                    _relative(folder, root),
                    1,
                    1,
                    f"文件夹“{folder.name}”里没有 profile.yml",
                    "每个委员会一个文件夹,里面必须有 profile.yml(基本情况)",
                )
        if not errors.errors and not committees:
            errors.add(data_dir, 1, 1, "data/ 里还没有任何委员会", "建立 data/<委员会简称>/profile.yml")
    privacy.check_file_names(files, root, errors)
    errors.raise_if_any()
    # Masked once here, so that every output built from the site sees masked data only.
    return privacy.protect_site(Site(root, committees, files))
