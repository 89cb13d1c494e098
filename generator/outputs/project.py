"""The whole site as an ordinary MkDocs project: no gongkailan plugin needed to build it.

mkdocs-material ends in 2027 and its successor (Zensical) reads ``mkdocs.yml`` but runs no
plugins, so everything the plugin hands to MkDocs is written out here as files: every
generated page (with its print facts and its committee's feeds in the front matter, where
the theme reads them), the open data, the Atom feeds, the hand-written pages, the package's theme with the
committee's own overrides on top, and a ``mkdocs.yml`` whose ``nav:`` is the menu the plugin
would have built (and whose ``extra.gkl_feeds`` names the site's feeds, as the plugin sets it). What the plugin does to finished HTML (table cards, poster links, 繁體,
search index, privacy gate) runs afterwards over the built folder (``postbuild.py``).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import GongkailanError
from ..model.committee import Site
from ..site.chrome import describe, page_chrome
from ..site.markup import html_title
from ..site.nav import build_nav
from ..site.pages import Page, url_of
from ..site.render import Renderer
from .feeds import feed_files, page_links, site_links
from .hant import converter_for
from .manifest import FILE as MANIFEST
from .manifest import site_manifest
from .opendata import site_files
from .printing import page_facts, print_meta
from .search import search_units

THEME_DIR = Path(str(resources.files("generator") / "theme"))

PLUGIN = "gongkailan"
DOCS = "docs"  # the written pages, generated and hand-written
THEME = "theme"  # the package's theme, the committee's overrides merged over it


class Tagged:
    """A YAML value under a tag PyYAML does not know (``!ENV``, ``!!python/name:``): written back as read."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(tag, loader.construct_mapping(node, deep=True))


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _represent_tagged)


@dataclass(frozen=True)
class PluginSettings:
    """The gongkailan plugin's options as the project's mkdocs.yml sets them."""

    data_dir: str = "data"
    language: str = "zh-Hans"
    posters: bool = False
    theme: bool = True
    takedown_days: int = 0  # as the plugin's option (generator/privacy/takedown.py)


def read_config(config_file: Path) -> dict[str, Any]:
    try:
        with config_file.open(encoding="utf-8") as stream:
            config = yaml.load(stream, Loader=_Loader)  # a SafeLoader that keeps unknown tags
    except (OSError, yaml.YAMLError) as exc:
        raise GongkailanError(f"读不了网站设置文件 {config_file}：{exc}") from None
    if not isinstance(config, dict):
        raise GongkailanError(f"网站设置文件 {config_file} 不是一组设置（“键: 值”）")
    return config


def plugin_settings(config: dict[str, Any]) -> PluginSettings:
    plugins = config.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else [next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins]
    )
    for name, options in entries:
        if name == PLUGIN:
            known = PluginSettings.__dataclass_fields__
            return PluginSettings(**{k: v for k, v in (options or {}).items() if k in known})
    return PluginSettings()


def dump_config(config: dict[str, Any]) -> str:
    """``mkdocs.yml`` text of these settings, tags PyYAML does not know (``!ENV``) written back as read."""
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def without_plugin(plugins: Any) -> Any:
    """The ``plugins:`` setting with this program's plugin left out (the written project runs without it)."""
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != PLUGIN}
    return [p for p in plugins or [] if p != PLUGIN and not (isinstance(p, dict) and PLUGIN in p)]


def page_with_print_facts(
    page: Page, renderer: Renderer, facts: Any, site_name: str, site_url: str, copyright: str | None = None
) -> str:
    """The page's Markdown, its print header facts (partials/gkl-print-head.html) and whose page it
    is (site/chrome.py) in the front matter, in the order the plugin adds them."""
    url = (site_url.rstrip("/") + "/" if site_url else "/") + url_of(page.src)
    # The title as the plugin reads it from the front matter: escaped (site/markup.py's html_title).
    meta = print_meta(facts.get(page.src), site_name, renderer.today, html_title(page.title), url)
    chrome = page_chrome(renderer.site, page.src, site_name, copyright)
    extra: dict[str, object] = {**page.meta, "gkl_site": chrome, "gkl_print": meta}
    describe(extra, chrome)
    feeds = page_links(renderer.site, page.src, site_url)
    if feeds:  # the committee's feeds in its pages' <head>, as the plugin names them
        extra["gkl_feeds"] = feeds
    return Page(page.src, page.title, page.content, extra).markdown()  # type: ignore[arg-type]


_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def handwritten_with_print_facts(
    text: str, src: str, renderer: Renderer, facts: Any, site_name: str, url: str, copyright: str | None = None
) -> str:
    """A hand-written page with its print facts added to its front matter (one is made if it has none).

    The title is the page's own (``title:`` or its first heading), as MkDocs names the page.
    """
    body, front = text, ""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            front, body = text[4 : end + 1], text[end + 4 :].lstrip("\n")
    meta = yaml.safe_load(front) if front else {}
    title = str((meta or {}).get("title") or "")
    if not title:
        heading = _H1.search(body)
        title = heading.group(1) if heading else ""
    facts_line = json.dumps(print_meta(facts.get(src), site_name, renderer.today, title, url), ensure_ascii=False)
    chrome = page_chrome(renderer.site, src, site_name, copyright)
    chrome_line = json.dumps(chrome, ensure_ascii=False)
    own = ""  # a committee's page describes itself, as describe() does in the plugin build
    if not (meta or {}).get("description") and "description" in chrome:
        own = f"description: {json.dumps(chrome['description'], ensure_ascii=False)}\n"
    feeds = page_links(renderer.site, src, renderer.site_url)
    feeds_line = f"gkl_feeds: {json.dumps(feeds, ensure_ascii=False)}\n" if feeds else ""
    return f"---\n{front}{own}gkl_site: {chrome_line}\ngkl_print: {facts_line}\n{feeds_line}---\n\n{body}"


