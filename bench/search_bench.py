"""Chinese search: recall and bytes per query, Pagefind (shipped) against Material's built-in search.

Runs the resident queries in tests/search_queries.yml on the example site and planted queries on
a generated ~3,000-page site (bench/synthetic.py), each typed into the search box in Debian's
Chromium on a fresh first visit. Recall: share of the expected pages among the first 10 pages
shown. Bytes: everything the search needed on that visit (compressed, as a static host sends
it) — for Material that is its worker, lunr and the whole search_index.json, fetched on every
first visit whether or not anyone searches; for Pagefind, its script, wasm and the index
chunks and result fragments of that one query.

    .venv/bin/python bench/search_bench.py [--skip-large] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import _sites
import synthetic
import yaml
from browser_support import PHONE, launch, record_transfers, search, serve

TOP = 10
MATERIAL_PARTS = ("/search/", "/workers/", "/lunr/")
PAGEFIND_PARTS = ("/pagefind/",)


def _visit(browser: Any, url: str, parts: tuple[str, ...], run: Any) -> tuple[list[str], int]:
    context = browser.new_context(**PHONE)
    totals = record_transfers(context)
    page = context.new_page()
    page.goto(url, wait_until="load")
    found = run(page)
    page.wait_for_load_state("networkidle")
    spent = sum(n for u, n in totals().items() if any(p in u for p in parts))
    context.close()
    return found, spent


def _material_search(page: Any, query: str) -> list[str]:
    page.click('label.md-header__button[for="__search"]')
    box = page.locator("input.md-search__input")
    box.fill(query)  # one input event: results for a half-typed query must not be read as the answer
    done = "() => /符合条件|没有找到/.test(document.querySelector('.md-search-result__meta').textContent)"
    # Material drops what was typed before its worker has loaded the whole index; a resident
    # then types again. Nudge it (space, backspace) until it answers, for up to three minutes.
    for _ in range(180):
        try:
            page.wait_for_function(done, timeout=1000)
            break
        except Exception:
            box.press("Space")
            box.press("Backspace")
    else:
        raise TimeoutError(f"Material search never answered {query!r}")
    page.wait_for_timeout(1000)  # let a search still running for the full query replace the list
    hrefs = page.eval_on_selector_all(".md-search-result__link", "as => as.map(a => new URL(a.href).pathname)")
    return _pages(hrefs)


def _pages(paths: list[str]) -> list[str]:
    seen: list[str] = []
    for p in paths:
        if p not in seen:
            seen.append(p)
    return seen


def measure(browser: Any, origin: str, queries: list[dict[str, Any]], engine: str) -> dict[str, Any]:
    hits = expected = 0
    spent: list[int] = []
    misses: list[str] = []
    started = time.monotonic()
    for q in queries:
        text = str(q["query"])
        if engine == "pagefind":
            found, nbytes = _visit(browser, origin + "/", PAGEFIND_PARTS, lambda page, t=text: search(page, t))
        else:
            found, nbytes = _visit(
                browser, origin + "/", MATERIAL_PARTS, lambda page, t=text: _material_search(page, t)
            )
        top = found[:TOP]
        got = [p for p in q["pages"] if p in top]
        hits += len(got)
        expected += len(q["pages"])
        spent.append(nbytes)
        if len(got) < len(q["pages"]):
            misses.append(text)
    return {
        "recall": hits / expected,
        "hits": f"{hits}/{expected}",
        "median_kb": statistics.median(spent) / 1024,
        "max_kb": max(spent) / 1024,
        "seconds": time.monotonic() - started,
        "misses": misses,
    }


def run_site(browser: Any, label: str, data_root: Path, queries: list[dict[str, Any]], tmp: Path) -> None:
    t = time.monotonic()
    ours = _sites.build(_sites.write_config(tmp / "ours", data_root=data_root), tmp / "ours" / "site")
    t_ours = time.monotonic() - t
    t = time.monotonic()
    plain = _sites.build(_sites.write_config(tmp / "plain", data_root=data_root, plain=True), tmp / "plain" / "site")
    t_plain = time.monotonic() - t
    pages = sum(1 for _ in ours.rglob("index.html"))
    index_kb = sum(f.stat().st_size for f in (ours / "pagefind").rglob("*") if f.is_file()) / 1024
    lunr_kb = (plain / "search" / "search_index.json").stat().st_size / 1024
    results = {
        "Pagefind (shipped)": measure(browser, serve(ours), queries, "pagefind"),
        "Material search (jieba)": measure(browser, serve(plain), queries, "material"),
    }
    print(f"\n== {label}: {pages} pages, {len(queries)} queries, recall in the first {TOP} pages shown ==")
    print(
        f"build: ours {t_ours:.0f} s (Pagefind bundle {index_kb:.0f} KB on disk); "
        f"plain Material {t_plain:.0f} s (search_index.json {lunr_kb:.0f} KB, uncompressed)"
    )
    print(f"{'engine':<26}{'recall':>8}{'found':>10}{'KB/query (median)':>20}{'max KB':>10}{'time s':>8}")
    for name, r in results.items():
        print(
            f"{name:<26}{r['recall']:>8.0%}{r['hits']:>10}{r['median_kb']:>20.1f}{r['max_kb']:>10.1f}{r['seconds']:>8.0f}"
        )
    for name, r in results.items():
        if r["misses"]:
            print(f"  {name} missed: {'、'.join(r['misses'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help="only the example site")
    parser.add_argument("--skip-example", action="store_true", help="only the generated site")
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries of each set")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gkl-bench-search-"))
    browser = launch()
    example = yaml.safe_load((_sites.ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    if not args.skip_example:
        run_site(browser, "example site", _sites.ROOT, example[: args.limit or None], tmp / "example")
    if not args.skip_large:
        big = tmp / "large"
        planted = synthetic.generate(big)
        run_site(browser, "generated site", big, planted[: args.limit or None], big)


if __name__ == "__main__":
    main()
