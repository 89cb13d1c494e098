"""The residents' menu holds residents' pages, and links to other records read as titles."""

from __future__ import annotations

import re
from pathlib import Path

from example import community

from generator.model.committee import Site


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
    committee = community(example)
    for rule in committee.rules:
        html = (built / committee.slug / "rules" / rule.slug / "index.html").read_text(encoding="utf-8")
        for old in rule.model.replaces:
            title = next(r.model.title for r in committee.rules if r.slug == old)
            assert re.search(rf'<a href="\.\./{old}/">{re.escape(title)}</a>', html), (rule.slug, old)
            assert f">{old}<" not in html
    assert any(rule.model.replaces for rule in committee.rules), "the example has a rule that replaced another"


def test_a_committees_menu_leaves_out_the_other_committees(built: Path) -> None:
    # The site's 首页 lists every committee; a committee's page lists its own menu only, so no
    # page grows with the committees of the 街道 (issue 16 §3).
    front = _menu(built / "index.html")
    assert 'href="xingfu/"' in front and 'href="liuhe/"' in front
    for own, other in (("xingfu", "liuhe"), ("liuhe", "xingfu")):
        for page in (built / own / "index.html", built / own / "finance" / "index.html"):
            menu = _menu(page)
            assert f"/{other}/" not in menu and f'"{other}/"' not in menu, (page, other)
            assert "财务公开" in menu and "使用帮助" in menu, "its own sections and the guides stay"
            assert re.search(r'<a href="\.\.(/\.\.)*/?"[^>]*>\s*<span class="md-ellipsis">\s*首页', menu), (
                "the site's 首页 stays"
            )
