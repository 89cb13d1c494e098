"""The sidebar menu written in Python (generator/mkdocs_plugin/menu.py) is Material's own, byte for byte.

Every page of the example is compared in the shared build (``built``, with ``GKL_MENU_CHECK``);
the combinations of Material's menu features, and the cases left to Material's macro, are
compared here on a small menu made of MkDocs' own navigation objects.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import normalize_url

from generator.mkdocs_plugin import menu
from generator.mkdocs_plugin.engine import File, Files, load_config

# The nav loop of theme/partials/nav.html, once with Material's macro and once with gkl_menu.
_LOOP = (
    '{% import "partials/language.html" as lang with context %}'
    '{% import "partials/nav-item.html" as item with context %}'
    "{% for nav_item in nav.items %}{{ RENDER }}{% endfor %}"
)
MACRO = _LOOP.replace("RENDER", 'item.render(nav_item, "__nav_" ~ loop.index, 1)')
OURS = _LOOP.replace("RENDER", 'gkl_menu(counted(item.render), nav_item, "__nav_" ~ loop.index)')

NAV = [
    {"首页": "index.md"},
    {
        "幸福里社区": [
            {"概况": "xingfu/index.md"},
            {
                "通知公告": [
                    {"2024年": [{"停水通知": "xingfu/n/2024/a.md"}, {"议事会决议": "xingfu/n/2024/b.md"}]},
                    {"2025年": [{"2025年通知": "xingfu/n/2025/index.md"}, {"换届公告": "xingfu/n/2025/c.md"}]},
                ]
            },
            {"财务公开": [{"财务概况": "xingfu/f/index.md"}]},
        ]
    },
    {"上级网站": "https://example.org/"},
    {"使用帮助": [{"关于本站": "guide/about.md"}, {"怎样看账 & <表>": "guide/accounts.md"}]},
]
FEATURES = sorted(menu.COVERED)


def _toc(*headings: tuple[str, int, list[AnchorLink]]) -> TableOfContents:
    links: list[AnchorLink] = []
    for title, level, children in headings:
        link = AnchorLink(title, f"h{len(links)}", level)
        link.children = children
        links.append(link)
    return TableOfContents(links)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Navigation]:
    root = tmp_path_factory.mktemp("menu")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: 菜单\ntheme:\n  name: material\n  language: zh\n", encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"))
    config["nav"] = NAV
    sources = list(_sources(NAV))
    files = Files([File(src, str(root / "docs"), str(root / "site"), True) for src in sources])
    nav = get_navigation(files, config)
    pages = {p.file.src_uri: p for p in nav.pages}
    # Tables of contents of each shape the macro tells apart: one level-1 heading over the rest, level-2
    # headings only, none.
    sub = AnchorLink("停水时间", "t", 2)
    pages["xingfu/n/2024/a.md"].toc = _toc(("停水通知", 1, [sub, AnchorLink("范围", "r", 2)]))
    pages["xingfu/n/2024/b.md"].toc = _toc(("决议内容", 2, []), ("表决", 2, [AnchorLink("票数", "v", 3)]))
    pages["guide/about.md"].toc = _toc(("本站", 1, []))
    for page in nav.pages:
        if not hasattr(page, "toc") or page.toc is None:
            page.toc = TableOfContents([])
    pages["guide/about.md"].meta = {"subtitle": "写给居民"}
    return config, nav


def _sources(nav: list[Any]) -> Iterator[str]:
    for entry in nav:
        for value in entry.values():
            if isinstance(value, list):
                yield from _sources(value)
            elif value.endswith(".md"):
                yield value


def _environment(config: Any, override: Path | None = None) -> Environment:
    env: Environment = config.theme.get_env()
    if override is not None:
        assert env.loader is not None
        env.loader = ChoiceLoader([FileSystemLoader(str(override)), env.loader])
    menu.install(env)
    return env


def _render(env: Environment, config: Any, nav: Navigation, page: Page, features: list[str]) -> tuple[str, str, int]:
    """The menu of ``page`` by the macro and by gkl_menu, and how often gkl_menu fell back to the macro."""
    fallbacks = 0

    def counted(macro: Callable[..., Any]) -> Callable[..., Any]:
        def render(*args: Any) -> Any:
            nonlocal fallbacks
            fallbacks += 1
            return macro(*args)

        return render

    context = {"page": page, "nav": nav, "config": config, "features": features, "base_url": "../"}
    page.active = True
    try:
        expected = env.from_string(MACRO).render(context)
        actual = env.from_string(OURS).render(context, counted=counted)
    finally:
        page.active = False
    return expected, actual, fallbacks


def test_every_combination_of_menu_features_gives_materials_menu(site: tuple[Any, Navigation]) -> None:
    config, nav = site
    env = _environment(config)
    for n in range(len(FEATURES) + 1):
        for chosen in itertools.combinations(FEATURES, n):
            features = [*chosen, "navigation.top", "toc.integrate"]
            for page in nav.pages:
                expected, actual, fallbacks = _render(env, config, nav, page, features)
                assert actual == expected, (features, page.file.src_uri)
                assert fallbacks == 0, "written in Python, not by the macro"
    expected, _, _ = _render(env, config, nav, nav.pages[2], [])
    assert "停水时间" in expected and "写给居民" in expected and "怎样看账 & <表>" in expected, (
        "the menu is the one meant"
    )


def test_a_title_with_a_control_character_gives_materials_menu(site: tuple[Any, Navigation]) -> None:
    # The renderer keeps an item's HTML with a NUL where each link goes: a title holding one is
    # written in full on every page instead.
    config, nav = site
    env = _environment(config)
    other = nav.pages[-1]
    title = other.title
    other.title = "怎样\x00看账"
    try:
        for page in nav.pages[:3]:
            expected, actual, fallbacks = _render(env, config, nav, page, ["navigation.indexes"])
            assert actual == expected and fallbacks == 0
    finally:
        other.title = title
    assert "怎样\x00看账" in expected


def test_links_are_relative_to_the_page_as_mkdocs_makes_them() -> None:
    pages = ["", "xingfu/", "xingfu/n/2024/a/", "guide.html", "xingfu/index.html", "v1.2/a/", "a b/c/"]
    targets = [
        *("xingfu/", "xingfu/n/2024/a/", "xingfu/n/2025/", "guide/about/", "xingfu/index.html", "v1.2/a/b/"),
        *("", ".", "./", "../up/", "a//b/", "a/./b/", "https://example.org/", "/abs/", "#top", "a:b/", "a/?q=1"),
        *("a\\b/", "a b/c/", "xingfu"),
    ]
    for url in pages:
        page = SimpleNamespace(url=url)
        writer = menu._Menu(Environment(), cast(Any, {"base_url": "../"}), page, frozenset(), menu._Shared())
        for target in targets:
            assert writer.relative(menu._Link(target)) == normalize_url(target, page=cast(Any, page), base="../"), (
                url,
                target,
            )


def test_traditional_characters_give_materials_menu(site: tuple[Any, Navigation]) -> None:
    config, nav = site
    config.theme["language"] = "zh-Hant"
    try:
        env = _environment(config)
        expected, actual, fallbacks = _render(env, config, nav, nav.pages[2], ["navigation.prune"])
    finally:
        config.theme["language"] = "zh"
    assert actual == expected and fallbacks == 0
    assert "目錄" in expected, "Material's own words in traditional characters (the table of contents)"


def test_an_unknown_feature_leaves_the_menu_to_materials_macro(site: tuple[Any, Navigation]) -> None:
    config, nav = site
    env = _environment(config)
    expected, actual, fallbacks = _render(env, config, nav, nav.pages[2], ["navigation.prune", "navigation.future"])
    assert actual == expected
    assert fallbacks == 4, "each top-level item by the macro"


def test_a_committees_own_nav_item_template_is_used_as_it_is(site: tuple[Any, Navigation], tmp_path: Path) -> None:
    config, nav = site
    plain = config.theme.get_env()
    material, _, _ = plain.loader.get_source(plain, menu.MACRO)
    own = material.replace('class="md-nav__link"', 'class="md-nav__link 本站"')
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "nav-item.html").write_text(own, encoding="utf-8")
    env = _environment(config, override=tmp_path)
    expected, actual, fallbacks = _render(env, config, nav, nav.pages[2], ["navigation.prune"])
    assert 'class="md-nav__link 本站"' in expected
    assert actual == expected and fallbacks == 4


def test_a_page_with_an_icon_leaves_its_menu_to_materials_macro(site: tuple[Any, Navigation]) -> None:
    config, nav = site
    env = _environment(config)
    page = nav.pages[0]
    page.meta = {"icon": "material/home"}
    try:
        expected, actual, fallbacks = _render(env, config, nav, nav.pages[2], [])
    finally:
        page.meta = {}
    assert "<svg" in expected, "Material drew the icon"
    assert actual == expected and fallbacks >= 1


def test_the_check_stops_a_build_at_a_menu_that_differs(
    site: tuple[Any, Navigation], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, nav = site
    monkeypatch.setenv(menu.CHECK, "1")
    monkeypatch.setattr(menu._Menu, "title", lambda self, item: "\n  \n    " + str(item.title) + " \n  \n")
    env = _environment(config)
    with pytest.raises(menu.MenuMismatch, match="differs from Material's"):
        _render(env, config, nav, nav.pages[2], [])


def test_every_page_of_the_example_has_materials_menu(built: Path) -> None:
    # The shared build ran with GKL_MENU_CHECK (tests/browser_support.py): each menu was also written by
    # Material's macro and compared, and the build would have stopped at the first difference.
    pages = {
        _url(path.parent.relative_to(built).as_posix())
        for path in built.rglob("index.html")
        if 'class="md-nav md-nav--primary"' in path.read_text(encoding="utf-8")
    }
    assert len(pages) > 100
    assert pages <= set(menu.COMPARED), sorted(pages - set(menu.COMPARED))[:5]


def _url(folder: str) -> str:
    """MkDocs' ``page.url`` of the page in ``folder`` (directory URLs)."""
    return "" if folder == "." else folder + "/"
