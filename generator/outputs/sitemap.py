"""The sitemap's ``lastmod`` from the git history, for a site built by plain MkDocs.

The plugin sets each page's date before MkDocs writes ``sitemap.xml``; a site built from
``gongkailan pages`` by an engine without plugin hooks has the build date on every page, so
``gongkailan postbuild`` rewrites the sitemap (and its ``.gz``) with the same dates: the page's
last change, or no ``lastmod`` at all when the history is unknown.
"""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..load.history import History
from ..site.pages import url_of
from ..site.provenance import lastmod
from ..site.render import Renderer

_URL = re.compile(r"(<loc>([^<]*)</loc>)\s*(?:<lastmod>[^<]*</lastmod>)?")


def _handwritten(history: History, docs_dir: str, path: str) -> str:
    """A hand-written page's date: ``guide/about/`` is ``content/guide/about.md`` or ``…/index.md``."""
    stem = path.rstrip("/")
    for src in (f"{stem}.md", f"{stem}/index.md") if stem else ("index.md",):
        date = lastmod(history, [], f"{docs_dir}/{src}")
        if date:
            return date
    return ""


def redate(site_dir: Path, renderer: Renderer, docs_dir: str, site_url: str) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    history = renderer.history or History("outside")
    generated = {url_of(p.src): lastmod(history, p.sources) for p in renderer.pages()}
    base = urlsplit(site_url).path or "/"  # the site may live below the host's root

    def one(match: re.Match[str]) -> str:
        path = urlsplit(match.group(2)).path
        rel = path[len(base) :] if path.startswith(base) else path.lstrip("/")
        date = generated[rel] if rel in generated else _handwritten(history, docs_dir, rel)
        return match.group(1) + (f"\n         <lastmod>{date}</lastmod>" if date else "")

    text = _URL.sub(one, sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    dates = re.findall(r"<lastmod>([^<]*)</lastmod>", text)
    mtime = int(datetime.fromisoformat(max(dates)).replace(tzinfo=UTC).timestamp()) if dates else 0
    target = site_dir / "sitemap.xml.gz"
    with target.open("wb") as raw, gzip.GzipFile(filename=str(target), fileobj=raw, mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
