"""The words a page uses for its committee's level: 村 or 社区, 村民 or 居民, 村务 or 居务.

One place holds them, so that a village's pages never say 本社区 or 居务公开. Templates
see the dict of the page's committee as ``w`` (``{{ w.本社区 }}收入``); Python code asks
``words(level)``.
"""

from __future__ import annotations

from typing import Literal

Level = Literal["社区居委会", "村委会"]

COMMUNITY: dict[str, str] = {
    "社区": "社区",
    "本社区": "本社区",
    "居民": "居民",
    "居务": "居务",
    "居委会": "居委会",
    "居民委员会": "居民委员会",
    "监督委员会": "居务监督委员会",
    "居民会议": "居民会议",
    "居民代表会议": "居民代表会议",
    "居民小组": "居民小组",
    "办公室": "社区办公室",
    "简介": "社区简介",
    "街道": "街道",
    "辖区": "辖区范围",
    "公开栏": "居务公开栏",
    "公开目录": "居务公开目录",
}

VILLAGE: dict[str, str] = {
    "社区": "村",
    "本社区": "本村",
    "居民": "村民",
    "居务": "村务",
    "居委会": "村委会",
    "居民委员会": "村民委员会",
    "监督委员会": "村务监督委员会",
    "居民会议": "村民会议",
    "居民代表会议": "村民代表会议",
    "居民小组": "村民小组",
    "办公室": "村委会办公室",
    "简介": "村情简介",
    "街道": "乡镇",
    "辖区": "村域范围",
    "公开栏": "村务公开栏",
    "公开目录": "村务公开目录",
}

_BY_LEVEL: dict[str, dict[str, str]] = {"社区居委会": COMMUNITY, "村委会": VILLAGE}


def words(level: str) -> dict[str, str]:
    """The vocabulary of one level (an unknown level cannot reach here: the profile model refuses it)."""
    return _BY_LEVEL[level]


# Words that only one level uses, and what the other level says instead: the level checks of
# rosters and notices name the right word in their fix.
VILLAGE_ONLY_BODIES = {
    "村委会": "居委会",
    "村民小组": "居民小组",
    "村民代表": "居民代表",
    "民主理财小组": "",
    "村集体经济组织": "",
}
COMMUNITY_ONLY_BODIES = {"居委会": "村委会", "居民小组": "村民小组", "居民代表": "村民代表"}
VILLAGE_ONLY_ELECTIONS = {
    "村民代表会议选举": "居民代表会议选举",
    "村民会议选举": "居民会议选举",
    "村民小组会议推选": "居民小组会议推选",
}
COMMUNITY_ONLY_ELECTIONS = {
    "居民代表选举": "村民代表会议选举",
    "居民代表会议选举": "村民代表会议选举",
    "居民会议选举": "村民会议选举",
    "居民小组会议推选": "村民小组会议推选",
}
VILLAGE_ONLY_MEETINGS = {"村民会议": "居民会议", "村民代表会议": "居民代表会议"}
COMMUNITY_ONLY_MEETINGS = {"居民会议": "村民会议", "居民代表会议": "村民代表会议"}


def foreign_word(level: str, value: str, village_only: dict[str, str], community_only: dict[str, str]) -> str | None:
    """When ``value`` belongs to the other level: the word this level uses instead ("" when none)."""
    wrong = community_only if level == "村委会" else village_only
    return wrong.get(value)
