"""A new kind of data is one declaration: the loader, schema, guide, diff, site and open data all see it.

The toy kind below is declared once (``kinds.register``) with its model, and nothing else is
touched; every layer must pick it up from the registry in generator/model/kinds.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from example import community

from generator.errors import DataErrors
from generator.load.repository import load_site
from generator.model import kinds
from generator.model.committee import Site
from generator.model.fields import Day
from generator.model.kinds import Kind, Part
from generator.model.record import Record, optional, text
from generator.outputs.opendata import site_files
from generator.site.nav import build_nav
from generator.site.render import Renderer
from generator.tools.changes import compare
from generator.tools.guide import render_guide
from generator.tools.schemas import render, schema_kinds

ROOT = Path(__file__).resolve().parent.parent


class Bench(Record):
    place: str = text("位置")
    seats: int = text("座位数")


class Repair(Record):
    title: str = text("名称", "居民看到的标题")
    reported_on: Day = text("报修日期")
    place: str = text("地点")
    note: str | None = optional("备注")
    benches: list[Bench] = text("长椅", default_factory=list)


@pytest.fixture
def repairs() -> Iterator[Kind]:
    kind = kinds.register(
        Kind(
            "repairs",
            "公共设施报修",
            Repair,
            parts=(Part("长椅（benches 每一项）", Bench, "benches"),),
            order=lambda d: d.model.reported_on,
            open_data=True,
        )
    )
    yield kind
    kinds.KINDS.remove(kind)


def _project(tmp_path: Path, *records: tuple[str, str]) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.rmtree(tmp_path / "data" / "liuhe")  # one committee: its menu is the site's menu
    (tmp_path / "data" / "jiedao.yml").unlink()  # it names liuhe: a one-committee repository has none
    folder = tmp_path / "data" / "xingfu" / "repairs"
    folder.mkdir()
    for slug, body in records:
        (folder / f"{slug}.yml").write_text(body, encoding="utf-8")
    return tmp_path


LAMP = "title: 3号楼路灯不亮\nreported_on: 2026-10-08\nplace: 3号楼北侧\nnote: 已报街道维修\n"
BENCH = "title: 花园长椅损坏\nreported_on: 2026-10-20\nplace: 中心花园\nbenches:\n  - place: 东门\n    seats: 3\n"


def _site(root: Path) -> Site:
    return load_site(root)


def test_the_loader_reads_and_checks_the_new_folder(repairs: Kind, tmp_path: Path) -> None:
    site = _site(_project(tmp_path, ("2026-10-bench", BENCH), ("2026-10-lamp", LAMP)))
    docs = community(site).of("repairs")
    assert [d.model.title for d in docs] == ["3号楼路灯不亮", "花园长椅损坏"]  # the declared order: by date
    (tmp_path / "data" / "xingfu" / "repairs" / "bad.yml").write_text("title: 坏\nreported_on: 2026-13-01\n", "utf-8")
    with pytest.raises(DataErrors) as failure:
        _site(tmp_path)
    report = failure.value.report()
    assert "data/xingfu/repairs/bad.yml:2:14: 日期“2026-13-01”的月份 13 不存在" in report
    assert "data/xingfu/repairs/bad.yml:1:1: 缺少必填项 place（地点）" in report


def test_schema_and_guide(repairs: Kind) -> None:
    assert "repairs" in schema_kinds()
    schema = json.loads(render("repairs"))
    assert schema["title"] == "公共设施报修"
    assert set(schema["properties"]) == {"title", "reported_on", "place", "note", "benches"}
    assert schema["$defs"]["Bench"]["title"] == "长椅（benches 每一项）"
    guide = render_guide(None)
    assert "#### 公共设施报修\n\n文件：`repairs/*.yml`" in guide
    assert "#### 长椅（benches 每一项）" in guide
    assert "| `reported_on` | 报修日期 | 是 | 日期，年-月-日 |" in guide


def test_diff_names_the_new_record(repairs: Kind, tmp_path: Path) -> None:
    base = _site(_project(tmp_path / "base", ("2026-10-lamp", LAMP)))
    head = _site(_project(tmp_path / "head", ("2026-10-lamp", LAMP.replace("3号楼北侧", "3号楼南侧")), ("b", BENCH)))
    text = compare(base, head).markdown()
    assert "- 公共设施报修《3号楼路灯不亮》修改：地点" in text
    assert "- 新公共设施报修《花园长椅损坏》" in text


def test_pages_navigation_and_open_data(repairs: Kind, tmp_path: Path) -> None:
    site = _site(_project(tmp_path, ("2026-10-lamp", LAMP)))
    renderer = Renderer(site, date(2026, 11, 1))
    pages = {page.src: page for page in renderer.pages()}
    assert "公共设施报修" in pages["xingfu/repairs/index.md"].content
    record = pages["xingfu/repairs/2026-10-lamp.md"]
    assert record.title == "3号楼路灯不亮" and "3号楼北侧" in record.content and "已报街道维修" in record.content
    nav = build_nav(renderer, [])
    titles = [next(iter(entry)) for entry in nav if isinstance(entry, dict)]
    assert titles[-1] == "公共设施报修"  # shown after the kinds declared before it
    entry = nav[-1]
    assert isinstance(entry, dict)
    assert entry["公共设施报修"] == ["xingfu/repairs/index.md", {"3号楼路灯不亮": "xingfu/repairs/2026-10-lamp.md"}]
    published = json.loads(site_files(site)["xingfu/repairs/data/2026-10-lamp.json"])
    assert published == {
        "title": "3号楼路灯不亮",
        "reported_on": "2026-10-08",
        "place": "3号楼北侧",
        "note": "已报街道维修",
        "benches": [],
    }


def test_without_the_declaration_the_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataErrors) as failure:
        _site(_project(tmp_path, ("2026-10-lamp", LAMP)))
    assert "不认识的文件夹“repairs”" in str(failure.value)
