"""Build the site into a temporary directory and swap it into place only on success.

The staging folder (``.site-new-*``, beside ``site/``) is locked with ``flock`` for as long
as its build runs. The kernel drops the lock when the process ends, however it ends (even
``kill -9``), so the next build can tell a folder left by a dead build (unlocked: removed)
from one a running build still writes (locked: left alone), with no pid files that could
outlive their process or name a reused pid. The swap itself runs under a lock on the
parent folder, so a ``.site-old-*`` folder found while holding that lock belongs to no
running swap: a build killed between the two renames left it, and it is put back as
``site/`` when ``site/`` is missing.

An operating-system failure at any step (no permission, disk full, read-only folder) is a
``BuildFailed`` with a Chinese message saying what to fix; the old site stays as it was and
no staging folder is left behind.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import GongkailanError
from . import engine

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: staging folders are then never cleaned up
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("mkdocs.plugins.gongkailan.sitebuild")

STAGING_PREFIX = ".site-new-"
OLD_PREFIX = ".site-old-"


class BuildFailed(GongkailanError):
    """MkDocs stopped; the live site was left as it was."""


def explain(exc: OSError, doing: str, where: Path) -> BuildFailed:
    """A Chinese message for an operating-system failure: what failed, where, and what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return BuildFailed(
            f"{doing}时磁盘空间不足（{where}）。请清理磁盘或用 -d 指定另一个有空间的输出目录，然后再生成一次"
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return BuildFailed(
            f"{doing}时没有写入权限（{where}）。请确认这个文件夹可写（不是只读的，当前用户是所有者），"
            "或用 -d 指定一个可写的输出目录"
        )
    return BuildFailed(f"{doing}时出错（错误号 {exc.errno},{where}）。请检查磁盘和这个文件夹后再试")


@contextmanager
def locked(folder: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``folder``; yields False when ``wait`` is off and it is taken."""
    if fcntl is None:  # pragma: no cover
        yield False
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _remove_stale(parent: Path, target: Path) -> None:
    """Remove what killed builds left beside ``target``; call with the parent locked."""
    for path in sorted(parent.glob(STAGING_PREFIX + "*")):
        try:
            with locked(path, wait=False) as free:
                if free:  # no running build holds it
                    shutil.rmtree(path)
                    log.info("已删除上次中断的生成留下的临时文件夹 %s", path.name)
        except OSError:
            continue  # removed by another build meanwhile, or not ours to remove
    for path in sorted(parent.glob(OLD_PREFIX + "*")):
        try:
            if not target.exists():
                # Killed between the two renames of a swap: this is the last published site.
                os.rename(path, target)
                log.warning("上次生成在替换网站时中断：已把原有网站 %s 恢复为 %s", path.name, target.name)
            else:
                shutil.rmtree(path)
        except OSError:
            continue


def _new_staging(parent: Path) -> tuple[Path, int | None]:
    """A fresh staging folder, already locked; returns it and the descriptor holding the lock."""
    while True:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
        if fcntl is None:  # pragma: no cover
            return staging, None
        fd = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            # Another build's cleanup may have removed it between mkdtemp and flock: try again.
            if os.stat(staging).st_ino == os.fstat(fd).st_ino:
                return staging, fd
        except FileNotFoundError:
            pass
        os.close(fd)


def build_site(config_file: Path, site_dir: Path | None = None) -> Path:
    """Build with the engine (generator/mkdocs_plugin/engine.py) into a sibling temporary directory, then replace ``site_dir``.

    The old site stays in place, untouched, if anything fails, so a broken build never
    replaces the live site.
    """
    config_file = config_file.resolve()
    target = (site_dir or config_file.parent / "site").resolve()
    with staged(target) as staging:
        config = engine.load_config(config_file=str(config_file), site_dir=str(staging))
        engine.build(config)
    return target


@contextmanager
def staged(target: Path, spare: Path | None = None) -> Iterator[Path]:
    """A locked staging folder beside ``target``, swapped into its place when the block succeeds.

    Whatever the block raises, the staging folder is removed and ``target`` stays as it was;
    an engine failure or an operating-system error becomes a ``BuildFailed`` in Chinese.

    ``spare``: a folder the caller owns (it holds the lock of the build cache it lies in) where the
    site replaced by the swap is kept instead of deleted, and taken as the next staging folder
    when it is there. The staging folder then holds an earlier site: the caller makes it what it
    must be (assembly.py keeps each file that is still the same file, and replaces the rest).
    """
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with locked(parent):
            _remove_stale(parent, target)
    except OSError as exc:
        raise explain(exc, "准备输出目录", parent) from None
    try:
        taken = _take_spare(parent, spare) if spare is not None else None
        staging, lock = taken or _new_staging(parent)
    except OSError as exc:
        raise explain(exc, "建立临时文件夹", parent) from None
    try:
        # mkdtemp makes the folder private (0700); the published site is read by a web server
        # running as another user (nginx, GitLab Pages), so give it the usual 0755.
        staging.chmod(0o755)
        yield staging
        with locked(parent):
            _swap(staging, target, spare)
    except engine.EngineError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc)) from None
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise explain(exc, "写入网站文件", target) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def _take_spare(parent: Path, spare: Path) -> tuple[Path, int | None] | None:
    """``spare`` moved beside ``target`` as a locked staging folder, or None (none kept, or on another filesystem)."""
    if fcntl is None or not spare.is_dir() or spare.is_symlink():  # pragma: no cover - no flock: never reused
        return None
    fd = os.open(spare, os.O_RDONLY | os.O_DIRECTORY)
    try:
        # Locked before it gets a staging name, so that another build's cleanup leaves it alone.
        fcntl.flock(fd, fcntl.LOCK_EX)
        with locked(parent):
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
            staging.rmdir()
            os.rename(spare, staging)
    except OSError:
        os.close(fd)
        shutil.rmtree(spare, ignore_errors=True)  # another filesystem: the site is built afresh
        return None
    return staging, fd


def _swap(staging: Path, target: Path, spare: Path | None = None) -> None:
    # Two renames on one filesystem: the live directory is never half-written.
    old = None
    if target.exists():
        try:
            old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=target.parent))
            old.rmdir()
            os.rename(target, old)
        except OSError as exc:
            raise explain(exc, "移开原有网站", target) from None
    try:
        os.rename(staging, target)
    except OSError as exc:
        failed = explain(exc, "替换网站", target)
        if old is not None:
            try:
                os.rename(old, target)  # put the old site back before reporting
            except OSError:
                failed = BuildFailed(f"{failed} 原有网站暂时在 {old.name} 里，下次生成时会自动放回 {target.name}")
        raise failed from None
    if old is not None and spare is not None:
        try:
            os.rename(old, spare)  # the next build's staging folder
            return
        except OSError:
            pass  # another filesystem, or a spare already there: deleted below
    if old is not None:
        try:
            shutil.rmtree(old)
        except OSError as exc:
            # The new site is live; what is left is cleaned up by the next build.
            log.warning(
                "新网站已生成，但删不掉旧网站的临时文件夹 %s（错误号 %s）；下次生成时会再删除", old.name, exc.errno
            )
