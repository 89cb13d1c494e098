"""Find every data file, load and validate all of them, and gather every error.

Layout: ``data/<committee>/profile.yml`` marks a committee folder; beside it live one
folder per kind of data (``rosters/``, ``finance/``, … as declared in
``generator/model/kinds.py``), one YAML file per record. One repository may hold several
committees of one 街道.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Collector
from ..model import kinds, ledgers, notices, rosters, subdistrict
from ..model.committee import Committee, Site
from ..model.finance import Ledger
from ..model.kinds import Kind
from ..model.profile import Profile
from ..model.record import translate
from ..model.resolutions import check_link
from ..model.subdistrict import SiteConfig
from ..privacy import masking as privacy
from ..source.document import Document
from ..source.parsecache import ParseCache
from ..source.yamlload import Located, YamlProblem, decode, load
from .catalogue import apply as apply_catalogue

M = TypeVar("M", bound=BaseModel)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _os_reason(exc: OSError) -> str:
    """The operating system's reason in Chinese (its own strerror is English)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取权限"
    if exc.errno == errno.ENOENT:
        return "文件不存在"
    if exc.errno == errno.EISDIR:
        return "这是一个文件夹"
    return f"错误号 {exc.errno}"


def _listing(folder: Path, root: Path, errors: Collector) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        errors.add(_relative(folder, root), 1, 1, f"无法读取文件夹（{_os_reason(exc)}）", "检查这个文件夹的读取权限")
        return []


