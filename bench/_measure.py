"""One measured build, run by bench/run in a process of its own; prints its figures as JSON.

_measure.py gongkailan CONFIG SITE_DIR [JOBS]   gongkailan build [-j JOBS], with the time of each step
_measure.py plain CONFIG SITE_DIR        plain mkdocs build of the same pages
_measure.py check CONFIG                 gongkailan check
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def main() -> None:
    what, config = sys.argv[1], Path(sys.argv[2])
    from generator import timing

    if what == "gongkailan":
        from generator.cli import main as cli

        jobs = ["-j", sys.argv[4]] if len(sys.argv) > 4 else []  # default: the build's own -j 1
        cli(["build", "-f", str(config), "-d", sys.argv[3], "-q", *jobs], standalone_mode=False)
    elif what == "plain":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        logging.getLogger("mkdocs").setLevel(logging.ERROR)
        build(load_config(config_file=str(config), site_dir=sys.argv[3]))
    elif what == "check":
        from generator.cli import main as cli

        cli(["check", "-f", str(config)], standalone_mode=False)
    # Units build in worker processes: the peak is the largest of this process and its workers.
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) * 1024
    print(json.dumps({"steps": timing.totals(), "peak": peak}))


if __name__ == "__main__":
    main()
