"""Editor help: JSON Schemas generated from the validator's models, committed under schemas/,
and pointed at by the first line of every example data file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from gitrepo import copy_project

from generator.load.repository import folders
from generator.tools.schemas import PACKAGED, add_modeline, data_files, kind_of, modeline, render, schema_kinds

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "generator.cli"]


class Yaml12Loader(yaml.SafeLoader):
    """Roughly what yaml-language-server sees: YAML 1.2 core, so dates stay strings."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{kind}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def problems(kind: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(data)]


def test_every_data_kind_has_a_schema() -> None:
    missing = set(folders()) - set(schema_kinds())
    assert not missing, (
        f"add the model of {missing} to generator/model/kinds.py, then `gongkailan schema --write schemas/`"
    )
    assert set(schema_kinds()) == set(folders()) | {"profile", "jiedao", "portal"}


@pytest.mark.parametrize("kind", list(schema_kinds()))
def test_committed_schema_is_up_to_date(kind: str) -> None:
    path = PACKAGED / f"{kind}.json"
    assert path.is_file(), "运行 gongkailan schema --write generator/json_schemas"
    assert path.read_text(encoding="utf-8") == render(kind), (
        "运行 gongkailan schema --write generator/json_schemas 并提交"
    )
    # The example committee's own copy, where its modelines point.
    assert (ROOT / "schemas" / f"{kind}.json").read_text(encoding="utf-8") == render(kind), (
        "运行 gongkailan schema --modelines 并提交"
    )


def test_every_key_has_a_chinese_title() -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                assert re.search("[\u4e00-\u9fff]", sub.get("title", "")), f"{where}.{key}"
            for key, sub in node.items():
                if key not in ("if", "then"):  # conditions restate keys titled elsewhere
                    walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for sub in node:
                walk(sub, where)

    for kind in schema_kinds():
        schema = json.loads(render(kind))
        assert re.search("[\u4e00-\u9fff]", schema["title"])
        walk(schema, kind)


def test_editors_hover_text_is_all_chinese() -> None:
    # What the web editor shows on hover: a nested record's title, any description (a model's
    # English docstring once leaked here as "data/jiedao.yml: the whole site.").
    def texts(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node[key] for key in ("title", "description") if isinstance(node.get(key), str)]
            return (
                own
                + [t for key, sub in node.items() if key != "properties" for t in texts(sub)]
                + [t for sub in (node.get("properties") or {}).values() for t in texts(sub)]
            )
        if isinstance(node, list):
            return [t for sub in node for t in texts(sub)]
        return []

    for kind in schema_kinds():
        english = [t for t in texts(json.loads(render(kind))) if not re.search("[\u4e00-\u9fff]", t)]
        assert english == [], kind


def test_portal_schema_underlines_a_mistyped_list() -> None:
    assert problems("portal", {"sites": [{"url": "https://dh.example.org/xingfu/"}]}) == []
    assert any("site" in p for p in problems("portal", {"site": [{"url": "https://dh.example.org/xingfu/"}]}))
    assert problems("portal", {"sites": [{"name": "幸福街道"}]})  # url missing, name not a key


def test_example_data_is_valid_against_its_schema() -> None:
    files = data_files(ROOT)
    assert len(files) > 40
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        assert problems(kind_of(path), data) == [], path


def test_schema_underlines_what_the_validator_rejects() -> None:
    ledger = {"period": "2026-11", "opening_balance": 10, "closing_balance": "10.00", "amout": 1}
    assert any("amout" in p for p in problems("finance", ledger))  # typo: additional property
    assert any("12,00" in p for p in problems("finance", {**ledger, "amout": None, "opening_balance": "12,00"}))
    certificates = {"kind": "证明事项", "items": [{"title": "居住证明"}]}
    assert any("basis" in p for p in problems("lists", certificates))  # items checked by the list's kind
    duties = {"kind": "履职事项", "items": [{"title": "调解纠纷"}]}
    assert problems("lists", duties) == []
    assert problems("lists", {**duties, "items": [{"title": "x", "department": "民政"}]})  # not a duty's key


def test_text_written_as_a_number_is_not_underlined() -> None:
    # The loader keeps `phone: 86901234` as text; the editor must not call it an error.
    roster = {"body": "居委会", "members": [{"name": "王芳", "phone": 86901234, "role": 2}]}
    assert problems("rosters", roster) == []


def test_every_example_data_file_starts_with_its_schema_line() -> None:
    missing = []
    for path in data_files(ROOT):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        if first != modeline(path, ROOT):
            missing.append(path.relative_to(ROOT).as_posix())
    assert missing == [], "运行 gongkailan schema --modelines"


def test_schema_line_points_at_the_file_from_where_the_data_file_is() -> None:
    for path in data_files(ROOT)[:3] + data_files(ROOT)[-3:]:
        target = modeline(path, ROOT).split("$schema=")[1]
        assert (path.parent / target).resolve() == (ROOT / "schemas" / f"{kind_of(path)}.json").resolve()


def test_modelines_command_adds_and_corrects_and_data_still_checks(tmp_path: Path) -> None:
    copy_project(tmp_path)
    notice = sorted((tmp_path / "data").glob("*/notices/*.yml"))[0]
    body = re.sub(r"^# yaml-language-server:.*\n", "", notice.read_text(encoding="utf-8"))
    notice.write_text("# yaml-language-server: $schema=wrong.json\n" + body, encoding="utf-8")
    ledger = sorted((tmp_path / "data").glob("*/finance/*.yml"))[0]
    ledger.write_text(re.sub(r"^# yaml-language-server:.*\n", "", ledger.read_text(encoding="utf-8")), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([*CLI, "schema", "--modelines"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert notice.read_text(encoding="utf-8") == modeline(notice, tmp_path) + "\n" + body
    assert ledger.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/finance.json\n"
    )
    assert not add_modeline(ledger, tmp_path)  # a second run changes nothing
    # The committee's copy of the schemas is where the lines point, so editors find it.
    assert (tmp_path / "schemas" / "finance.json").read_text(encoding="utf-8") == render("finance")
    assert (ledger.parent / "../../../schemas/finance.json").resolve().is_file()
    check = subprocess.run([*CLI, "check"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert check.returncode == 0, check.stderr
