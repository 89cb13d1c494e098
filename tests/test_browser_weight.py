"""First-visit weight of each kind of page, search excluded: under 250 KB on a cheap phone plan.

Timing on a throttled phone is measured by bench/throttled_load.py (figures, not a test).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import *  # noqa: F403 - fixtures
from browser_support import PAGE_KINDS, first_visit_bytes, page_kinds

LIMIT = 250 * 1024
KINDS = list(PAGE_KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_first_visit_weighs_under_250_kb(browser: Any, site_dir: Path, site_url: str, kind: str) -> None:
    sizes = first_visit_bytes(browser, site_url + page_kinds(site_dir)[kind])
    assert len(sizes) >= 4, "too few requests recorded: the recorder is not working"
    # Nothing for search is downloaded until a resident types a query.
    assert [u for u in sizes if "/pagefind/" in u or "search_index" in u] == []
    total = sum(sizes.values())
    heaviest = sorted(sizes.items(), key=lambda kv: -kv[1])[:3]
    assert total < LIMIT, f"{kind}: {total / 1024:.0f} KB; heaviest: {heaviest}"