def read_located(path: Path, shown: str, errors: Collector, parsed: ParseCache | None = None) -> Located | None:
    """Read and parse one file (``parsed``: earlier runs' parses, by content); a problem becomes an error line and None."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        errors.add(shown, 1, 1, f"无法读取文件（{_os_reason(exc)}）", "检查文件是否存在、是否有读取权限")
        return None
    digest, located = parsed.get(raw) if parsed is not None else (b"", None)
    if located is None:
        try:
            located = load(decode(raw))
        except YamlProblem as problem:
            errors.add(shown, problem.mark.line, problem.mark.column, problem.message, problem.hint)
            return None
        if parsed is not None:
            parsed.put(digest, located)
    if located.data is None:
        errors.add(shown, 1, 1, "文件是空的", "请填写内容，或删除这个文件")
        return None
    if not isinstance(located.data, dict):
        errors.add(shown, 1, 1, "文件最外层应该是“键：值”形式的内容", "参照示例文件，每行写“键：值”")
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


def load_record(kind: Kind, located: Located, shown: str, errors: Collector) -> Any:
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


SUFFIXES = (".yml", ".yaml")  # both spellings of YAML are data files, read the same way


def _is_data_file_name(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def _readable_inside(path: Path, data: Path, root: Path, errors: Collector, parent_inside: bool = False) -> bool:
    """Whether ``path`` may be read: it exists and, with every symlink followed, lies inside data/.

    A symlink committed into the repository could point at ``/etc/passwd`` or a private file
    beside the repository; such a file is never opened, and a dangling link is not ignored
    silently either (the editor meant a file to be there). ``parent_inside``: the folder of
    ``path``, every link followed, is known to lie inside data/, so that a file that is no link
    costs one ``lstat``, not one per folder of its path.
    """
    if parent_inside and not path.is_symlink():
        return True
    shown = _relative(path, root)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        if not path.is_symlink():
            return True  # not a link: reading it says what is wrong
        errors.add(
            shown, 1, 1, f"“{path.name}”是一个链接（symlink），它指向的文件不存在", "请删掉这个链接，把文件本身放进来"
        )
        return False
    if not target.is_relative_to(data):
        errors.add(
            shown,
            1,
            1,
            f"“{path.name}”是指向 data/ 以外的链接（symlink），没有读取",
            "数据文件只从 data/ 里读取：请删掉这个链接，把文件本身复制进 data/",
        )
        return False
    return True


def _data_files(folder: Path, data: Path, root: Path, errors: Collector) -> list[Path]:
    """The data files of one folder; folders named like files, links out, and name clashes are errors."""
    found: dict[str, Path] = {}
    try:
        inside = folder.resolve(strict=True).is_relative_to(data)  # once for all its files
    except (OSError, RuntimeError):
        inside = False
    for path in _listing(folder, root, errors):
        if not _is_data_file_name(path) or not _readable_inside(path, data, root, errors, inside):
            continue
        if path.is_dir():
            errors.add(
                _relative(path, root),
                1,
                1,
                f"“{path.name}”是一个文件夹，不是数据文件",
                f"这里只能放 .yml 文件：把它改名（去掉“{path.suffix}”），或把里面的文件移出来",
            )
            continue
        # The file name is the page's address: n.yml and n.yaml (or N.yml on a case-blind disk) clash.
        key = path.stem.casefold()
        if key in found:
            errors.add(
                _relative(path, root),
                1,
                1,
                f"“{path.name}”与“{found[key].name}”是同一个名字",
                "文件名就是网页地址，同名的 .yml 和 .yaml（或只差大小写的两个文件）只能留一个：删掉或改名其中一个",
            )
            continue
        found[key] = path
    return list(found.values())


def _profile_path(folder: Path) -> Path | None:
    for name in ("profile.yml", "profile.yaml"):
        if (folder / name).exists() or (folder / name).is_symlink():
            return folder / name
    return None


def _load_committee(
    folder: Path,
    data: Path,
    root: Path,
    errors: Collector,
    files: list[Path],
    profile_path: Path,
    parsed: ParseCache | None = None,
) -> Committee | None:
    files.append(profile_path)
    shown = _relative(profile_path, root)
    located = read_located(profile_path, shown, errors, parsed)
    profile = validate(Profile, located, shown, errors) if located else None
    declared = {kind.folder: kind for kind in kinds.KINDS}
    loaded: dict[str, list[Document[Any]]] = {name: [] for name in declared}
    incomplete: set[str] = set()
    for entry in _data_files(folder, data, root, errors):  # also refuses profile.yml beside profile.yaml
        if entry.stem.casefold() != "profile":
            _unknown_entry(entry, root, errors)
    for entry in _listing(folder, root, errors):
        if entry.name.startswith(".") or _is_data_file_name(entry):
            continue
        if not _readable_inside(entry, data, root, errors):
            continue
        if entry.is_dir() and entry.name in declared:
            kind = declared[entry.name]
            for path in _data_files(entry, data, root, errors):
                files.append(path)
                shown_path = _relative(path, root)
                doc_located = read_located(path, shown_path, errors, parsed)
                if doc_located is None:
                    incomplete.add(entry.name)
                    continue
                model = load_record(kind, doc_located, shown_path, errors)
                if model is None:
                    incomplete.add(entry.name)
                if model is not None:
                    doc = Document(shown_path, path.stem, doc_located, model)
                    loaded[entry.name].append(doc)
                    if kind.check is not None:
                        kind.check(doc, errors)
        elif entry.is_dir():
            _unknown_entry(entry, root, errors)
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
    committee.catalogue = apply_catalogue(committee, errors)
    return committee


def _unknown_entry(entry: Path, root: Path, errors: Collector) -> None:
    known = "、".join(f"{name}/({title})" for name, title in folders().items())
    errors.add(
        _relative(entry, root),
        1,
        1,
        f"不认识的{'文件夹' if entry.is_dir() else '文件'}“{entry.name}”",
        f"委员会文件夹里只能有 profile.yml 和这些文件夹：{known}",
    )


def _check_names(committees: list[Committee], errors: Collector) -> None:
    """Two committees with one name (or one address) would be two pages residents cannot tell apart."""
    by_name: dict[str, Committee] = {}
    by_slug: dict[str, Committee] = {}
    for committee in committees:
        profile = committee.profile
        for key in ("name", "short_name"):
            value = getattr(profile.model, key)
            if not value:
                continue
            first = by_name.get(value)
            if first is not None and first is not committee:
                profile.error(
                    errors,
                    (key,),
                    f"名称“{value}”与 {first.profile.path} 重复",
                    "每个委员会的全称和简称都不能相同：请核对是不是复制了别的委员会的 profile.yml",
                )
            by_name.setdefault(value, committee)
        slug = committee.slug.casefold()
        if slug in by_slug:
            profile.error(
                errors,
                (),
                f"文件夹名“{committee.slug}”与“{by_slug[slug].slug}”只差大小写，网址会重复",
                "每个委员会的文件夹名要不同：请给其中一个改名（建议全用小写拼音）",
            )
        by_slug.setdefault(slug, committee)


def _check_references(committee: Committee, errors: Collector) -> None:
    for kind in kinds.KINDS:
        if kind.check_all is not None:
            kind.check_all(committee.of(kind.folder), errors)
    # The level (社区 or 村) is the profile's, so these checks need the committee, not one kind.
    level = committee.profile.model.level
    for roster in committee.rosters:
        rosters.check_level(roster, level, errors)
    notices.check_level(committee.notices, level, errors)
    ledgers.check_committee(committee, errors)
    notice_slugs = {n.slug for n in committee.notices}
    by_slug = {n.slug: n.model for n in committee.notices}
    rule_slugs = {r.slug for r in committee.rules}
    seen: dict[str, Document[Ledger]] = {}
    for ledger in committee.ledgers:
        key = ledger.model.period.key
        if key in seen:
            ledger.error(
                errors,
                ("period",),
                f"账期 {ledger.model.period.label} 重复：{seen[key].path} 也是这个账期",
                "每个账期只能有一个账目文件",
            )
        seen[key] = ledger
        for side in ("income", "expense"):
            for index, line in enumerate(getattr(ledger.model, side)):
                check_link(ledger, errors, (side, index, "resolution"), line.resolution, by_slug)
    for worklist in committee.lists:
        for index, item in enumerate(worklist.model.items):
            check_link(worklist, errors, ("items", index, "resolution"), getattr(item, "resolution", None), by_slug)
    for rule in committee.rules:
        check_link(rule, errors, ("resolution",), rule.model.resolution, by_slug)
        for index, old in enumerate(rule.model.replaces):
            rule.check_reference(errors, ("replaces", index), old, rule_slugs, "被替代的制度", "rules/ 里旧版本")
    for notice in committee.notices:
        for index, other in enumerate(notice.model.related):
            notice.check_reference(errors, ("related", index), other, notice_slugs, "相关公告")
        check_link(notice, errors, ("resolution",), notice.model.resolution, by_slug)


def load_site(root: Path, data_dir: str = "data", parsed: ParseCache | None = None, masked: bool = True) -> Site:
    """Load every committee under ``root/data_dir``; raise DataErrors listing every mistake.

    ``parsed``: the parses an earlier run kept (generator/source/parsecache.py). ``masked=False``
    (``check`` only): what masking would refuse is reported, but the records are left as written
    and nothing may be built from the site (``Site.masked``)."""
    errors = Collector()
    data = root / data_dir
    files: list[Path] = []
    committees: list[Committee] = []
    if not data.is_dir():
        errors.add(
            data_dir, 1, 1, f"找不到数据文件夹“{data_dir}”", "请在项目根目录建立 data/ 文件夹，参照示例放入委员会数据"
        )
    else:
        inside = data.resolve()
        for folder in (p for p in _listing(data, root, errors) if not p.name.startswith(".")):
            if not _readable_inside(folder, inside, root, errors) or not folder.is_dir():
                continue
            profile_path = _profile_path(folder)
            if profile_path is not None and _readable_inside(profile_path, inside, root, errors):
                if profile_path.is_dir():
                    errors.add(
                        _relative(profile_path, root),
                        1,
                        1,
                        f"“{profile_path.name}”是一个文件夹，不是数据文件",
                        "profile.yml 应该是一个文件：把这个文件夹改名或移走",
                    )
                    continue
                committee = _load_committee(folder, inside, root, errors, files, profile_path, parsed)
                if committee is not None:
                    committees.append(committee)
            elif profile_path is None:
                errors.add(
                    _relative(folder, root),
                    1,
                    1,
                    f"文件夹“{folder.name}”里没有 profile.yml",
                    "每个委员会一个文件夹，里面必须有 profile.yml（基本情况）",
                )
        _check_names(committees, errors)
        config = _load_config(data, root, errors, files, committees)
        if not errors.errors and not committees:
            errors.add(data_dir, 1, 1, "data/ 里还没有任何委员会", "建立 data/<委员会简称>/profile.yml")
    privacy.check_file_names(files, root, errors)
    errors.raise_if_any()
    site = Site(root, committees, files, config)
    if not masked:
        privacy.refuse_unsafe(site)
        return site
    # Masked once here, so that every output built from the site sees masked data only.
    return privacy.protect_site(site)


def _load_config(
    data: Path, root: Path, errors: Collector, files: list[Path], committees: list[Committee]
) -> Document[SiteConfig] | None:
    """data/jiedao.yml, checked against the committees found (None when there is none)."""
    for name in (subdistrict.FILE, subdistrict.FILE.replace(".yml", ".yaml")):
        path = data / name
        if not path.exists() and not path.is_symlink():
            continue
        if not _readable_inside(path, data.resolve(), root, errors):
            return None
        files.append(path)
        shown = _relative(path, root)
        located = read_located(path, shown, errors)
        model = validate(SiteConfig, located, shown, errors) if located else None
        if model is None or located is None:
            return None
        doc = Document(shown, path.stem, located, model)
        subdistrict.check(doc, [c.slug for c in committees], errors)
        return doc
    return None
