"""Golden cases: one YAML file per case holding the input files and the expected output.

A case has ``files:`` (relative path -> text), optionally ``files_base64:`` (relative
path -> bytes, for a BOM or a wrong encoding), optionally ``symlinks:`` (relative path -> link
target, written as is), ``folders:`` (empty folders to create), ``add_profiles: false``, and,
last, ``errors:`` (the exact lines expected). ``pytest --update-goldens`` rewrites only
the ``errors:`` part from what the code really says; everything above it is kept byte for
byte, comments included. Review the diff before committing it.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).parent / "cases"
DEFAULT_PROFILE = "name: 测试社区居民委员会\nsubdistrict: 测试街道\n"


def read_case(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "errors" in case and list(case)[-1] != "errors":
        raise ValueError(f"{path.name}: errors: must be the last key, --update-goldens rewrites from there on")
    case.setdefault("files", {})
    case.setdefault("files_base64", {})
    case.setdefault("symlinks", {})
    case.setdefault("folders", [])
    case.setdefault("errors", [])
    return case


def write_tree(case: dict[str, Any], root: Path) -> None:
    """Write the case's files under ``root``, adding a minimal profile to each committee."""
    contents = {name: text.encode("utf-8") for name, text in case["files"].items()}
    symlinks: dict[str, str] = case.get("symlinks", {})
    folders: list[str] = case.get("folders", [])
    contents.update({name: base64.b64decode(data) for name, data in case["files_base64"].items()})
    if case.get("add_profiles", True):
        named = [*contents, *symlinks, *(f"{f}/x" for f in folders)]
        for name in named:
            parts = name.split("/")
            has_profile = any(other.startswith(f"data/{parts[1]}/profile.") for other in named if len(parts) > 1)
            if len(parts) > 2 and parts[0] == "data" and not has_profile:
                contents.setdefault(f"data/{parts[1]}/profile.yml", DEFAULT_PROFILE.encode("utf-8"))
    for name, data in contents.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for name in folders:
        (root / name).mkdir(parents=True, exist_ok=True)
    for name, points_to in symlinks.items():
        link = root / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(points_to)


_ERRORS_KEY = re.compile(r"^errors:", re.MULTILINE)


def rewrite_errors(path: Path, errors: list[str]) -> None:
    """Replace the trailing ``errors:`` section of a case file, keeping the rest as written."""
    text = path.read_text(encoding="utf-8")
    found = _ERRORS_KEY.search(text)
    head = text[: found.start()] if found else text.rstrip("\n") + "\n"
    # JSON strings are valid YAML double-quoted scalars, and keep Chinese readable.
    body = "".join(f"  - {json.dumps(line, ensure_ascii=False)}\n" for line in errors)
    path.write_text(head + ("errors:\n" + body if errors else "errors: []\n"), encoding="utf-8")
