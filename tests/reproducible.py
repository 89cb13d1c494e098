"""Comparing two builds of one commit, file by file.

Pagefind writes its filter and sort tables, the meta file and the entry file naming them in a
different order on every run, even twice over the same pages (Pagefind issue #638), and names
them by a hash of that order. Everything a resident reads of a page in search (its committee,
kind and date) is in the page's fragment, which is compared byte for byte like every other file.
"""

from __future__ import annotations

from pathlib import Path


def pagefind_unstable(path: str) -> bool:
    """In any unit's bundle: the root's ``pagefind/`` or a committee's ``<slug>/pagefind/``."""
    _, bundle, inside = f"/{path}".rpartition("/pagefind/")
    return bool(bundle) and (
        inside.startswith("filter/") or inside.endswith(".pf_meta") or inside == "pagefind-entry.json"
    )


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    """Files that are not the same in both builds (Pagefind's unstable tables: only counted)."""
    a, b = files(first), files(second)
    unstable_a = sorted(f for f in a if pagefind_unstable(f))
    unstable_b = sorted(f for f in b if pagefind_unstable(f))
    found = [f"{len(unstable_a)} ≠ {len(unstable_b)} Pagefind tables"] if len(unstable_a) != len(unstable_b) else []
    stable = {f for f in a | b if not pagefind_unstable(f)}
    found += sorted(f for f in stable if f not in a or f not in b)
    found += sorted(f for f in stable & a & b if (first / f).read_bytes() != (second / f).read_bytes())
    return found
