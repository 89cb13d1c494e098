"""Benchmark: load and validate 10 years x 12 monthly ledgers x 300 lines.

    .venv/bin/python bench/finance_ledgers.py [--years 10] [--lines 300] [--repeat 3]

Writes a synthetic committee (continuous balances, registered funds, a budget per year)
into a temporary folder, then times ``load_site`` — safe YAML with marks, the models, each
ledger's checks and the cross-period checks (continuity, funds, budgets) — and, in the
same run on the same files, a bare ``yaml.load`` with libyaml's CSafeLoader as the
baseline. Prints seconds, lines per second and the ratio to the baseline (best of
``--repeat`` runs each).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.load.repository import load_site

CATEGORIES = ["办公费", "水电费", "通讯费", "维修费", "慰问金", "活动经费", "宣传费"]
FUNDS = {
    "社区工作经费": ["办公费", "水电费", "通讯费", "宣传费"],
    "党组织服务群众经费": ["慰问金", "活动经费", "维修费"],
}


def write_committee(root: Path, years: int, lines: int) -> int:
    rng = random.Random(2026)
    folder = root / "data" / "bench"
    (folder / "finance").mkdir(parents=True)
    (folder / "funds").mkdir()
    (folder / "budgets").mkdir()
    (folder / "profile.yml").write_text("name: 测试社区居民委员会\nsubdistrict: 测试街道\n", encoding="utf-8")
    for name, cats in FUNDS.items():
        body = "\n".join(f"  - {c}" for c in cats)
        (folder / "funds" / f"f{len(name)}.yml").write_text(
            f"name: {name}\nearmarked: 是\ncategories:\n{body}\n", encoding="utf-8"
        )
    balance = Decimal("100000.00")
    total = 0
    first_year = 2016
    for year in range(first_year, first_year + years):
        spent: dict[str, Decimal] = {}
        for month in range(1, 13):
            opening = balance
            n_in = lines // 10
            out = [f"period: {year}-{month:02d}", f"opening_balance: {opening}", "income:"]
            for i in range(n_in):
                amount = Decimal(rng.randint(20000, 40000)) + Decimal(rng.randint(0, 99)) / 100
                fund = list(FUNDS)[i % 2]
                out += [
                    f"  - date: {year}-{month:02d}-{1 + i % 28:02d}",
                    f"    summary: 街道拨付第 {i + 1} 笔经费",
                    "    category: 上级拨款",
                    f"    amount: {amount}",
                    f"    voucher: 记-{year}-{month:02d}-{i:03d}",
                    f"    fund: {fund}",
                ]
                balance += amount
            out.append("expense:")
            for i in range(lines - n_in):
                fund = list(FUNDS)[i % 2]
                category = rng.choice(FUNDS[fund])
                amount = Decimal(rng.randint(50, 900)) + Decimal(rng.randint(0, 99)) / 100
                out += [
                    f"  - date: {year}-{month:02d}-{1 + i % 28:02d}",
                    f"    summary: 第 {i + 1} 笔支出,购买物品或支付费用",
                    f"    category: {category}",
                    f"    amount: {amount}",
                    f"    voucher: 记-{year}-{month:02d}-{n_in + i:03d}",
                    f"    fund: {fund}",
                ]
                balance -= amount
                spent[category] = spent.get(category, Decimal(0)) + amount
            out.append(f"closing_balance: {balance}")
            (folder / "finance" / f"{year}-{month:02d}.yml").write_text("\n".join(out) + "\n", encoding="utf-8")
            total += lines
        items = "".join(f"  - category: {c}\n    amount: {spent.get(c, Decimal(0)) + 1000}\n" for c in CATEGORIES)
        (folder / "budgets" / f"{year}.yml").write_text(f"year: {year}\nexpense:\n{items}", encoding="utf-8")
    return total


def best(repeat: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        total = write_committee(root, args.years, args.lines)
        files = sorted((root / "data").rglob("*.yml"))
        size = sum(f.stat().st_size for f in files)

        def raw() -> None:
            for path in files:
                yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

        def full() -> None:
            site = load_site(root)
            assert len(site.committees[0].ledgers) == args.years * 12

        baseline = best(args.repeat, raw)
        seconds = best(args.repeat, full)
    print(f"ledgers: {args.years * 12} files, {total} lines, {size / 1e6:.1f} MB of YAML")
    print(f"gongkailan load + validate: {seconds:.2f} s, {total / seconds:,.0f} lines/s")
    print(f"baseline yaml.CSafeLoader parse only: {baseline:.2f} s, {total / baseline:,.0f} lines/s")
    print(f"ratio: {seconds / baseline:.1f}x the bare parse")


if __name__ == "__main__":
    main()
