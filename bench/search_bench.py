"""Chinese search: recall and bytes per query, Pagefind (shipped) against Material's built-in search.

Runs the resident queries in tests/search_queries.yml on the example site and planted queries on
a generated ~3,000-page site (bench/synthetic.py), each typed into the search box in Debian's
Chromium on a fresh first visit. Recall: share of the expected pages among the first 10 pages
shown. Bytes: everything the search needed on that visit (compressed, as a static host sends
it) — for Material that is its worker, lunr and the whole search_index.json, fetched on every
first visit whether or not anyone searches; for Pagefind, its script, wasm and the index
chunks and result fragments of that one query.

    .venv/bin/python bench/search_bench.py [--skip-large] [--limit N]

One Pagefind index per build unit (generator/outputs/search.py): ``--units`` measures, instead,
what a resident downloads with them — the first visit of the home page and of a committee's
page, and one query on a fresh visit, searched in one committee (scoped: its index alone) and
in the whole site (全站: every unit's index merged in the browser) — and the CPU of indexing
one committee against the whole site. On the example and on a 街道 made by bench/make_data.py
(built here, or ``--street-site`` for one built before):

    .venv/bin/python bench/search_bench.py --units [--committees 12 --years 5] [--street-site DIR]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
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


# Resident queries on a 街道 from bench/make_data.py: words on every committee's pages (its notices,
# ledgers and funds), from one pair (低保) to five (消防安全检查).
STREET_QUERIES = [
    "低保",
    "财务",
    "专项资金",
    "租金",
    "消防安全检查",
    "停水",
    "慰问金",
    "公益岗位",
    "换届选举",
    "2026年3月",
]


def _scoped_visit(browser: Any, origin: str, start: str, query: str, whole: bool) -> tuple[int, int]:
    """(first visit, one query) in bytes, on a fresh visit to ``start``; ``whole``: switched to 全站."""
    context = browser.new_context(**PHONE)
    totals = record_transfers(context)
    page = context.new_page()
    page.goto(origin + start, wait_until="networkidle")
    first = sum(totals().values())
    if whole and page.locator("[data-gkl-scope]").count():
        page.click('label.md-header__button[for="__search"]')
        page.get_by_label("全站").check()
    search(page, query)
    page.wait_for_load_state("networkidle")
    spent = sum(totals().values()) - first
    context.close()
    return first, spent


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Pagefind runs as one)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def index_cpu(site: Path, committee: str) -> dict[str, float]:
    """CPU of indexing the whole site (every unit, as ``mkdocs build`` does) and one unit alone."""
    from generator.outputs.search import ROOT_UNIT, committee_folders, index_site, index_unit

    units = [ROOT_UNIT, *committee_folders(site)]
    index_unit(site, ROOT_UNIT, units)  # warm: OpenCC's tables are read once per process
    started = _cpu()
    index_site(site)
    whole = _cpu() - started
    started = _cpu()
    index_unit(site, committee, units)
    one = _cpu() - started
    started = _cpu()
    index_unit(site, ROOT_UNIT, units)
    return {"whole site": whole, f"one committee ({committee})": one, "root pages": _cpu() - started}


def run_units(browser: Any, label: str, site: Path, committee: str, queries: list[str]) -> None:
    cpu = index_cpu(site, committee)
    origin = serve(site)
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"\n== {label}: {pages} pages, {len(queries)} queries, one fresh visit each (KB, gzipped as sent) ==")
    print("indexing, CPU-s: " + ", ".join(f"{name} {seconds:.2f}" for name, seconds in cpu.items()))
    print(f"{'search':<34}{'first visit':>12}{'query median':>14}{'query max':>11}")
    for name, start, whole in (
        (f"scoped (/{committee}/)", f"/{committee}/", False),
        (f"全站 from /{committee}/", f"/{committee}/", True),
        ("全站 from the home page", "/", True),
    ):
        measured = [_scoped_visit(browser, origin, start, q, whole) for q in queries]
        spent = [n for _, n in measured]
        print(
            f"{name:<34}{measured[0][0] / 1024:>12.1f}{statistics.median(spent) / 1024:>14.1f}{max(spent) / 1024:>11.1f}"
        )


def street_site(tmp: Path, committees: int, years: int) -> Path:
    """A 街道 from bench/make_data.py, built as ``gongkailan build`` builds it (posters off)."""
    import subprocess

    project = tmp / "street"
    subprocess.run([sys.executable, str(_sites.ROOT / "bench" / "make_data.py"), str(project),
                    "--committees", str(committees), "--years", str(years)], check=True)  # fmt: skip
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    commit = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "data"]
    subprocess.run(commit, cwd=project, check=True)
    gongkailan = Path(sys.executable).parent / "gongkailan"
    subprocess.run(
        [str(gongkailan), "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp / "street-site")], check=True
    )
    return tmp / "street-site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true", help="only the example site")
    parser.add_argument("--skip-example", action="store_true", help="only the generated site")
    parser.add_argument("--limit", type=int, default=0, help="only the first N queries of each set")
    parser.add_argument("--units", action="store_true", help="scoped and 全站 searches, indexing one unit")
    parser.add_argument("--committees", type=int, default=12, help="--units: the 街道's committees")
    parser.add_argument("--years", type=int, default=5, help="--units: years of records")
    parser.add_argument("--street-site", type=Path, help="--units: a 街道 built before (re-indexed here)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gkl-bench-search-"))
    browser = launch()
    if args.units:
        if not args.skip_example:
            example = yaml.safe_load((_sites.ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
            site = _sites.build(_sites.write_config(tmp / "ours"), tmp / "ours" / "site")
            run_units(browser, "example site", site, "xingfu", [str(q["query"]) for q in example][: args.limit or None])
        if not args.skip_large:
            site = args.street_site or street_site(tmp, args.committees, args.years)
            from generator.outputs.search import committee_folders

            largest = max(committee_folders(site), key=lambda c: sum(1 for _ in (site / c).rglob("index.html")))
            queries = STREET_QUERIES[: args.limit or None]
            run_units(browser, f"街道 of {args.committees} committees", site, largest, queries)
        return
    example = yaml.safe_load((_sites.ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    if not args.skip_example:
        run_site(browser, "example site", _sites.ROOT, example[: args.limit or None], tmp / "example")
    if not args.skip_large:
        big = tmp / "large"
        planted = synthetic.generate(big)
        run_site(browser, "generated site", big, planted[: args.limit or None], big)


if __name__ == "__main__":
    main()
