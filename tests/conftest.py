"""Shared fixtures, and ``pytest --update-goldens`` to refresh the golden cases (see golden.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import build_example

from generator.load.repository import load_site
from generator.model.committee import Site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def example() -> Site:
    """The example committee data, loaded and validated."""
    return load_site(ROOT)


@pytest.fixture(scope="session")
def built() -> Path:
    """One real build of the example data, shared by the whole run."""
    return build_example()


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
