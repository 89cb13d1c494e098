"""Which fields of a record open data may carry (generator/outputs/opendata.py).

A page shows a member's masked address (幸福里一区*幢) beside their name for context; a
downloadable table of names and addresses is a register of where people live, so open
data leaves address fields out altogether. Private fields (a member's phone) are left out
too, except where the record declares them public (``phone_public: 是``), as on the page.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def _policy(model: type[BaseModel], name: str) -> dict[str, Any]:
    extra = model.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


def open_columns(model: type[BaseModel]) -> list[str]:
    """The fields of ``model`` that may be a column of open data (a private one only if it can be declared public)."""
    out = []
    flags = {_policy(model, name).get("public_if") for name in model.model_fields}
    for name in model.model_fields:
        policy = _policy(model, name)
        kind = policy.get("privacy")
        if kind == "address" or (kind == "private" and not policy.get("public_if")) or name in flags:
            continue  # the flag itself (phone_public) says nothing once the value is shown or not
        out.append(name)
    return out


def open_value(record: BaseModel, name: str) -> Any:
    """The value of field ``name`` as open data publishes it: None where the record keeps it private."""
    policy = _policy(type(record), name)
    kind = policy.get("privacy")
    flag = policy.get("public_if")
    if kind == "address" or (kind == "private" and not (flag and getattr(record, flag, False))):
        return None
    return getattr(record, name)
