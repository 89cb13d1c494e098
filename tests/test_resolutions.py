"""四议两公开 end to end: a resolution's page lists what carries it out, with amounts and status."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from example import community

from generator.load.repository import load_site
from generator.model.committee import Site
from generator.model.resolutions import carried_out
from generator.site.render import render_site

DAY = date(2026, 11, 20)
TAG = re.compile(r"<[^>]+>")


def visible(text: str) -> str:
    return re.sub(r"\s+", "", TAG.sub("", text))


@pytest.fixture(scope="module")
def pages(example: Site) -> dict[str, str]:
    return {p.src: p.content for p in render_site(example, DAY) if p.src.startswith("xingfu/notices/")}


def test_resolution_page_shows_its_execution_and_result(pages: dict[str, str]) -> None:
    page = pages["xingfu/notices/2026-03-10-shilaohua-gaizao-jueyi.md"]
    text = visible(page.split("## 决议的执行和结果", 1)[1])
    assert text.startswith("依据本决议支出4笔，共¥86,920.00。实施结果已于2026年7月10日公开。")
    assert "2026-09-10适老化改造项目尾款（10%）¥8,650.002026年9月" in text
    assert "合计（4笔）¥86,920.00" in text
    assert "居家养老服务站适老化改造¥90,000.00已完成" in text  # the project, its budget and status
    assert "2026年“工程款”预算调整为¥86,500.00" in text
    # The tender, its result and the 执行情况, oldest first, each with its status.
    order = [text.index(t) for t in ("询价公告项目招标", "询价成交结果公示公示", "实施情况公开执行情况")]
    assert order == sorted(order)
    assert "公示期已结束" in text
    # The tender's own page names the resolution it carries out.
    tender = pages["xingfu/notices/2026-03-16-shilaohua-gaizao-zhaobiao.md"]
    assert '<dt>依据决议</dt><dd><a href="../2026-03-10-shilaohua-gaizao-jueyi/">' in tender


def test_a_resolution_without_a_result_says_so(example: Site, pages: dict[str, str]) -> None:
    execution = carried_out(community(example), "2026-01-20-weimin-banshishi-jueyi")
    assert not execution.results and len(execution.projects) == 5
    assert "实施结果尚未公开。" in pages["xingfu/notices/2026-01-20-weimin-banshishi-jueyi.md"]


def test_a_rule_names_the_resolution_that_adopted_it(tmp_path: Path) -> None:
    files = {
        "data/t/profile.yml": "name: 测试社区居民委员会\nsubdistrict: 测试街道\n",
        "data/t/notices/2026-01-10-jueyi.yml": (
            "title: 关于修订居民公约的居民会议决议\nkind: 会议决议\npublished_on: 2026-01-12\nbody: 通过。\n"
        ),
        "data/t/rules/gongyue.yml": (
            "title: 测试社区居民公约\nkind: 居民公约\nadopted_by: 居民会议\nadopted_on: 2026-01-10\n"
            "resolution: 2026-01-10-jueyi\neffective_on: 2026-02-01\narticles:\n  - 邻里互助。\n"
        ),
    }
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    pages = {p.src: p.content for p in render_site(load_site(tmp_path), DAY)}
    assert (
        '<dt>通过决议</dt><dd><a href="../../notices/2026-01-10-jueyi/">关于修订居民公约的居民会议决议</a>'
        in (pages["t/rules/gongyue.md"])
    )
    resolution = visible(pages["t/notices/2026-01-10-jueyi.md"])
    assert "测试社区居民公约（有效，2026年2月1日施行）" in resolution
    assert "实施结果尚未公开" in resolution
