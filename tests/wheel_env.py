"""The package as a committee installs it: a wheel built from this repository, installed into a
fresh virtual environment outside it (no editable install, no PYTHONPATH, no repository files)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def clean_env() -> dict[str, str]:
    """The caller's environment minus what would let the repository leak into the venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run(*args: str | Path, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=clean_env(), timeout=timeout
    )


def make_venv(path: Path, *requirements: str | Path) -> Path:
    """A new virtual environment with ``requirements`` installed by pip (the shared pip cache makes it quick)."""
    venv.create(path, with_pip=True)
    python = path / "bin" / "python"
    done = run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *requirements, cwd=path)
    assert done.returncode == 0, done.stderr[-3000:]
    return path / "bin"


@pytest.fixture(scope="session")
def wheel_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``pip wheel .`` of this repository, once per run: the wheel and what the build printed."""
    out = tmp_path_factory.mktemp("wheel")
    done = run(sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", out, ROOT, cwd=out)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("gongkailan-*.whl")
    return wheel, done.stdout + done.stderr


@pytest.fixture(scope="session")
def gongkailan_wheel(wheel_build: tuple[Path, str]) -> Path:
    return wheel_build[0]
