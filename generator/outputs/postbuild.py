"""What the plugin does to a finished site, done instead over a folder of built HTML.

A site built from ``gongkailan pages`` by plain MkDocs (or another engine reading
``mkdocs.yml``) has no plugin hooks; these steps run afterwards, in the plugin's order: table
cards (site/tablecards.py) and 下载海报 links in each page, 繁體 conversion, the posters'
PDFs, the sitemap's dates from git (sitemap.py), the Pagefind index, and last the privacy gate
over every file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import GongkailanError
from ..privacy.gate import enforce
from ..site.compact import compact_html
from ..site.pages import url_of
from ..site.render import Renderer
from ..site.tablecards import label_cells
from .hant import converter_for
from .posters import LoadedStyle, SitePosters
from .redirects import keep_published
from .search import index_site
from .sitemap import redate

log = logging.getLogger("gongkailan.postbuild")

ARTICLE = '<article class="md-content__inner'


@dataclass
class Steps:
    renderer: Renderer
    language: str = "zh-Hans"
    style: LoadedStyle | None = None  # posters: None builds none
    site_url: str = ""
    use_directory_urls: bool = True
    search: bool = True
    gate_sources: Iterable[Path] = ()  # hand-written files, so the gate can tell what editors typed
    material_files: Path | None = None  # the theme's own files, skipped by the gate when unchanged
    docs_dir: str = "docs"  # hand-written pages, relative to the project: their sitemap dates
    root: Path | None = None  # the project (published-urls.list, redirects.yml): None writes no redirects
    site_name: str = ""


def built_page(site_dir: Path, src: str, use_directory_urls: bool = True) -> Path:
    """Where MkDocs writes the page made from ``src``."""
    if not use_directory_urls:
        return site_dir / (src[: -len(".md")] + ".html")
    return site_dir / url_of(src) / "index.html"


def _content_split(html: str) -> tuple[str, str]:
    """The page before the article and from the article on (the part the plugin's hooks see)."""
    at = html.find(ARTICLE)
    return (html[:at], html[at:]) if at >= 0 else ("", html)


def run(site_dir: Path, steps: Steps) -> None:
    if not (site_dir / "index.html").is_file():
        raise GongkailanError(
            f"{site_dir} 里没有 index.html，不是生成好的网站。请先运行 mkdocs build，再对它的输出目录运行这一步"
        )
    posters = (
        SitePosters(
            steps.renderer, steps.style, steps.site_url, steps.use_directory_urls, converter_for(steps.language)
        )
        if steps.style is not None
        else None
    )
    links = {built_page(site_dir, src, steps.use_directory_urls): src for src in posters.links} if posters else {}
    convert = converter_for(steps.language)
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        head, body = _content_split(text)
        body = label_cells(body)
        if posters is not None and path in links:
            src = links[path]
            body = posters.add_links(body, src, url_of(src) if steps.use_directory_urls else src[:-3] + ".html")
        text = head + body
        if convert is not None:
            text = convert(text)
        if path.name != "404.html":  # the plugin compacts Markdown pages only (on_post_page)
            text = compact_html(text)
        path.write_text(text, encoding="utf-8")
    if posters is not None:
        written = posters.write(site_dir)
        log.info("公开栏海报：%d 个 PDF", len(written))
    redate(site_dir, steps.renderer, steps.docs_dir, steps.site_url)  # lastmod from git, as the plugin's
    if steps.search:
        index_site(site_dir, steps.language)
    if steps.root is not None:
        slugs = [c.slug for c in steps.renderer.site.committees]
        keep_published(site_dir, steps.root, steps.site_url, slugs, steps.site_name)
    enforce(site_dir, steps.renderer.site, steps.gate_sources, steps.material_files, steps.renderer.takedown)
