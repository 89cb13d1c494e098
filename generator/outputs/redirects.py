"""Published addresses keep working: every URL the site ever served is a page or a redirect.

QR codes on wall posters and links in chat groups outlive any layout of the site. The
repository keeps ``published-urls.list`` (one full address a line, beside mkdocs.yml): every
address the site has served. After each build, an address that the new site no longer serves
gets a static redirect page at its old place (meta refresh, a visible link and a canonical
link: no JavaScript needed), pointing where the same page lives now:

1. where ``redirects.yml`` (beside mkdocs.yml, ``旧地址: 新地址``) says it went, else
2. the same path without leading committee folders (a site that moved up a level:
   ``xingfu/xingfu/finance/2025-10/`` → ``xingfu/finance/2025-10/``, ``xingfu/guide/about/`` →
   ``guide/about/``), else
3. the same path inside the one committee folder that has it (a one-committee site that
   became a 街道's: ``finance/2025-10/`` → ``xingfu/finance/2025-10/``).

A file (a PDF, CSV, JSON) cannot redirect on a static host: it is copied instead. A wall
poster's PDF may go for good: it is printed only while its notice may be on a wall, and a
taken-down list's never (QR codes point at pages, which stay). Any other address found nowhere
stops the build with a Chinese message naming the line of published-urls.list and the two ways
out. ``gongkailan build`` adds the addresses of each build of the published site (site/) to the
file (``record``), so every address from then on is kept.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from html import escape
from pathlib import Path

from ..errors import GongkailanError
from ..source.yamlload import YamlProblem, decode, load
from .manifest import FILE as MANIFEST_FILE

MANIFEST = "published-urls.list"  # not .txt: Dependabot reads every *.txt beside mkdocs.yml as requirements
MOVES = "redirects.yml"
HEADER = """\
# 本网站发布过的全部网址（公开栏海报上的二维码、微信群里的链接会一直指向它们）。
# gongkailan build 每次生成到 site/ 后把新网址加在这里，请连同数据一起提交；不要删改已有的行。
# 生成网站时逐个检查：网址还在，或者自动生成跳转页；找不到去处的，生成会停下并说明（海报 PDF 除外：
# 公告下墙、名单撤下后海报就不再提供，二维码指向的网页一直都在）。
"""
# Never an address a resident keeps: the theme's files, the search index, the error page, the sitemap.
SKIPPED_TOP = ("assets", "pagefind", "search")
# gkl-site.json is read by a city's portal when it is built (manifest.py), not kept by anyone.
SKIPPED_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", MANIFEST_FILE)
REDIRECT_MARK = '<meta name="gongkailan-redirect"'


def served_paths(site_dir: Path) -> list[str]:
    """Every address of a built site a resident may keep, relative to the site root (``xingfu/``)."""
    # os.walk and plain strings: run on every build over every file of the site (11,600 for the
    # reference 街道), where Path objects cost more than reading the pages.
    top = str(site_dir)
    found: list[tuple[list[str], str]] = []
    for here, _, names in os.walk(top):
        rel_dir = os.path.relpath(here, top)
        parts = [] if rel_dir == "." else rel_dir.split(os.sep)
        found += [([*parts, name], os.path.join(here, name)) for name in names]
    out = []
    for parts, path in sorted(found):  # the order of sorted(Path.rglob()): by path parts
        rel = "/".join(parts)
        # A committee's own search index lives in its folder (xingfu/pagefind/, outputs/search.py).
        if parts[0] in SKIPPED_TOP or parts[1:2] == ["pagefind"] or rel in SKIPPED_FILES or not os.path.isfile(path):
            continue
        if parts[-1] == "index.html":
            with open(path, encoding="utf-8", errors="replace") as page:
                if REDIRECT_MARK in page.read():
                    continue
            rel = rel[: -len("index.html")]
        out.append(rel)
    return out


def _is_poster(rel: str) -> bool:
    """A wall poster's PDF (generator/outputs/posters.py): only there while it may be on a wall."""
    return rel.endswith(".pdf") and "posters" in rel.split("/")


def _serves(site_dir: Path, rel: str) -> bool:
    if rel == "" or rel.endswith("/"):
        return (site_dir / rel / "index.html").is_file()
    return (site_dir / rel).is_file()


