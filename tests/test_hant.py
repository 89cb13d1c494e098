"""``language: zh-Hant``: the whole site published in traditional characters (OpenCC at build time)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_support import *  # noqa: F403 - fixtures
from browser_support import ROOT, open_page, search, serve

from generator.mkdocs_plugin.sitebuild import build_site
from generator.outputs.search import variant_table


@pytest.fixture(scope="module")
def hant_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / config["docs_dir"])
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "gongkailan" in plugin:
            plugin["gongkailan"] = {
                **(plugin["gongkailan"] or {}),
                "data_dir": str(ROOT / "data"),
                "language": "zh-Hant",
                "posters": False,
            }
    tmp = tmp_path_factory.mktemp("hant")
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return build_site(tmp / "mkdocs.yml", tmp / "site")


def _text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_generated_and_handwritten_pages_are_traditional(hant_site: Path) -> None:
    home = (hant_site / "xingfu" / "index.html").read_text(encoding="utf-8")
    assert "財務公開" in _text(home)
    assert "财务公开" not in _text(home)
    assert 'lang="zh-Hant"' in home  # Material's own words (搜尋) follow the theme language
    guide = _text((hant_site / "guide" / "read-accounts" / "index.html").read_text(encoding="utf-8"))
    assert "期末餘額" in guide  # a hand-written page from content/
    ledger = next((hant_site / "xingfu" / "finance").glob("20*/index.html")).read_text(encoding="utf-8")
    assert "收入" in ledger and "支出" in ledger
    assert re.search(r"\d{1,3}(,\d{3})*\.\d\d", ledger)  # amounts untouched


def test_the_not_found_page_is_traditional_too(hant_site: Path) -> None:
    page = _text((hant_site / "404.html").read_text(encoding="utf-8"))
    assert "東湖區居務村務公開" in page  # the site name (data/jiedao.yml) in the header, converted
    assert "社区" not in page


def test_simplified_query_finds_traditional_page(browser: Any, hant_site: Path) -> None:
    context, page = open_page(browser, serve(hant_site) + "/")
    try:
        assert "/xingfu/finance/" in search(page, "财务")[:10]
        assert "/xingfu/finance/" in search(page, "財務")[:10]
    finally:
        context.close()


def test_search_variant_tables_come_from_opencc() -> None:
    """A reader may type either script: the search maps the other form onto the site's."""
    hans = variant_table(set("财务发为说里"), "zh-Hans")
    assert {"財": "财", "務": "务", "發": "发", "髮": "发", "為": "为", "說": "说", "裡": "里"}.items() <= hans.items()
    hant = variant_table(set("財務發"), "zh-Hant")
    assert {"财": "財", "务": "務", "发": "發"}.items() <= hant.items()
    assert "財" not in variant_table(set("财財"), "zh-Hans")  # both forms on the site: nothing to map


def test_feeds_are_traditional_too(hant_site: Path) -> None:
    feed = (hant_site / "xingfu" / "finance" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="zh-Hant"' in feed and "幸福里社區·財務公開" in feed and "财务" not in feed
