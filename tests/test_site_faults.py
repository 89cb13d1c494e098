"""Faults during a build: a killed build, two builds at once, no permission, a full disk.

A small plain MkDocs project keeps these fast; ``generator/mkdocs_plugin/sitebuild.py`` does not care what
is built. The hook lets a real build process pause in the middle (to be killed, or to run
beside another build). Root ignores read-only folders, so failures are injected into the
functions that would raise them.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from generator.mkdocs_plugin import sitebuild
from generator.mkdocs_plugin.sitebuild import OLD_PREFIX, STAGING_PREFIX, BuildFailed, build_site

ROOT = Path(__file__).resolve().parent.parent

HOOK = """
import os, time
from pathlib import Path

def on_post_build(config, **kwargs):
    pause = os.environ.get("PAUSE_BUILD")
    if pause:
        Path(pause, "ready").write_text(config["site_dir"])
        while not Path(pause, "go").exists():
            time.sleep(0.05)
"""

BUILD = "import sys; from pathlib import Path; from generator.mkdocs_plugin.sitebuild import build_site; build_site(Path(sys.argv[1]))"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 新网站\n", encoding="utf-8")
    (tmp_path / "hooks.py").write_text(HOOK, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: 测试\nhooks:\n  - hooks.py\n", encoding="utf-8")
    live = tmp_path / "site"
    live.mkdir()
    (live / "index.html").write_text("live site", encoding="utf-8")
    return tmp_path


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((STAGING_PREFIX, OLD_PREFIX)))


def live(project: Path) -> str:
    return (project / "site" / "index.html").read_text(encoding="utf-8")


def start_paused_build(project: Path, pause: Path) -> subprocess.Popen[bytes]:
    """A real build in another process, stopped after writing its staging folder."""
    pause.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAUSE_BUILD": str(pause), "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-c", BUILD, str(project / "mkdocs.yml")], env=env)
    deadline = time.monotonic() + 60
    while not (pause / "ready").exists():
        assert process.poll() is None, "the paused build ended early"
        assert time.monotonic() < deadline, "the paused build never got ready"
        time.sleep(0.05)
    return process


def test_a_killed_build_leaves_staging_that_the_next_build_removes(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    process = start_paused_build(project, tmp_path_factory.mktemp("p") / "pause")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    [left] = leftovers(project)
    assert left.startswith(STAGING_PREFIX) and live(project) == "live site"
    build_site(project / "mkdocs.yml")
    assert leftovers(project) == []
    assert "新网站" in live(project)


def test_a_running_builds_staging_is_never_removed(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    pause = tmp_path_factory.mktemp("p") / "pause"
    process = start_paused_build(project, pause)
    try:
        theirs = Path((pause / "ready").read_text())
        build_site(project / "mkdocs.yml")  # a second build while the first is still writing
        assert theirs.is_dir() and (theirs / "index.html").is_file()
        assert leftovers(project) == [theirs.name]
        (pause / "go").write_text("")
        assert process.wait(timeout=60) == 0  # the first build then finishes and swaps as usual
    finally:
        if process.poll() is None:
            process.kill()
    assert leftovers(project) == []
    assert "新网站" in live(project)


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(project: Path) -> None:
    os.rename(project / "site", project / (OLD_PREFIX + "x1"))
    (project / (STAGING_PREFIX + "x2")).mkdir()  # the new site that was about to go live
    (project / "docs" / "index.md").write_text("# 新网站\n\n[坏链接](missing.md)\n", encoding="utf-8")
    with open(project / "mkdocs.yml", "a", encoding="utf-8") as config:
        config.write("strict: true\n")  # the next build fails, after putting the old site back
    with pytest.raises(BuildFailed):
        build_site(project / "mkdocs.yml")
    assert live(project) == "live site"
    assert leftovers(project) == []


def _fail_with(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def _inject(monkeypatch: pytest.MonkeyPatch, step: str, code: int) -> None:
    real_mkdtemp, real_rename, real_rmtree = tempfile.mkdtemp, os.rename, shutil.rmtree

    def mkdtemp(*args: object, **kwargs: object) -> str:
        if step == "mkdtemp" and kwargs.get("prefix") == STAGING_PREFIX:
            raise _fail_with(code)
        return real_mkdtemp(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    def rename(source: object, destination: object) -> None:
        name = Path(str(source)).name
        if (step == "move old" and name == "site") or (step == "rename new" and name.startswith(STAGING_PREFIX)):
            raise _fail_with(code)
        real_rename(source, destination)  # type: ignore[arg-type]

    def rmtree(path: object, *args: object, **kwargs: object) -> None:
        if step == "remove old" and Path(str(path)).name.startswith(OLD_PREFIX):
            raise _fail_with(code)
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    def write_file(*args: object, **kwargs: object) -> None:
        raise _fail_with(code)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(os, "rename", rename)
    monkeypatch.setattr(shutil, "rmtree", rmtree)
    if step == "write":
        import mkdocs.utils

        monkeypatch.setattr(mkdocs.utils, "write_file", write_file)


_SAYS = {errno.EACCES: "没有写入权限", errno.EROFS: "没有写入权限", errno.ENOSPC: "磁盘空间不足"}


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC, errno.EROFS], ids=["EACCES", "ENOSPC", "EROFS"])
@pytest.mark.parametrize("step", ["mkdtemp", "write", "move old", "rename new"])
def test_an_os_failure_at_any_step_is_a_chinese_message_and_the_old_site_stays(
    project: Path, monkeypatch: pytest.MonkeyPatch, step: str, code: int
) -> None:
    _inject(monkeypatch, step, code)
    with pytest.raises(BuildFailed) as failed:
        build_site(project / "mkdocs.yml")
    message = str(failed.value)
    assert _SAYS[code] in message and "-d" in message, message
    assert str(project / ("site" if step != "mkdtemp" else "")).rstrip("/") in message
    assert live(project) == "live site"
    assert leftovers(project) == []


def test_an_old_site_that_cannot_be_removed_is_removed_by_the_next_build(
    project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _inject(monkeypatch, "remove old", errno.EACCES)
    build_site(project / "mkdocs.yml")
    assert "新网站" in live(project)
    assert "删不掉旧网站的临时文件夹" in caplog.text
    [left] = leftovers(project)
    assert left.startswith(OLD_PREFIX)
    monkeypatch.undo()
    build_site(project / "mkdocs.yml")
    assert leftovers(project) == []


def test_cleanup_does_not_wait_for_or_touch_a_locked_staging_folder(project: Path) -> None:
    staging, lock = sitebuild._new_staging(project)
    try:
        (staging / "index.html").write_text("being written", encoding="utf-8")
        build_site(project / "mkdocs.yml")
        assert (staging / "index.html").read_text(encoding="utf-8") == "being written"
    finally:
        assert lock is not None
        os.close(lock)
    build_site(project / "mkdocs.yml")
    assert not staging.exists()


def test_the_command_line_reports_a_read_only_site_folder_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from generator import cli

    # This project has no committee data: nothing is checked, nothing handed to the plugin.
    monkeypatch.setattr(cli, "_check", lambda *args, **kwargs: (None, None))
    _inject(monkeypatch, "move old", errno.EROFS)
    result = CliRunner().invoke(cli.main, ["build", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "网站生成失败，原有网站保持不变" in result.output and "没有写入权限" in result.output
    assert live(project) == "live site" and leftovers(project) == []
