"""Hostile or broken files: too big, too deep, wrong encoding, paths that leave the repository.

Each gives one clear error line (file:line:column and a Chinese message), never a
traceback, and never a site.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from golden import write_tree

from generator.errors import DataErrors
from generator.load.repository import load_site
from generator.load.safepath import PathProblem, resolve_inside
from generator.source import yamlload

NOTICE = "title: 通知\nkind: 通知\npublished_on: 2026-03-01\nbody: |\n  正文\n"


def errors_of(root: Path, files: dict[str, str | bytes]) -> list[str]:
    write_tree(
        {
            "files": {k: v for k, v in files.items() if isinstance(v, str)},
            "files_base64": {k: base64.b64encode(v) for k, v in files.items() if isinstance(v, bytes)},
        },
        root,
    )
    try:
        load_site(root)
    except DataErrors as exc:
        return [e.format() for e in exc.errors]
    return []


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    body = "  " + "很长的正文。" * (yamlload.MAX_FILE_BYTES // 18 + 10) + "\n"
    lines = errors_of(tmp_path, {"data/x/notices/big.yml": NOTICE + body})
    assert len(lines) == 1
    assert lines[0].startswith("data/x/notices/big.yml:1:1: 文件太大（")
    assert "超过 2 MB 上限" in lines[0] and "拆成几个文件" in lines[0]


def test_a_file_just_under_the_limit_loads(tmp_path: Path) -> None:
    room = yamlload.MAX_FILE_BYTES - len(NOTICE.encode()) - 100
    body = "  " + "长" * (room // 3) + "\n"
    assert errors_of(tmp_path, {"data/x/notices/big.yml": NOTICE + body}) == []


@pytest.mark.parametrize("depth", [yamlload.MAX_DEPTH + 2, 5000, 100_000])
def test_deep_nesting_is_one_error_not_a_crash(tmp_path: Path, depth: int) -> None:
    nested = "[" * depth + "x" + "]" * depth
    lines = errors_of(tmp_path, {"data/x/notices/deep.yml": NOTICE + f"related: {nested}\n"})
    assert len(lines) == 1
    assert lines[0].startswith("data/x/notices/deep.yml:6:")
    assert f"层次太深（超过 {yamlload.MAX_DEPTH} 层）" in lines[0]


def test_nesting_at_the_limit_is_a_type_error_not_a_depth_error(tmp_path: Path) -> None:
    # related: is level 1; its items level 2 ... up to MAX_DEPTH is fine for the loader.
    nested = "[" * (yamlload.MAX_DEPTH - 1) + "x" + "]" * (yamlload.MAX_DEPTH - 1)
    lines = errors_of(tmp_path, {"data/x/notices/deep.yml": NOTICE + f"related: {nested}\n"})
    assert lines and not any("层次太深" in line for line in lines)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeff" + NOTICE, []),  # a BOM from Windows Notepad is fine
        ("title: 关于停水的通知\n".encode("gbk"), ["data/x/notices/n.yml:1:8: 文件不是 UTF-8 编码（可能是 GBK）"]),
        (NOTICE.encode("utf-16"), ["data/x/notices/n.yml:1:1: 文件是 UTF-16 编码，无法读取"]),
        (b"\x00\x01\x02binary\xff\xfe", ["data/x/notices/n.yml:1:"]),
    ],
)
def test_encodings(tmp_path: Path, raw: str | bytes, expected: list[str]) -> None:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    lines = errors_of(tmp_path, {"data/x/notices/n.yml": data})
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), line


# --- files named in data --------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    data = tmp_path / "repo" / "data"
    (data / "images").mkdir(parents=True)
    (data / "images" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("密码", encoding="utf-8")
    (tmp_path / "repo" / "outside.png").write_bytes(b"\x89PNG")
    return data


def test_a_file_inside_resolves(repo: Path) -> None:
    assert resolve_inside(repo, "images/logo.png", {".png"}) == (repo / "images" / "logo.png").resolve()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../outside.png", "用“..”指向了 data/ 以外"),
        ("images/../../outside.png", "用“..”指向了 data/ 以外"),
        ("/etc/passwd", "是绝对路径"),
        ("C:/Windows/win.ini", "是网址或带盘符的路径"),
        ("https://evil.example/logo.png", "是网址或带盘符的路径"),
        ("file:///etc/passwd", "是网址或带盘符的路径"),
        ("//evil.example/logo.png", "是网址或带盘符的路径"),
        ("images\\..\\..\\secret.txt", "反斜杠"),
        ("images/missing.png", "找不到文件"),
        ("images", "不是允许的文件类型"),
        ("", "没有写文件名"),
    ],
)
def test_paths_that_leave_the_folder_are_refused(repo: Path, name: str, message: str) -> None:
    with pytest.raises(PathProblem) as caught:
        resolve_inside(repo, name, {".png", ".svg"})
    assert message in caught.value.message
    assert caught.value.hint


def test_a_symlink_out_of_the_repository_is_refused(repo: Path) -> None:
    (repo / "images" / "link.png").symlink_to(repo.parent.parent / "secret.txt")
    (repo / "images" / "dir").symlink_to(repo.parent.parent, target_is_directory=True)
    with pytest.raises(PathProblem, match="链接"):
        resolve_inside(repo, "images/link.png")
    with pytest.raises(PathProblem, match="链接"):
        resolve_inside(repo, "images/dir/secret.txt")
    # A link that stays inside is fine.
    (repo / "images" / "same.png").symlink_to(repo / "images" / "logo.png")
    assert resolve_inside(repo, "images/same.png").name == "logo.png"


@pytest.mark.parametrize("logo", ["../../secret.svg", "/etc/passwd", "link.svg"])
def test_the_poster_logo_refuses_a_path_out_of_the_repository(tmp_path: Path, logo: str) -> None:
    """The one data field that names a file today: ``logo`` in data/posters.yml."""
    from generator.outputs.posters import load_style

    (tmp_path / "secret.svg").write_text("<svg/>", encoding="utf-8")
    data = tmp_path / "repo" / "data"
    data.mkdir(parents=True)
    (data / "link.svg").symlink_to(tmp_path / "secret.svg")
    (data / "posters.yml").write_text(f"logo: {logo}\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_style(tmp_path / "repo", "data")
    assert [e.format().split(": ")[0] for e in caught.value.errors] == ["data/posters.yml:1:7"]


def test_the_error_corpus_covers_every_kind_of_bad_input() -> None:
    """tests/cases/errors/: at least 60 cases, with hostile, deep and huge input among them."""
    names = [p.stem for p in (Path(__file__).parent / "cases" / "errors").glob("*.yml")]
    assert len(names) >= 60
    for prefix in ("yaml-", "amount-", "date-", "period-", "hostile-", "deep-", "wrong-type-", "resolution-"):
        assert any(name.startswith(prefix) for name in names), prefix
    assert "amount-huge" in names and "hostile-billion-laughs" in names


_SHAPES = {
    "flow sequences": lambda n: "related: " + "[" * n + "x" + "]" * n + "\n",
    "flow mappings": lambda n: "related: " + "{a: " * n + "x" + "}" * n + "\n",
    "block mappings": lambda n: "".join("  " * i + f"k{i}:\n" for i in range(n)) + "  " * n + "v\n",
    "block sequences on one line": lambda n: "related:\n  " + "- " * n + "x\n",
    "indentless sequences": lambda n: "".join("  " * i + f"k{i}:\n" + "  " * i + "- " for i in range(n)) + "x\n",
    "mixed": lambda n: "k:\n  - a: " + "{b: [" * n + "x" + "]}" * n + "\n",
}


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_depth_is_measured_on_tokens_where_the_composer_would_stop(shape: str) -> None:
    """When libyaml refuses deep nesting itself (PyYAML >= 6.0.4), the token count names the same place."""
    text = _SHAPES[shape](yamlload.MAX_DEPTH + 3)
    with pytest.raises(yamlload.YamlProblem) as by_events:
        yamlload.load(text)  # shallow enough for every libyaml: the composer stops it
    by_tokens = yamlload._structure_problem(text)
    assert by_tokens is not None
    assert (by_tokens.mark, by_tokens.message) == (by_events.value.mark, by_events.value.message)
    assert "层次太深" in by_tokens.message


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_nesting_past_libyamls_own_limit_is_a_depth_error(shape: str) -> None:
    text = _SHAPES[shape](1200)  # libyaml (PyYAML 6.0.4) stops at 1000 levels
    with pytest.raises(yamlload.YamlProblem) as caught:
        yamlload.load(text)
    assert caught.value.message == f"层次太深（超过 {yamlload.MAX_DEPTH} 层）"


@pytest.mark.parametrize(
    "text",
    [
        "related: [a, [b, c]]\n",
        "related: {a: [b, '[']}\n",
        'related: ["]", "{"]\n',
        "title: 关于[2026]3号文件\nbody: |\n  [未闭合\n  {也是正文\n",
        "k:\n- a\n- [b]\nj:\n  - {c: d}\n",
    ],
)
def test_balanced_or_quoted_brackets_are_not_a_problem(text: str) -> None:
    assert yamlload._structure_problem(text) is None


def test_a_poster_style_linked_from_outside_data_is_never_read(tmp_path: Path) -> None:
    from generator.outputs.posters import load_style

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "posters.yml").write_text("title: [没有读取就不会报这个错\n", encoding="utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "posters.yml").symlink_to("../elsewhere/posters.yml")
    loaded = load_style(tmp_path)  # would raise DataErrors for the broken YAML if it were read
    assert loaded.logo_path is None and loaded.style.title == load_style(tmp_path / "none").style.title


def test_an_unreadable_file_or_folder_is_a_chinese_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real_read, real_iterdir = Path.read_bytes, Path.iterdir

    def read_bytes(self: Path) -> bytes:
        if self.name == "n.yml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    def iterdir(self: Path) -> Any:
        if self.name == "rules":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    lines = errors_of(tmp_path, {"data/x/notices/n.yml": NOTICE, "data/x/rules/r.yml": NOTICE})
    assert lines == [
        "data/x/notices/n.yml:1:1: 无法读取文件（没有读取权限）。检查文件是否存在、是否有读取权限",
        "data/x/rules:1:1: 无法读取文件夹（没有读取权限）。检查这个文件夹的读取权限",
    ]
