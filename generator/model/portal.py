"""data/portal.yml: a city's portal that links the 街道's and 镇's own sites (generator/outputs/portal.py).

A city (区、县) whose 街道 no longer fit in one Pages site publishes each 街道 or 镇 from its
own repository and a portal from this one. The portal lists only where each site is; the
committees' names and search indexes come from the sites themselves (``gkl-site.json``).
"""

from __future__ import annotations

from pydantic import Field

from .record import Record, optional, text

FILE = "portal.yml"


class LinkedSite(Record):
    url: str = text(
        "网址",
        "街道或镇网站的首页网址，以 / 结尾，与门户在同一个域名下，例如 https://donghu.example.org/xingfu/",
        min_length=1,
    )


class PortalConfig(Record):
    """data/portal.yml: the portal of a city's separately published sites."""

    site_name: str | None = optional("门户名称", "显示在标题栏和浏览器标签上；不写时用 mkdocs.yml 的 site_name")
    sites: list[LinkedSite] = Field(title="各街道、镇的网站", min_length=1)
