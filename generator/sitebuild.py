"""Build the site into a temporary directory and swap it into place only on success."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import engine


class BuildFailed(Exception):
    pass


def build_site(config_file: Path, site_dir: Path | None = None) -> Path:
    """Build with the engine (MkDocs or ProperDocs, generator/engine.py) into a sibling temporary directory, then replace ``site_dir``.

    The old site stays in place, untouched, if anything fails, so a broken build never
    replaces the live site.
    """
    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-new-", dir=target.parent))
    # mkdtemp makes the folder private (0700); the published site is read by a web server
    # running as another user (nginx, GitLab Pages), so give it the usual 0755.
    staging.chmod(0o755)
    try:
        config = engine.load_config(config_file=str(config_file), site_dir=str(staging))
        engine.build(config)
    except engine.EngineError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    return target


def _swap(staging: Path, target: Path) -> None:
    # Two renames on one filesystem: the live directory is never half-written.
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
