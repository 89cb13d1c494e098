"""JSON Schemas for every data file kind, generated from the models the validator uses.

Editors (VS Code with the YAML extension, and any editor using yaml-language-server) read
the ``# yaml-language-server: $schema=…`` first line of a data file, then complete keys,
show each key's Chinese title and description, and underline typos. The schemas ship in the
package (``generator/json_schemas/``, written by ``gongkailan schema --write generator/json_schemas``
and committed; a test regenerates them and compares, so they cannot drift from the validator).
``gongkailan schema --modelines`` and ``gongkailan init`` copy them into the committee's own
``schemas/`` folder, where the first lines of the data files point.

The validator itself never reads these files: it keeps the richer checks (balances, dates
inside the period, references). The schema is a guide for typing, not a second source.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..model import kinds
from ..model.kinds import Kind
from .guide import sections

SCHEMA_DIR = "schemas"  # in a committee's repository, beside data/
PACKAGED = Path(str(resources.files("generator") / "json_schemas"))
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_kinds() -> dict[str, Kind]:
    """Folder (or "profile" for profile.yml) -> its declared kind, one schema each."""
    return {kind.folder: kind for kind in [kinds.PROFILE, *kinds.KINDS, *kinds.SITE_WIDE]}


MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S*\n?")


def _chinese_titles() -> dict[str, str]:
    """Sub-model titles for hover text: the guide's headings, not Python class names."""
    return {model.__name__: heading for heading, _, model, _ in sections()}


def _titles_from_fields(schema: dict[str, Any]) -> dict[str, str]:
    """A nested record the guide has no heading for (a notice's vote) takes its field's title."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for sub in (node.get("properties") or {}).values():
                refs = re.findall(r'"#/\$defs/(\w+)"', json.dumps(sub))
                if len(refs) == 1 and "title" in sub:
                    found.setdefault(refs[0], sub["title"])
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(schema)
    return found


def _widen_text(node: Any) -> None:
    """Let plain text fields take any scalar, as the validator does.

    Our loader keeps every YAML scalar as a string, so ``phone: 86901234`` and
    ``voucher: 001`` are valid text; the editor's YAML 1.2 parser reads them as numbers.
    Only unconstrained text is widened: dates, money and choices keep their checks.
    """
    if isinstance(node, dict):
        if node.get("type") == "string" and not ({"format", "pattern", "enum", "const"} & node.keys()):
            node["type"] = ["string", "number", "boolean"]
        for value in node.values():
            _widen_text(value)
    elif isinstance(node, list):
        for value in node:
            _widen_text(value)


def _model_schema(model: type[BaseModel]) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = model.model_json_schema(ref_template="#/$defs/{model}")
    return schema, schema.pop("$defs", {})


def _variants_schema(kind: Kind) -> dict[str, Any]:
    """Items are checked against the model of the file's ``kind:``, as the loader does."""
    schema, defs = _model_schema(kind.model)
    rules = []
    for value, model in kind.variants.items():
        item, item_defs = _model_schema(model)
        defs.update(item_defs)
        defs[model.__name__] = item
        rules.append(
            {
                "if": {"properties": {"kind": {"const": value}}, "required": ["kind"]},
                "then": {"properties": {"items": {"items": {"$ref": f"#/$defs/{model.__name__}"}}}},
            }
        )
    schema["allOf"] = rules
    schema["$defs"] = defs
    return schema


def schema_for(name: str) -> dict[str, Any]:
    kind = schema_kinds()[name]
    if kind.variants:
        schema = _variants_schema(kind)
    else:
        schema, defs = _model_schema(kind.model)
        if defs:
            schema["$defs"] = defs
    titles = {**_titles_from_fields(schema), **_chinese_titles()}
    for name, sub in schema.get("$defs", {}).items():
        if name in titles:
            sub["title"] = titles[name]
        sub.pop("description", None)  # a model's docstring is for developers (English); the title says it in Chinese
    _widen_text(schema)
    pattern = kind.pattern.removeprefix("../")
    where = "" if pattern in kind.title else f"（{pattern}）"
    head = {
        "$schema": DIALECT,
        "title": kind.title,
        "description": f"公开栏数据文件：{kind.title}{where}。由 gongkailan schema 根据校验模型生成，请勿手改。",
    }
    schema.pop("title", None)
    schema.pop("description", None)  # the model's docstring: head says it in Chinese
    return {**head, **schema}


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in schema_kinds():
        path = directory / f"{kind}.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written


def install(root: Path) -> list[Path]:
    """Copy the package's schemas into ``root/schemas/``; the files that were missing or out of date."""
    target = root / SCHEMA_DIR
    target.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind in schema_kinds():
        text = (PACKAGED / f"{kind}.json").read_text(encoding="utf-8")
        path = target / f"{kind}.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def kind_of(path: Path) -> str | None:
    """The kind of a data file from where it lies: ``<committee>/<folder>/x.yml``."""
    if path.name == "profile.yml":
        return "profile"
    if any(path.name == f"{kind.folder}.yml" for kind in kinds.SITE_WIDE):
        return path.stem
    return path.parent.name if path.parent.name in schema_kinds() else None


def modeline(data_file: Path, root: Path) -> str:
    """The first line that points an editor at the file's schema, relative to the file."""
    kind = kind_of(data_file)
    assert kind is not None
    depth = len(data_file.resolve().relative_to(root.resolve()).parts) - 1
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{kind}.json"


def add_modeline(data_file: Path, root: Path) -> bool:
    """Put (or correct) the schema line at the top of ``data_file``; True if it changed."""
    text = data_file.read_text(encoding="utf-8")
    body = MODELINE.sub("", text, count=1)
    new = f"{modeline(data_file, root)}\n{body}"
    if new == text:
        return False
    data_file.write_text(new, encoding="utf-8")
    return True


def data_files(root: Path, data_dir: str = "data") -> list[Path]:
    """Every data file whose kind has a schema: the site's own (jiedao.yml, portal.yml), then the committees'."""
    data = root / data_dir
    site_wide = [data / f"{kind.folder}.yml" for kind in kinds.SITE_WIDE if (data / f"{kind.folder}.yml").is_file()]
    profiles = sorted(data.glob("*/profile.yml"))
    records = sorted(
        p for p in data.glob("*/*/*.yml") if p.parent.name in schema_kinds() and p.parent.name != "profile"
    )
    return site_wide + profiles + records
