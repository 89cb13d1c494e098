"""First visit on a cheap phone over slow 3G: this site beside plain Material, same pages, same run.

Chromium (Debian's) is throttled with CDP: 400 kbit/s down and up, 400 ms round trip, CPU 4x
slower. For the home page and a finance period page it reports first contentful paint (FCP),
largest contentful paint (LCP: the main content) and the load event, median of --runs first
visits (empty cache each time); for every kind of page the bytes a first visit transfers.
Files are served gzip-compressed, as static hosts do.

    .venv/bin/python bench/throttled_load.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path
from typing import Any

import _sites
from browser_support import PHONE, first_visit_bytes, launch, page_kinds, serve

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CPU_SLOWDOWN = 4
TIMED = ("home", "finance")

METRICS = """() => new Promise(done => {
    let lcp = 0;
    new PerformanceObserver(list => { for (const e of list.getEntries()) lcp = e.startTime; })
        .observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        done({fcp: fcp ? fcp.startTime : null, lcp, load: nav.loadEventEnd});
    }, 50);
})"""


def throttled_visit(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_selector("article h1", state="visible")
    figures = page.evaluate(METRICS)
    context.close()
    return {k: float(v or 0) / 1000 for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gkl-bench-load-"))
    sites = {
        "公开栏": _sites.build(_sites.write_config(tmp / "ours"), tmp / "ours" / "site"),
        "plain Material": _sites.build(_sites.write_config(tmp / "plain", plain=True), tmp / "plain" / "site"),
    }
    browser = launch()
    kinds = page_kinds(sites["公开栏"])
    weights: dict[str, dict[str, int]] = {}
    times: dict[str, dict[str, dict[str, float]]] = {}
    for name, site in sites.items():
        origin = serve(site)
        weights[name] = {k: sum(first_visit_bytes(browser, origin + p).values()) for k, p in kinds.items()}
        times[name] = {}
        for kind in TIMED:
            runs = [throttled_visit(browser, origin + kinds[kind]) for _ in range(args.runs)]
            times[name][kind] = {m: statistics.median(r[m] for r in runs) for m in ("fcp", "lcp", "load")}

    ours, plain = "公开栏", "plain Material"
    print(f"\nSlow 3G (400 kbit/s, 400 ms RTT), CPU x{CPU_SLOWDOWN}, first visit, median of {args.runs} (seconds)")
    print(f"{'page':<10}{'metric':<8}{ours:>10}{plain:>16}{'ratio':>8}")
    for kind in TIMED:
        for m in ("fcp", "lcp", "load"):
            a, b = times[ours][kind][m], times[plain][kind][m]
            print(f"{kind:<10}{m:<8}{a:>10.2f}{b:>16.2f}{a / b if b else 0:>8.2f}")
    print("\nFirst-visit transfer per page kind (KB, gzip, search not used)")
    print(f"{'page':<16}{ours:>10}{plain:>16}{'ratio':>8}")
    for kind in kinds:
        a, b = weights[ours][kind] / 1024, weights[plain][kind] / 1024
        print(f"{kind:<16}{a:>10.1f}{b:>16.1f}{a / b:>8.2f}")


if __name__ == "__main__":
    main()
