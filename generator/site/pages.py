"""Where each generated page lives, and relative links between pages.

Pages are addressed by their Markdown source path (``xingfu/finance/2026-01.md``); MkDocs
serves them at directory URLs (``xingfu/finance/2026-01/``). Links inside generated HTML
are computed here because MkDocs does not rewrite links in raw HTML.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.committee import Committee
    from ..model.finance import Ledger
    from ..source.document import Document


@dataclass(frozen=True)
class About:
    """What a page is, in the words search results show: its kind (公示, 财务, 制度 …) and its
    day (when the notice was published, the rule adopted …; None for pages that are not one
    record). The renderer adds whose page it is (``Renderer.render``) and writes all three into
    the page's front matter as ``gkl_about``; the theme turns that into Pagefind's attributes
    (``theme/main.html``), so the search index carries exactly what the site layer knows."""

    kind: str
    day: date | None = None


# Pages of a committee that are not one record: its home and the index of each section.
HOME = About("首页")
SECTION = About("栏目")


@dataclass
class Page:
    src: str  # Markdown source path inside the docs tree
    title: str
    content: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    # The data files the page is made from: its dates come from their history (site/provenance.py).
    sources: list[Document[Any]] = field(default_factory=list)
    history: str | None = None  # source path of the page's 修改记录, for rules and notices
    listed: bool = True  # False: reached by links from another page only, never from the menu
    about: About = SECTION

    def markdown(self) -> str:

        from .markup import html_title

        # The theme prints the title unescaped (<title>, header): text from data is escaped.
        front = {"title": html_title(self.title), **self.meta}
        lines = ["---", *(f"{key}: {_front_value(value)}" for key, value in front.items()), "---", ""]
        return "\n".join(lines) + self.content


def _front_value(value: object) -> str:
    """A front-matter value as JSON (which YAML reads), with ``<``, ``>`` and ``&`` as \\u escapes.

    The values carry data (a committee's name, a title) to the theme, which escapes them where it
    prints them; escaping here too means no markup an editor typed ever stands in a page's source.
    """
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def url_of(src: str) -> str:
    """Directory URL (relative to the site root) of a Markdown source path."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _relative(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)`` for two paths inside the site (relative, without ``..``).

    relpath makes both paths absolute against the working directory first (two ``getcwd``
    calls per link, a tenth of rendering the pages); between folders of the same tree,
    the parts after their common folders are enough.
    """
    to = [part for part in path.split("/") if part and part != "."]
    at = [part for part in start.split("/") if part and part != "."]
    if ".." in to or ".." in at or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path or ".", start or ".")
    common = 0
    for a, b in zip(to, at, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


def link(from_src: str, to_src: str, anchor: str = "") -> str:
    """Relative href from one page to another, as the browser resolves it."""
    rel = _relative(url_of(to_src), url_of(from_src))
    href = "./" if rel == "." else rel + "/"
    return href + (f"#{anchor}" if anchor else "")


# Open data (generator/outputs/opendata.py) lives beside the finance pages, which link to it.


def folder(committee: Committee) -> str:
    return f"{committee.slug}/finance/data"


def ledger_file(committee: Committee, doc: Document[Ledger], ext: str) -> str:
    return f"{folder(committee)}/{doc.slug}.{ext}"


# Atom feeds (generator/outputs/feeds.py) live beside the pages they follow: the notices and finance indexes link them.


def committee_feed(committee: Committee, topic: str) -> str:
    """``topic`` is the folder of the pages the feed follows: notices or finance."""
    return f"{committee.slug}/{topic}/feed.xml"


def site_feed(topic: str) -> str:
    """The feed of every committee's ``topic``, on a site with several committees."""
    return f"feeds/{topic}.xml"


def href(page_src: str, file_path: str) -> str:
    """Relative link from a page (directory URL) to a generated file."""
    return _relative(file_path, url_of(page_src))
