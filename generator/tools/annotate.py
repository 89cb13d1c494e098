"""Data errors as CI annotations, so a reviewer sees each mistake on its line in the PR.

The committee's own text (a summary, a name) ends up inside these messages. GitHub reads
any output line that starts with ``::`` as a command; without escaping, a line break in a
message followed by ``::set-env`` or ``::add-mask`` would be obeyed. Escaping follows the
runner's own rules (actions/toolkit ``command.ts``): in the message ``%``, CR and LF are
percent-encoded; in properties ``:`` and ``,`` are too. With no raw line break left, no
committee text can start a line, so none can start a command.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import DataError

TITLE = "数据有误"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workspace_prefix(project: Path, workspace: str | None = None) -> str:
    """Where the project lies inside the checked-out repository, for annotation paths.

    GitHub places an annotation by a path relative to the repository's top; our paths are
    relative to the folder of mkdocs.yml, which may be lower.
    """
    top = workspace if workspace is not None else os.environ.get("GITHUB_WORKSPACE")
    if not top:
        return ""
    try:
        inner = project.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if inner == "." else inner + "/"


def github_line(error: DataError, prefix: str = "") -> str:
    message = error.message
    if error.hint:
        message += f"\n{error.hint}"
    props = {
        "file": prefix + error.path,
        "line": str(error.line),
        "col": str(error.column),
        "title": f"{TITLE}：{error.field_path}" if error.field_path else TITLE,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::error {joined}::{escape_data(message)}"


def github(errors: list[DataError], prefix: str = "") -> str:
    return "\n".join(github_line(e, prefix) for e in errors)


def gitlab_code_quality(errors: list[DataError], prefix: str = "") -> str:
    """GitLab's Code Quality report (JSON): GitLab shows it in the merge request."""
    report = []
    for e in errors:
        text = e.format().split(": ", 1)[1] if ": " in e.format() else e.message
        fingerprint = hashlib.sha256(f"{e.path}:{e.line}:{e.column}:{e.message}".encode()).hexdigest()
        report.append(
            {
                "description": text,
                "check_name": "gongkailan",
                "fingerprint": fingerprint,
                "severity": "major",
                "location": {"path": prefix + e.path, "lines": {"begin": e.line}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2)
