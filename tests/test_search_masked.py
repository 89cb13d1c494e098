"""Masked numbers in the search index: Pagefind must not glue their visible digits together."""

from __future__ import annotations

import gzip
from pathlib import Path

from generator.outputs import search


def test_a_masked_mobile_stays_two_words_in_the_pagefind_index(tmp_path: Path) -> None:
    shadow, bundle = tmp_path / "shadow", tmp_path / "bundle"
    search._write_shadow(
        search.shadow_pages([search.Record("/a/", "法律顾问", "姜文涛 号码139****2026 法律顾问")]), shadow
    )
    search._run_pagefind(shadow, bundle)
    index = b"".join(gzip.decompress(f.read_bytes()) for f in bundle.rglob("*.pf_index"))
    assert b"2026" in index and b"1392026" not in index
