"""A city's portal over the 街道's and 镇's own sites: one page listing every committee, one search.

Past about four 街道 a city no longer fits one Pages site (README: 全市（区）网站), so each 街道
or 镇 publishes its own site from its own repository, and the city publishes this portal from
``data/portal.yml``, which names the sites and nothing else. Each site says what it holds in
``gkl-site.json`` (manifest.py), read here when the portal is built: the portal lists what the
sites publish, and a committee added to a 街道 appears on the portal at its next build.

All the sites must be on the portal's host (paths under one domain: GitHub Pages project sites
under ``<org>.github.io`` or under the organisation's own domain, GitLab Pages the same): the
portal's search box fetches each committee's Pagefind index and merges them in the browser, and
a resident's phone asks only that one host. The indexes must come from the same Pagefind
version as the portal's, or merging them fails in the browser; both are checked here, so a
mismatch stops the build with its fix instead of breaking search on the live portal.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import Collector, GongkailanError
from ..load.repository import read_located, validate
from ..model.portal import FILE, PortalConfig
from .manifest import FILE as MANIFEST
from .manifest import FORMAT
from .search import BUNDLE

ENTRY = "pagefind-entry.json"  # Pagefind's own description of a bundle: its version
TIMEOUT = 30  # seconds per request; a site that does not answer stops the build


@dataclass(frozen=True)
class Committee:
    name: str
    village: bool
    url: str  # its home page, absolute


@dataclass(frozen=True)
class Town:
    name: str
    committees: list[Committee]


@dataclass(frozen=True)
class Linked:
    """One 街道's (or 镇's) site as its ``gkl-site.json`` describes it."""

    url: str
    name: str
    towns: list[Town]
    search: list[str]  # tokens for the search box: "<site path>:<unit>" (theme/.../gongkailan.js)
    pagefind: str  # the version its indexes were built with
    line: int  # where data/portal.yml lists it


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return bytes(response.read())


def read_portal(root: Path, data_dir: str = "data") -> tuple[PortalConfig, Any, str]:
    """``data/portal.yml``, validated; (its model, its positions, its path as shown)."""
    path = root / data_dir / FILE
    shown = f"{data_dir}/{FILE}"
    errors = Collector()
    if not path.is_file():
        raise GongkailanError(
            f"没有 {shown}：门户网站要在这个文件里列出各街道、镇网站的网址（sites: 下每行一个“- url: 网址”）"
        )
    located = read_located(path, shown, errors)
    model = validate(PortalConfig, located, shown, errors) if located is not None else None
    errors.raise_if_any()
    assert model is not None and located is not None
    return model, located, shown


def _host(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def link_sites(config: PortalConfig, located: Any, shown: str, portal_url: str) -> list[Linked]:
    """Read each listed site's ``gkl-site.json`` and Pagefind version; every problem is named
    at its line of ``data/portal.yml``, all of them at once."""
    errors = Collector()
    if not portal_url:
        raise GongkailanError(
            "mkdocs.yml 没有写 site_url：门户要知道自己的网址，才能确认各街道、镇的网站与它在同一个域名下"
        )
    linked: list[Linked] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(config.sites):
        mark = located.mark(("sites", index, "url"))
        url = entry.url if entry.url.endswith("/") else entry.url + "/"

        def problem(message: str, hint: str) -> None:
            errors.add(shown, mark.line, mark.column, message, hint)  # noqa: B023 - used at once

        if _host(url)[0] not in ("http", "https") or not _host(url)[1]:
            problem(
                f"“{entry.url}”不是网站的网址",
                "写完整的网址，以 https:// 开头，例如 https://donghu.example.org/xingfu/",
            )
            continue
        if _host(url) != _host(portal_url):
            problem(
                f"{entry.url} 与门户（{portal_url}）不在同一个域名下",
                "居民手机上的搜索只向门户所在的域名取数据：请把各街道、镇的网站发布在同一个域名下的不同路径"
                "（例如 GitHub 组织的 <组织>.github.io/<仓库>/，或组织的自定义域名）",
            )
            continue
        if url in seen:
            problem(f"{entry.url} 重复列出（第一次在第 {seen[url]} 行）", "删除重复的一行")
            continue
        seen[url] = mark.line
        wanted = urljoin(url, MANIFEST)
        try:
            listing = json.loads(_fetch(wanted))
            wanted = urljoin(url, f"{BUNDLE}/{ENTRY}")
            entry_file = json.loads(_fetch(wanted))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = f"HTTP {exc.code}" if isinstance(exc, urllib.error.HTTPError) else str(getattr(exc, "reason", exc))
            problem(
                f"读不到 {wanted}（{reason}）",
                "检查网址是否写对、这个网站是否已经发布；网站要用有“门户”功能的公开栏版本生成过一次才有这个文件",
            )
            continue
        try:
            version = str(entry_file["version"]) if isinstance(entry_file, dict) else ""
            linked.append(_linked(url, listing, version, mark.line))
        except (KeyError, TypeError, ValueError):
            problem(f"{url} 的 {MANIFEST} 格式不对", "用与门户相同版本的公开栏重新生成这个街道、镇的网站")
    errors.raise_if_any()
    return linked


# What a site may name in its gkl-site.json: folders of its own (a committee's, or "" for its
# root), never another address: the portal links to them and fetches search indexes from them.
_FOLDER = re.compile(r"(?:[a-z0-9][a-z0-9_-]*/)?")
_BUNDLE = re.compile(rf"(?:[a-z0-9][a-z0-9_-]*/)?{BUNDLE}/")


def _linked(url: str, listing: Any, pagefind: str, line: int) -> Linked:
    """One site's listing, every value checked (KeyError, TypeError or ValueError when wrong)."""
    path = urlsplit(url).path
    if not isinstance(listing, dict) or listing.get("format") != FORMAT or ":" in path:
        raise ValueError(url)
    for town in listing["towns"]:
        for committee in town["committees"]:
            if not isinstance(committee["path"], str) or not _FOLDER.fullmatch(committee["path"]):
                raise ValueError(committee["path"])
    if not all(isinstance(b, str) and _BUNDLE.fullmatch(b) for b in listing["search"]) or not pagefind:
        raise ValueError(listing["search"])
    towns = [
        Town(
            str(t["name"]),
            [Committee(str(c["name"]), bool(c["village"]), urljoin(url, str(c["path"]))) for c in t["committees"]],
        )
        for t in listing["towns"]
    ]
    search = [f"{path}:{bundle[: -len(BUNDLE) - 1].rstrip('/')}" for bundle in listing["search"]]
    return Linked(url, str(listing["name"]), towns, search, pagefind, line)


