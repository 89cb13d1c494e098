"""The residents' menu holds residents' pages, and links to other records read as titles."""

from __future__ import annotations

import re
from pathlib import Path

from generator.repository import Site


def _menu(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html.split('class="md-nav md-nav--primary"', 1)[1].split('class="md-content"', 1)[0]


def test_editors_guide_is_on_the_site_but_not_in_the_menu(built: Path) -> None:
    assert (built / "guide" / "publish" / "index.html").is_file()
    for page in (built / "index.html", built / "guide" / "about" / "index.html"):
        menu = _menu(page)
        assert "使用帮助" in menu, "the menu is the one measured"
        assert "publish/" not in menu and "如何发布一次修改" not in menu
    assert "read-accounts/" in _menu(built / "guide" / "about" / "index.html"), "the other guides stay"
    about = (built / "guide" / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./publish/">如何发布一次修改</a>', about), "关于本站 links the editors' guide"


def test_links_to_other_records_show_titles_not_file_names(example: Site, built: Path) -> None:
    committee = example.committees[0]
    for rule in committee.rules:
        html = (built / committee.slug / "rules" / rule.slug / "index.html").read_text(encoding="utf-8")
        for old in rule.model.replaces:
            title = next(r.model.title for r in committee.rules if r.slug == old)
            assert re.search(rf'<a href="\.\./{old}/">{re.escape(title)}</a>', html), (rule.slug, old)
            assert f">{old}<" not in html
    assert any(rule.model.replaces for rule in committee.rules), "the example has a rule that replaced another"
