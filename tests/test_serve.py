"""`mkdocs serve` rebuilds when an editor saves a data file."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from local_server import free_port, wait_for
from mkdocs.config import load_config
from test_cli_build import ROOT, project  # noqa: F401  (fixture)


def test_serve_rebuilds_when_data_changes(project: Path) -> None:  # noqa: F811
    # Posters (tested on their own) would only make each of the two builds slower.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("posters: true", "posters: false"), encoding="utf-8")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # mkdocs serve mounts the site under the path of site_url.
        site_path = urllib.parse.urlsplit(load_config(str(project / "mkdocs.yml")).site_url or "/").path
        url = f"http://127.0.0.1:{port}{site_path}"
        profile = next((project / "data").glob("*/profile.yml"))
        text = profile.read_text(encoding="utf-8")
        # The front page (the 街道's overview) names each committee by its short name.
        name_line = next(line for line in text.splitlines() if line.startswith("short_name:"))
        old_name = name_line.split(":", 1)[1].strip()
        assert wait_for(url, old_name, 120), "mkdocs serve did not come up"
        profile.write_text(text.replace(name_line, "short_name: 改名测试社区"), encoding="utf-8")
        assert wait_for(url, "改名测试社区", 120), "the page did not change after the data file changed"
    finally:
        server.terminate()
        server.wait(timeout=30)
