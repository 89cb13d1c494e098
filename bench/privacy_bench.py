"""How long the personal-data guard takes: masking throughput and the privacy gate's scan.

    .venv/bin/python bench/privacy_bench.py

Seeds a copy of data/ with an ID, mobile or card number on every line (tests/privacy_seed.py),
builds the site, then times the gate's scan of every output file on its own.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from privacy_seed import make_card, make_id, make_mobile, project, seed_tree  # noqa: E402

from generator.load.repository import load_site  # noqa: E402
from generator.mkdocs_plugin.sitebuild import build_site  # noqa: E402
from generator.privacy import gate  # noqa: E402
from generator.privacy import masking as privacy  # noqa: E402


def main() -> None:
    text = "".join(f"王芳,身份证 {make_id(i)},电话 {make_mobile(i)},卡号 {make_card(i)}。" for i in range(2000))
    started = time.process_time()
    privacy.mask_text(text)
    took = time.process_time() - started
    print(f"打码:{len(text) / 1e6:.2f} M 字符(6000 个号码)CPU {took:.3f} 秒")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seeds = seed_tree(ROOT / "data", root)
        started = time.perf_counter()
        site = load_site(root)
        print(f"读取并打码数据:{len(seeds)} 个号码,{time.perf_counter() - started:.2f} 秒")
        started = time.perf_counter()
        build_site(project(root), root / "site")
        print(f"生成网站(含隐私检查):{time.perf_counter() - started:.1f} 秒")
        files = [p for p in (root / "site").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files) / 1e6
        pdfs = sum(p.suffix == ".pdf" for p in files)
        started, cpu = time.perf_counter(), _cpu()
        leaks, _ = gate.scan_site(root / "site", site)
        took, cpu = time.perf_counter() - started, _cpu() - cpu
        print(
            f"隐私检查:{len(files)} 个文件({size:.1f} MB,其中 PDF {pdfs} 个)用时 {took:.2f} 秒"
            f"(CPU {cpu:.2f} 秒,含 pdftotext),发现 {len(leaks)} 处"
        )


def _cpu() -> float:
    # CPU seconds of this process and its finished children (pdftotext): comparable across
    # runs on a busy machine, where wall-clock time is not.
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


if __name__ == "__main__":
    main()