def write_project(config_file: Path, site: Site, renderer: Renderer, out: Path) -> Path:
    """Write the plugin-free project into ``out`` (emptied first); returns its mkdocs.yml."""
    config_file = config_file.resolve()
    root = config_file.parent
    config = read_config(config_file)
    settings = plugin_settings(config)
    out = out.resolve()
    if out == root or root.is_relative_to(out):
        raise GongkailanError(f"输出目录 {out} 不能是项目本身所在的目录，请另选一个空目录")
    if out.exists() and any(out.iterdir()) and not _written_before(out):
        raise GongkailanError(
            f"输出目录 {out} 已有别的文件。为免误删，请指定一个空目录或新目录（上次 gongkailan pages 写出的目录可以重复使用）"
        )
    # Written beside the target and swapped in at the end: an error leaves no half-written project.
    out.parent.mkdir(parents=True, exist_ok=True)
    final, out = out, Path(tempfile.mkdtemp(prefix=".pages-new-", dir=out.parent))
    try:
        _write(config, settings, root, config_file.name, site, renderer, out)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    if final.exists():
        shutil.rmtree(final)
    out.chmod(0o755)
    out.rename(final)
    return final / "mkdocs.yml"


HEADER = "# Written by `gongkailan pages` from "


def write_theme(config: dict[str, Any], settings: PluginSettings, root: Path, out: Path) -> dict[str, Any]:
    """Copy the package's theme, the project's own overrides on top, into ``out``; returns the
    ``theme:`` setting that names the copy."""
    theme = dict(config.get("theme") or {"name": "material"})
    if settings.theme and theme.get("name") == "material":
        shutil.copytree(THEME_DIR, out / THEME, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        custom = theme.get("custom_dir")
        if custom and (root / str(custom)).is_dir():
            # The committee's own files win over the package's, as in the plugin build.
            shutil.copytree(root / str(custom), out / THEME, dirs_exist_ok=True)
        theme["custom_dir"] = THEME
    elif theme.get("custom_dir"):
        shutil.copytree(root / str(theme["custom_dir"]), out / THEME)
        theme["custom_dir"] = THEME
    if settings.language == "zh-Hant":
        theme["language"] = "zh-Hant"
    return theme


def _written_before(folder: Path) -> bool:
    config = folder / "mkdocs.yml"
    return config.is_file() and config.read_text(encoding="utf-8").startswith(HEADER)


def _write(
    config: dict[str, Any],
    settings: PluginSettings,
    root: Path,
    config_name: str,
    site: Site,
    renderer: Renderer,
    out: Path,
) -> None:
    docs = out / DOCS
    docs.mkdir(parents=True)

    # Hand-written pages first; a generated page of the same name is the plugin's error too.
    handwritten = root / str(config.get("docs_dir", "docs"))
    if handwritten.is_dir():
        shutil.copytree(handwritten, docs, dirs_exist_ok=True)
    facts = page_facts(renderer)
    site_name = site.name or str(config.get("site_name", ""))
    copyright = config.get("copyright")
    site_url = str(config.get("site_url") or "")
    for page_file in sorted(docs.rglob("*.md")):
        src = page_file.relative_to(docs).as_posix()
        url = (site_url.rstrip("/") + "/" if site_url else "/") + url_of(src)
        text = page_file.read_text(encoding="utf-8")
        page_file.write_text(
            handwritten_with_print_facts(text, src, renderer, facts, site_name, url, copyright), encoding="utf-8"
        )
    unlisted = []
    for page in renderer.pages():
        if not page.listed:
            unlisted.append(page.src)
        target = docs / page.src
        if target.exists():
            raise GongkailanError(f"content/{page.src} 与自动生成的页面重名，请改名或删除这个手写页面")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            page_with_print_facts(page, renderer, facts, site_name, site_url, copyright), encoding="utf-8"
        )
    files = site_files(site, renderer.today, site_url)
    files.update(feed_files(renderer, site_url, site_name, settings.language, converter_for(settings.language)))
    files[MANIFEST] = site_manifest(renderer, site_name)
    for path, content in files.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    theme = write_theme(config, settings, root, out)

    written = dict(config)
    written["docs_dir"] = DOCS
    if site.name:
        written["site_name"] = site.name  # data/jiedao.yml names the 街道's site, as in the plugin build
    written["site_dir"] = "site"
    written["theme"] = theme
    extra = dict(config.get("extra") or {})
    feeds = site_links(site, site_name, site_url)
    if feeds:  # the site's feeds in every page's <head> (partials/gkl-feeds.html), as the plugin sets them
        extra["gkl_feeds"] = feeds
    units = search_units(renderer)
    if units:  # the committees' search indexes the search box merges (outputs/search.py), as the plugin sets them
        extra["gkl_search_units"] = units
    if extra:
        written["extra"] = extra
    written["plugins"] = without_plugin(config.get("plugins"))
    written["nav"] = build_nav(renderer, config.get("nav") or [])
    if unlisted:  # 修改记录 pages, reached from their record's page: the plugin marks them the same way
        before = str(config.get("not_in_nav") or "")
        written["not_in_nav"] = before + "".join(f"/{src}\n" for src in unlisted)
    target = out / "mkdocs.yml"
    header = HEADER + config_name + ": build with plain `mkdocs build`,\n"
    header += "# then run `gongkailan postbuild` on the built folder.\n"
    target.write_text(header + dump_config(written), encoding="utf-8")