def read_manifest(path: Path) -> list[tuple[int, str]]:
    """(line number, address) of every address in published-urls.list."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def read_moves(path: Path, site_url: str) -> dict[str, str]:
    """redirects.yml: old address (full, or relative to the site) -> new one, both relative."""
    if not path.is_file():
        return {}
    try:
        data = load(decode(path.read_bytes())).data or {}
    except YamlProblem as problem:
        raise GongkailanError(f"{path.name}:{problem.mark.line}：{problem.message}。{problem.hint}") from None
    if not isinstance(data, dict):
        raise GongkailanError(f"{path.name}:1：每行写“旧网址: 新网址”，例如 xingfu/notices/old/: xingfu/notices/new/")
    return {_relative(str(old), site_url) or "": _relative(str(new), site_url) or "" for old, new in data.items()}


def _relative(url: str, site_url: str) -> str | None:
    """The address relative to the site root; None when it lies outside the site."""
    if "://" not in url:
        return url.lstrip("/")
    base = site_url.rstrip("/") + "/"
    if url == base.rstrip("/"):
        return ""
    return url[len(base) :] if url.startswith(base) else None


def _target(rel: str, site_dir: Path, slugs: list[str], moves: dict[str, str]) -> str | None:
    if rel in moves:
        return moves[rel] if _serves(site_dir, moves[rel]) else None
    parts = rel.split("/")
    while len(parts) > 1 and parts[0] in slugs:  # rule 2: leading committee folders dropped
        parts = parts[1:]
        if _serves(site_dir, "/".join(parts)):
            return "/".join(parts)
    inside = [f"{slug}/{rel}" for slug in slugs if _serves(site_dir, f"{slug}/{rel}")]  # rule 3
    return inside[0] if len(inside) == 1 else None


def redirect_page(href: str, canonical: str, site_name: str) -> str:
    """A page that sends the browser on without JavaScript and shows the new address to click."""
    h, c = escape(href, quote=True), escape(canonical, quote=True)
    return (
        '<!doctype html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f'{REDIRECT_MARK} content="1">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>页面已搬到新网址 - {escape(site_name)}</title>\n"
        f'<link rel="canonical" href="{c}">\n'
        f'<meta http-equiv="refresh" content="0; url={h}">\n'
        "</head>\n<body>\n"
        f'<p style="font-size:1.25rem;line-height:1.6">这个页面已经搬到新网址：<a href="{h}">{escape(canonical)}</a></p>\n'
        "</body>\n</html>\n"
    )


def keep_published(site_dir: Path, root: Path, site_url: str, slugs: list[str], site_name: str) -> int:
    """Write a redirect (or a copy) for every published address the build no longer serves.

    Returns how many were written; raises GongkailanError listing every address with nowhere to go.
    """
    manifest = root / MANIFEST
    if not manifest.is_file():
        return 0
    moves = read_moves(root / MOVES, site_url)
    base = site_url.rstrip("/") + "/" if site_url else "/"
    problems = []
    written = 0
    for number, url in read_manifest(manifest):
        rel = _relative(url, site_url)
        if rel is None:
            problems.append(
                f"{MANIFEST}:{number}：网址 {url} 不在本站网址 {base} 之下。"
                "如果网站真的换了域名，旧网址要在旧域名上另做跳转；然后删掉这一行"
            )
            continue
        if _serves(site_dir, rel):
            continue
        target = _target(rel, site_dir, slugs, moves)
        if target is None and _is_poster(rel):
            continue  # a poster leaves the wall with its notice (or its list is taken down); QR codes name pages
        if target is None:
            problems.append(
                f"{MANIFEST}:{number}：网址 {url} 发布过（二维码、链接可能还指向它），这次生成的网站里没有了。"
                f"请在 {MOVES} 里加一行“{rel}: 新网址”指向它现在的位置；如果它从来没有对外公开过，删掉这一行"
            )
            continue
        written += 1
        place = site_dir / rel
        if rel == "" or rel.endswith("/"):
            place = place / "index.html"
            href = posixpath.relpath(target or ".", rel or ".")
            if target == "" or target.endswith("/"):
                href = "./" if href == "." else href + "/"
            place.parent.mkdir(parents=True, exist_ok=True)
            place.write_text(redirect_page(href, base + target, site_name), encoding="utf-8")
        else:
            place.parent.mkdir(parents=True, exist_ok=True)
            source = site_dir / (target + "index.html" if target.endswith("/") or target == "" else target)
            shutil.copyfile(source, place)
    if problems:
        raise GongkailanError("发布过的网址找不到去处，网站没有生成：\n" + "\n".join(problems))
    return written


def record(root: Path, site_dir: Path, site_url: str) -> int:
    """Add the addresses this build serves to published-urls.list (made when absent); returns how many."""
    manifest = root / MANIFEST
    lines = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else HEADER.splitlines()
    known = {line.strip() for line in lines}
    base = site_url.rstrip("/") + "/" if site_url else "/"
    new = [base + rel for rel in served_paths(site_dir) if base + rel not in known]
    if new:
        manifest.write_text("\n".join([*lines, *new]) + "\n", encoding="utf-8")
    return len(new)
