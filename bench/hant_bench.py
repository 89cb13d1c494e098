"""zh-Hant: converting the site to 繁體 with OpenCC, before (opencc-python-reimplemented) and after (opencc).

Both libraries are imported as ``opencc``, so each runs in its own interpreter: the project's
venv for the current one, and the same venv with the old library put first on PYTHONPATH
(installed once into a temporary folder by pip) for the baseline. Each measures, in CPU
seconds of its own process and children (median of ``--runs``):

- conversion: every HTML page of the example site (built once, zh-Hans) through ``s2t``;
- build: the whole zh-Hant site with ``gongkailan build`` machinery (posters off).

It also checks that both produce the same characters on every page.

    .venv/bin/python bench/hant_bench.py            # about 3 minutes on a shared 2-core machine

Measured 2026-12-02 (example site, 70 pages; opencc 1.4.2 against opencc-python-reimplemented 0.1.7):
convert every page 2.54 s → 0.04 s CPU (63×); whole zh-Hant build 5.17 s → 2.04 s CPU (2.5×);
same converted pages and same built site.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "opencc-python-reimplemented==0.1.7"


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _hant_config(out_dir: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import yaml
    from _sites import write_config

    path = write_config(out_dir)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "gongkailan" in plugin:
            plugin["gongkailan"]["language"] = "zh-Hant"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def worker(pages_dir: Path, runs: int, out: Path) -> dict[str, Any]:
    """Run inside one interpreter: whichever ``opencc`` it imports is the one measured."""
    import opencc

    from generator.mkdocs_plugin.sitebuild import build_site

    pages = [p.read_text(encoding="utf-8") for p in sorted(pages_dir.rglob("*.html"))]
    convert_cpu = []
    for _ in range(runs):
        start = _cpu()
        converter = opencc.OpenCC("s2t")  # loading the dictionaries is part of the cost
        converted = [converter.convert(page) for page in pages]
        convert_cpu.append(_cpu() - start)
    digest = hashlib.sha256("\0".join(converted).encode()).hexdigest()
    build_cpu = []
    for i in range(runs):
        config = _hant_config(out / f"build{i}")
        start = _cpu()
        site = build_site(config, out / f"build{i}" / "site")
        build_cpu.append(_cpu() - start)
    site_digest = hashlib.sha256()
    for page in sorted(site.rglob("*.html")):
        site_digest.update(page.relative_to(site).as_posix().encode() + b"\0" + page.read_bytes())
    return {
        "library": opencc.__name__ + " from " + str(Path(opencc.__file__).parent.parent.name),
        "pages": len(pages),
        "convert_cpu": convert_cpu,
        "build_cpu": build_cpu,
        "convert_digest": digest,
        "site_digest": site_digest.hexdigest(),
    }


def _run_worker(pages: Path, runs: int, out: Path, old_lib: Path | None) -> dict[str, Any]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONPATH"] = os.pathsep.join([*([str(old_lib)] if old_lib else []), str(ROOT)])
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--worker", str(pages), "--runs", str(runs), "--out", str(out)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.runs, args.out)))
        return
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    sys.path.insert(0, str(ROOT))
    from generator.mkdocs_plugin.sitebuild import build_site

    with tempfile.TemporaryDirectory(prefix="hant-bench-") as tmp_name:
        tmp = Path(tmp_name)
        old_lib = tmp / "old-opencc"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(old_lib), BASELINE],
            check=True,
        )
        sys.path.insert(0, str(ROOT / "bench"))
        from _sites import write_config

        pages = build_site(write_config(tmp / "hans"), tmp / "hans" / "site")
        before = _run_worker(pages, args.runs, tmp / "before", old_lib)
        after = _run_worker(pages, args.runs, tmp / "after", None)
    print(f"zh-Hant, example site, {before['pages']} HTML pages; CPU seconds, median of {args.runs}")
    print(f"  before: {before['library']}    after: {after['library']}")
    for key, label in (("convert_cpu", "convert every page (s2t)"), ("build_cpu", "whole zh-Hant build")):
        b, a = statistics.median(before[key]), statistics.median(after[key])
        print(f"  {label:26s} before {b:7.2f} s   after {a:7.2f} s   ratio {b / a:6.1f}×")
    same_pages = before["convert_digest"] == after["convert_digest"]
    same_site = before["site_digest"] == after["site_digest"]
    print(f"  same converted pages: {'yes' if same_pages else 'NO'}; same built site: {'yes' if same_site else 'NO'}")


if __name__ == "__main__":
    main()