def check_versions(linked: list[Linked], own: str, shown: str) -> None:
    """Every site's search index from the portal's Pagefind version: merged indexes of other
    versions fail in the browser."""
    errors = Collector()
    for site in linked:
        if site.pagefind != own:
            errors.add(
                shown,
                site.line,
                1,
                f"{site.url} 的搜索索引由 Pagefind {site.pagefind or '（版本不明）'} 生成，门户用的是 {own}，合在一起搜索会出错",
                "把这个网站的仓库和门户升级到同一版本的公开栏（requirements.txt 相同），重新发布这个网站后再生成门户",
            )
    errors.raise_if_any()


def portal_markdown(title: str, linked: list[Linked]) -> str:
    """The portal's one page: every 街道 and 镇 with its committees, 社区 before 村. Names come
    from other sites and are written as escaped HTML, never read as Markdown."""
    members = [c for site in linked for t in site.towns for c in t.committees]
    villages, communities = any(c.village for c in members), any(not c.village for c in members)
    words = "居务、村务" if villages and communities else ("村务" if villages else "居务")
    lines = [
        f"# {escape(title)}",
        "",
        f"各街道、镇的{words}公开网站。找到自己的社区或村，点名称进入；上方的搜索框一次搜索所有网站。",
        "",
    ]
    for site in linked:
        for town in site.towns:
            lines += [f"## {escape(town.name)}", ""]
            for village, word in ((False, "社区"), (True, "村")):
                links = [_link(c.url, c.name) for c in town.committees if c.village == village]
                if links:
                    lines += [f"- {word}：{'、'.join(links)}", ""]
        lines += [f"网站：{_link(site.url, site.name)}", ""]
    return "\n".join(lines)


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}">{escape(text)}</a>'
