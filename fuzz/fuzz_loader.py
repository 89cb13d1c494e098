"""Fuzz the loader for a given number of seconds with Hypothesis; report executions and findings.

    .venv/bin/python fuzz/fuzz_loader.py --seconds 60

Inputs start from real files (data/ and the error corpus in tests/cases/errors/) and are
mutated byte- and line-wise by Hypothesis: YAML punctuation inserted, lines duplicated or
swapped, text cut short, stray bytes and encodings. Each input is written as one file of a
committee and loaded with ``load_site``. A finding is anything the editor would not be
able to act on: an exception other than ``DataErrors`` (a traceback), or an error line
without ``file:line:column``. Findings are saved under ``fuzz/findings/`` to reproduce.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import DataErrors  # noqa: E402
from generator.load.repository import load_site  # noqa: E402

LOCATED = re.compile(r"^data/[^:]+:\d+:\d+: \S")
FOLDERS = ["profile.yml", "rosters", "finance", "lists", "rules", "notices"]
NOISE = [
    *":-[]{}#&*!|>'\"%@`,?\t\n ",
    "\u3000", "：", "\ufeff", "\x00", "\x85", "\u2028", "é", "\\", "---\n", "...\n", "  ", "\n  - ", "\n- ",
    "!!binary ", "!!python/object:os.system ", "&a ", "*a", "<<: ", "? ", "%YAML 1.1\n", "2026-02-30", "1e400",
    "9" * 60, ".inf", "0x1F", "0o17", "NO", "~", "null", "<script>", "javascript:", "[" * 50, "{" * 50,
    "\u202e", "\u2066", "\u200f", "<style>", "| 姓名 | 电话 |\n  | --- | --- |\n", "wang@163.com", "2幢2单元532室",
]  # fmt: skip


def seeds() -> list[tuple[str, bytes]]:
    """(folder, text) pairs: every example file and every file of the error corpus."""
    out: list[tuple[str, bytes]] = []
    for path in sorted((ROOT / "data").rglob("*.yml")):
        parts = path.relative_to(ROOT / "data").parts
        folder = "profile.yml" if parts[-1] == "profile.yml" else parts[-2] if len(parts) > 2 else ""
        if folder in FOLDERS:
            out.append((folder, path.read_bytes()))
    for case in sorted((ROOT / "tests" / "cases" / "errors").glob("*.yml")):
        try:
            files = (yaml.safe_load(case.read_text(encoding="utf-8")) or {}).get("files") or {}
        except yaml.YAMLError:
            continue
        for name, text in files.items():
            parts = str(name).split("/")
            folder = "profile.yml" if parts[-1] == "profile.yml" else parts[-2] if len(parts) > 3 else ""
            if folder in FOLDERS and isinstance(text, str):
                out.append((folder, text.encode("utf-8")))
    return out


@st.composite
def mutated(draw: st.DrawFn, pool: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    folder, data = draw(st.sampled_from(pool))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["noise", "delete", "bytes", "dup", "swap", "cut", "splice"]))
        if how == "noise":
            data = data[:pos] + draw(st.sampled_from(NOISE)).encode("utf-8") + data[pos:]
        elif how == "delete":
            data = data[:pos] + data[pos + draw(st.integers(1, 8)) :]
        elif how == "bytes":
            data = data[:pos] + draw(st.binary(min_size=1, max_size=6)) + data[pos:]
        elif how in ("dup", "swap"):
            lines = data.split(b"\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if how == "dup":
                lines.insert(a, lines[b])
            else:
                lines[a], lines[b] = lines[b], lines[a]
            data = b"\n".join(lines)
        elif how == "cut":
            data = data[:pos]
        else:
            _, other = draw(st.sampled_from(pool))
            data = data[:pos] + other[draw(st.integers(0, len(other))) :]
    return folder, data


class Campaign:
    def __init__(self, work: Path, out: Path) -> None:
        self.work = work
        self.out = out
        self.executions = 0
        self.errors_seen = 0
        self.findings: dict[str, tuple[str, bytes]] = {}
        (work / "data" / "c").mkdir(parents=True)
        (work / "data" / "c" / "profile.yml").write_text(
            "name: 模糊测试社区\nsubdistrict: 测试街道\n", encoding="utf-8"
        )

    def run_one(self, folder: str, data: bytes) -> None:
        base = self.work / "data" / "c"
        target = base / "profile.yml" if folder == "profile.yml" else base / folder / "f.yml"
        target.parent.mkdir(exist_ok=True)
        original = (base / "profile.yml").read_bytes()
        target.write_bytes(data)
        self.executions += 1
        try:
            load_site(self.work)
        except DataErrors as exc:
            self.errors_seen += 1
            bad = [e.format() for e in exc.errors if not LOCATED.match(e.format())]
            if bad:
                self.record("unlocated: " + bad[0], folder, data)
        except RecursionError:
            self.record("RecursionError", folder, data)
        except Exception as exc:  # every other exception is a traceback the editor would see
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.record(f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}: {exc}", folder, data)
        finally:
            if target.name != "profile.yml":
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(original)

    def record(self, what: str, folder: str, data: bytes) -> None:
        key = what.split(":")[0] + what.split(" at ")[-1].split(":")[0] if " at " in what else what[:60]
        if key not in self.findings:
            self.findings[key] = (what, data)
            self.out.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha1(data).hexdigest()[:12]
            (self.out / f"{name}-{folder.replace('.yml', '')}.yml").write_bytes(data)
            print(f"  发现:{what[:200]}(输入已保存为 fuzz/findings/{name}-{folder.replace('.yml', '')}.yml)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="运行多少秒")
    parser.add_argument("--findings", type=Path, default=ROOT / "fuzz" / "findings")
    args = parser.parse_args()
    pool = seeds()
    with tempfile.TemporaryDirectory() as tmp:
        campaign = Campaign(Path(tmp), args.findings)
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()

        @settings(
            max_examples=200,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=["generate"],
        )
        @given(mutated(pool))
        def one(case: tuple[str, bytes]) -> None:
            if time.monotonic() < deadline:
                campaign.run_one(*case)

        while time.monotonic() < deadline:
            with contextlib.suppress(HypothesisException):  # e.g. too many filtered examples: next batch
                one()
        elapsed = time.monotonic() - started
    print(
        f"执行 {campaign.executions} 次({campaign.executions / elapsed:.0f} 次/秒,{elapsed:.0f} 秒),"
        f"其中 {campaign.errors_seen} 次得到数据错误提示;种子文件 {len(pool)} 个;发现问题 {len(campaign.findings)} 个"
    )
    return 1 if campaign.findings else 0


if __name__ == "__main__":
    sys.exit(main())
