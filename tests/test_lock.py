"""The lock files stay true to pyproject.toml, and every install from them is hash-checked.

pyproject.toml keeps ranges (for people who install the package); the locks pin one version of
everything, with hashes, for scripts/setup, .ci/run and both CI pipelines. A lock that no longer
satisfies pyproject.toml (a floor raised, a dependency added, a lock edited by hand) fails here
with the command that fixes it: `bash scripts/lock`.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
FIX = "run: bash scripts/lock"
# The platform CI and the README's Debian machine install on.
TARGET = {"python_version": "3.11", "python_full_version": "3.11.2", "sys_platform": "linux", "extra": ""}


@dataclass(frozen=True)
class Pin:
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]


def parse_lock(text: str) -> dict[str, Pin]:
    """`name==version [; marker] \\` followed by `--hash=sha256:…` lines, as uv and pip-tools write them."""
    pins: dict[str, Pin] = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", "\n".join(line for line in text.splitlines() if line.strip())):
        head = entry.split("\n", 1)[0].removesuffix("\\")
        if head.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+?)\s*(?:;\s*(.+?))?\s*", head)
        assert match, f"not a pinned requirement: {head!r}"
        hashes = tuple(re.findall(r"--hash=(sha256:[0-9a-f]{64})", entry))
        marker = Marker(match.group(3)) if match.group(3) else None
        pins[canonicalize_name(match.group(1))] = Pin(Version(match.group(2)), marker, hashes)
    return pins


def requirements(extras: bool) -> list[Requirement]:
    project = PYPROJECT["project"]
    texts = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    if extras:
        texts += [text for group in project.get("optional-dependencies", {}).values() for text in group]
    return [Requirement(text) for text in texts]


def problems(lock_text: str, wanted: list[Requirement]) -> list[str]:
    """Everything that makes a lock disagree with pyproject.toml, in words."""
    lines = lock_text.splitlines()
    found = []
    if len(lines) < 2 or "bash scripts/lock" not in lines[1] or "from pyproject.toml" not in lines[1]:
        found.append("header does not say it was compiled from pyproject.toml by bash scripts/lock")
    pins = parse_lock(lock_text)
    for requirement in wanted:
        if requirement.marker and not requirement.marker.evaluate(TARGET):
            continue
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            found.append(f"{requirement.name} is missing")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            found.append(f"{requirement.name}=={pin.version} is outside {requirement.specifier}")
    for name, pin in pins.items():
        if not pin.hashes:
            found.append(f"{name} has no hash")
    return found


LOCKS = {
    "requirements.txt": False,  # building the site: dependencies only
    "requirements-test.txt": True,  # tests: every extra too
    "requirements-lowest.txt": True,
}


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_each_lock_satisfies_pyproject(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    assert problems(text, requirements(extras=LOCKS[name])) == [], FIX


def test_the_check_fails_on_a_doctored_lock() -> None:
    # A lock edited by hand, or left behind when pyproject.toml moved on: each fault is named.
    text = (ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    doctored = re.sub(r"(?m)^mkdocs==1\.[0-9.]+", "mkdocs==2.0.0", text)
    doctored = re.sub(r"(?ms)^pytest==.*?(?=^[a-z])", "", doctored)  # pytest's whole entry gone
    doctored = re.sub(r"(?m)^(pyyaml==\S+) \\\n(    --hash=\S+ \\\n)*    --hash=\S+\n", r"\1\n", doctored)
    doctored = doctored.replace("from pyproject.toml", "by hand", 1)
    assert doctored.count("\n") < text.count("\n")
    assert problems(doctored, requirements(extras=True)) == [
        "header does not say it was compiled from pyproject.toml by bash scripts/lock",
        "mkdocs==2.0.0 is outside <2,>=1.6",
        "pytest is missing",
        "pyyaml has no hash",
    ]
    # And a pyproject.toml that asks for more than the lock holds.
    assert problems(text, [*requirements(extras=True), Requirement("pyyaml>=99")]) == [
        f"pyyaml=={parse_lock(text)['pyyaml'].version} is outside >=99"
    ]


def test_tests_run_on_the_versions_a_site_is_built_with() -> None:
    site = parse_lock((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    test = parse_lock((ROOT / "requirements-test.txt").read_text(encoding="utf-8"))
    differ = {
        name: (pin.version, test[name].version) for name, pin in site.items() if test[name].version != pin.version
    }
    assert differ == {}, FIX


def test_the_lowest_lock_holds_each_direct_dependency_at_or_below_the_test_lock() -> None:
    lowest = parse_lock((ROOT / "requirements-lowest.txt").read_text(encoding="utf-8"))
    test = parse_lock((ROOT / "requirements-test.txt").read_text(encoding="utf-8"))
    names = {canonicalize_name(r.name) for r in requirements(extras=True)}
    assert {name for name in names if lowest[name].version > test[name].version} == set()
    assert any(lowest[name].version < test[name].version for name in names)  # it is not a copy


def test_setup_installs_only_from_a_lock_with_hash_checking() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    # A committee's repository (gongkailan init) has no lock of its own yet: its one line is marked.
    installs = [
        line
        for line in setup.splitlines()
        if ("pip install" in line or '"${pip[@]}"' in line) and not line.endswith("# committee repository")
    ]
    assert installs and all(
        "--require-hashes" in line or "--no-deps" in line or line.lstrip().startswith('"${pip[@]}"')
        for line in installs
    )
    assert re.search(r"pip=\(.*--require-hashes --no-build-isolation\)", setup)
    for lock in LOCKS:
        assert lock in setup


def test_pip_refuses_a_lock_whose_hash_does_not_match(tmp_path: Path) -> None:
    # What --require-hashes buys: a file that is not the one locked is refused, nothing is installed.
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    entry = re.search(r"(?m)^segno==\S+ \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+", text)
    assert entry
    tampered = re.sub(r"sha256:[0-9a-f]{64}", "sha256:" + "0" * 64, entry.group(0))
    lock = tmp_path / "tampered.lock"
    lock.write_text(tampered, encoding="utf-8")
    target = tmp_path / "target"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--require-hashes",
            "--no-deps",
            "--target",
            str(target),
            "-r",
            str(lock),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "THESE PACKAGES DO NOT MATCH THE HASHES" in done.stderr
    assert not any(target.glob("segno*"))


def test_readme_names_every_debian_package_setup_installs_and_the_lock_command() -> None:
    setup = (ROOT / "scripts" / "setup").read_text(encoding="utf-8")
    packages = {name for group in re.findall(r"packages\+?=\(([^)]*)\)", setup) for name in group.split()}
    assert {"fonts-noto-cjk", "poppler-utils", "chromium", "npm"} <= packages
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {name for name in packages if f"`{name}`" not in readme} == set()
    for command in ("bash scripts/lock", "bash scripts/lock --upgrade", "bash scripts/setup --lowest"):
        assert f"`{command}" in readme
