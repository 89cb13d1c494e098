"""Shared fixtures, and ``pytest --update-goldens`` to refresh the golden cases (see golden.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import build_example

from generator.load.repository import load_site
from generator.mkdocs_plugin import menu
from generator.model.committee import Site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def example() -> Site:
    """The example committee data, loaded and validated."""
    return load_site(ROOT)


@pytest.fixture(scope="session")
def built() -> Path:
    """One real build of the example data, shared by the whole run.

    Each page's menu is also written by Material's own macro and compared: the build stops at
    the first difference (generator/mkdocs_plugin/menu.py, tests/test_menu.py).
    """
    before = os.environ.get(menu.CHECK)
    os.environ[menu.CHECK] = "1"
    try:
        return build_example()
    finally:
        if before is None:
            del os.environ[menu.CHECK]
        else:
            os.environ[menu.CHECK] = before


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the expected output of every golden case from the actual output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
