"""街道/镇 (data/jiedao.yml): who publishes a site of several committees, and their poster style.

A repository may hold one 街道's communities and a 镇's villages side by side: the file lists
each 街道 or 镇 once, with its own poster style and, per committee, the details its posters
print (name, footer, phone). A committee that no 街道 lists belongs to the one named at the end
of its profile's ``subdistrict``; when that names a 街道 or 镇 the file does not list, to that
one, with the default style (``implied``); else to the first of its level's kind (村 to a 镇 or
乡, 社区 to a 街道), else to the first listed, so that a committee dropped into data/ always loads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from .markers import OFFICE
from .profile import Contact
from .record import Record, optional, text

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document

FILE = "jiedao.yml"


class CommitteePoster(Record):
    """What one committee's posters print instead of the 街道's defaults."""

    name: str | None = optional("海报上的名称", "不写时用基本情况里的全称，例如 六合村村民委员会")
    footer: str | None = optional("页脚附加文字", "不写时用街道或镇的页脚，例如 六合村村务监督委员会监督")
    phone: str | None = optional(
        "联系电话", "不写时用街道或镇的电话，再不写用基本情况里第一个公开电话", json_schema_extra=OFFICE
    )


class PosterDetails(Record):
    """A 街道's or 镇's poster style; unset values fall back to data/posters.yml, then to defaults."""

    title: str | None = optional("标题栏文字", "不写时为“街道名 · 居务公开栏”（村为“村务公开栏”）")
    color: str | None = optional("标题栏底色", "深色的十六进制颜色，例如 #1d4e89；不写时用 posters.yml 的")
    logo: str | None = optional("标志图片", "放在 data/ 文件夹里的 PNG、JPG 或 SVG 文件名")
    footer: str | None = optional("页脚附加文字", "不写时为“办公机关统一监制”，例如 青山镇人民政府统一监制")
    phone: str | None = optional("联系电话", "海报上的电话；不写时用各委员会自己的", json_schema_extra=OFFICE)
    committees: dict[str, CommitteePoster] = text(
        "各委员会的海报信息",
        "键是委员会文件夹名（例如 liuhe），值里写 name、footer、phone",
        default_factory=dict,
    )


SubdistrictLevel = Literal["街道", "镇", "乡"]
OFFICE_SUFFIX = {"街道": "办事处", "镇": "人民政府", "乡": "人民政府"}


class Subdistrict(Record):
    name: str = text("名称", "例如 幸福街道、青山镇", min_length=1)
    level: SubdistrictLevel = text("类别", "街道、镇 或 乡")
    office: str | None = optional("机关全称", "不写时为“名称+办事处”（街道）或“名称+人民政府”（镇、乡）")
    committees: list[str] = text(
        "所辖委员会",
        "data/ 里委员会文件夹的名字，例如 xingfu；不写的委员会按基本情况的 subdistrict 归属",
        default_factory=list,
    )
    contacts: list[Contact] = text("公开联系方式", "街道或镇对外公开的电话、地址", default_factory=list)
    poster: PosterDetails = Field(default_factory=PosterDetails, title="海报样式")

    @property
    def office_name(self) -> str:
        return self.office or self.name + OFFICE_SUFFIX[self.level]

    @property
    def villages(self) -> bool:
        """A 镇 or 乡 usually holds villages, a 街道 communities (the default grouping)."""
        return self.level != "街道"


class SiteConfig(Record):
    """data/jiedao.yml: the whole site."""

    site_name: str | None = optional(
        "网站名称", "显示在首页标题栏和浏览器标签上，例如 东湖区居务村务公开；不写时用第一个街道或镇的名称加“基层公开”"
    )
    subdistricts: list[Subdistrict] = Field(title="街道和镇", min_length=1)

    @property
    def name(self) -> str:
        return self.site_name or self.subdistricts[0].name + "基层公开"


_PLACE = re.compile(r"(?:.*[省市区县旗])?(.+?(街道|镇|乡))$")


def implied(place: str) -> Subdistrict | None:
    """The 街道 or 镇 a profile's ``subdistrict`` names last (清河市东湖区白沙镇 → 白沙镇), for a
    committee that data/jiedao.yml does not cover; its posters claim no office's supervision."""
    found = _PLACE.match(place.strip())
    if found is None:
        return None
    return Subdistrict(name=found.group(1), level=found.group(2), poster=PosterDetails(footer=""))


def belongs_to(committees: Sequence[tuple[str, str, str]], config: SiteConfig) -> dict[str, int]:
    """Committee slug -> index of its 街道 or 镇 in ``config.subdistricts``.

    ``committees``: (folder name, the profile's ``subdistrict``, its ``level``) of each committee.
    One whose ``subdistrict`` names another 街道 or 镇 (``implied``) is left out.
    """
    out: dict[str, int] = {}
    for index, unit in enumerate(config.subdistricts):
        for slug in unit.committees:
            out.setdefault(slug, index)
    for slug, place, level in committees:
        if slug in out:
            continue
        named = [i for i, unit in enumerate(config.subdistricts) if place.endswith(unit.name)]
        if not named and implied(place) is not None:
            continue
        same_kind = [i for i, unit in enumerate(config.subdistricts) if unit.villages == (level == "村委会")]
        out[slug] = (named or same_kind or [0])[0]
    return out


def check(doc: Document[SiteConfig], slugs: list[str], errors: Collector) -> None:
    """Every committee the file names (by folder name, ``slugs``) exists, and each is listed under one 街道 or 镇 only."""
    known = "、".join(slugs) or "（还没有）"
    listed: dict[str, str] = {}
    for index, unit in enumerate(doc.model.subdistricts):
        for at, slug in enumerate(unit.committees):
            loc = ("subdistricts", index, "committees", at)
            if slug not in slugs:
                doc.error(
                    errors,
                    loc,
                    f"{unit.name}所辖的委员会“{slug}”不存在",
                    f"写 data/ 里委员会文件夹的名字：{known}；或者删掉这一行",
                )
            elif slug in listed:
                doc.error(
                    errors,
                    loc,
                    f"委员会“{slug}”已经列在{listed[slug]}下面",
                    "一个委员会只能属于一个街道或镇：删掉其中一处",
                )
            listed.setdefault(slug, unit.name)
        for slug in unit.poster.committees:
            if slug not in slugs:
                doc.error(
                    errors,
                    ("subdistricts", index, "poster", "committees", slug),
                    f"海报信息里的委员会“{slug}”不存在",
                    f"键写 data/ 里委员会文件夹的名字：{known}；或者删掉这一段",
                    key=True,
                )
