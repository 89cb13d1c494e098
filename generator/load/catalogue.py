"""The 公开目录 in force for a committee: the packaged default of its level, then its own files.

The defaults (``generator/catalogues/community.yml`` for a 社区, ``village.yml`` for a 村) are
read and validated like any data file, so a mistake in them is reported with its line, and
so is a committee file that leaves out a default item that does not exist. A committee's own
items replace default items of the same 公开事项 and add the others; ``omit`` drops default
items; ``use_default: 否`` drops the whole default.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import Collector, DataErrors
from ..model import catalogue, kinds
from ..model.catalogue import Catalogue, Entry
from ..model.committee import Committee
from ..model.record import translate
from ..source.document import Document
from ..source.yamlload import decode, load

DEFAULTS = Path(__file__).resolve().parents[1] / "catalogues"
DEFAULT_FILE = {"社区居委会": "community.yml", "村委会": "village.yml"}


@cache
def default_catalogue(level: str) -> Document[Catalogue]:
    """The packaged catalogue of a level, validated; its mistakes are the developers', raised at once."""
    path = DEFAULTS / DEFAULT_FILE[level]
    shown = f"generator/catalogues/{path.name}"
    errors = Collector()
    located = load(decode(path.read_bytes()))
    try:
        model = Catalogue.model_validate(located.data)
    except ValidationError as exc:
        raise DataErrors(translate(exc, shown, located, Catalogue)) from None
    doc = Document(shown, path.stem, located, model)
    catalogue.check(doc, errors, kinds.known_sources())
    if errors.errors:
        raise DataErrors(errors.errors)
    return doc


def apply(committee: Committee, errors: Collector) -> list[Entry]:
    """The committee's catalogue: default items first (in their order), then its own additions."""
    own: list[Document[Catalogue]] = committee.of("catalogue")
    default = default_catalogue(committee.profile.model.level)
    entries: list[Entry] = []
    if all(doc.model.use_default for doc in own):
        entries = [Entry(default, i, True) for i in range(len(default.model.items))]
    names = {e.item.title for e in entries}
    for doc in own:
        for index, name in enumerate(doc.model.omit):
            if name not in names:
                doc.error(
                    errors,
                    ("omit", index),
                    f"默认目录里没有“{name}”这一项",
                    "omit 写默认目录里事项的名称（公开事项），见网站“公开目录”页或 README",
                )
        entries = [e for e in entries if e.item.title not in doc.model.omit]
    by_title: dict[str, Document[Catalogue]] = {}
    for doc in own:
        for index, item in enumerate(doc.model.items):
            if item.title in by_title and by_title[item.title] is not doc:
                doc.error(
                    errors,
                    ("items", index, "title"),
                    f"公开事项“{item.title}”在 {by_title[item.title].path} 里也有",
                    "每个公开事项只写在一个文件里",
                )
                continue
            by_title[item.title] = doc
            entry = Entry(doc, index, False)
            at = next((i for i, e in enumerate(entries) if e.item.title == item.title), None)
            if at is None:
                entries.append(entry)
            else:
                entries[at] = entry  # replaces the default item in its place
    return entries
