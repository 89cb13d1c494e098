"""Files named in data (a poster's logo, attachments, images) must lie inside the repository.

An editor writes a file name; a hostile pull request could write ``../../etc/passwd``, an
absolute path, a URL, or commit a symlink that points out of the repository. Any of these
would let the build read (and publish) a file the committee never meant to publish, or
fetch something from another host. ``resolve_inside`` accepts only a relative path that,
with every symlink followed, ends at a regular file under the allowed folder.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path, PurePosixPath

from ..errors import GongkailanError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class PathProblem(GongkailanError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def resolve_inside(base: Path, name: str, suffixes: Collection[str] | None = None) -> Path:
    """The file ``name`` (relative to ``base``), or ``PathProblem`` saying why it is refused."""
    written = name.strip()
    example = "例如 images/logo.png"
    if not written:
        raise PathProblem("没有写文件名", f"写相对于 {base.name}/ 的文件名，{example}")
    if "\\" in written:
        raise PathProblem(f"文件名“{written}”里有反斜杠“\\”", f"路径用“/”分隔，{example}")
    if _SCHEME.match(written) or written.startswith("//"):
        raise PathProblem(f"“{written}”是网址或带盘符的路径", f"文件要放进仓库，这里只写文件名，{example}")
    path = PurePosixPath(written)
    if path.is_absolute():
        raise PathProblem(f"“{written}”是绝对路径", f"只写相对于 {base.name}/ 的文件名，{example}")
    if ".." in path.parts:
        raise PathProblem(f"“{written}”用“..”指向了 {base.name}/ 以外", f"文件要放在 {base.name}/ 里面，{example}")
    if suffixes is not None and path.suffix.lower() not in suffixes:
        allowed = "、".join(sorted(suffixes))
        raise PathProblem(f"“{written}”不是允许的文件类型", f"只能用 {allowed} 文件")
    root = base.resolve()
    target = root.joinpath(*path.parts)
    if not target.exists() and not target.is_symlink():
        raise PathProblem(
            f"找不到文件“{written}”", f"请把文件放到 {base.name}/{path.parent.as_posix()}/ 里，或核对文件名"
        )
    resolved = target.resolve()
    if not resolved.is_relative_to(root):
        raise PathProblem(f"“{written}”是指向 {base.name}/ 以外的链接（symlink）", "请把文件本身复制进来，不要用链接")
    if not resolved.is_file():
        raise PathProblem(f"“{written}”不是文件", f"写出具体的文件名，{example}")
    return resolved
