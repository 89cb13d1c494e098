"""The two example committees in data/: 幸福里社区 (monthly accounts) and 六合村 (a village, quarterly)."""

from __future__ import annotations

from generator.model.committee import Committee, Site


def community(site: Site) -> Committee:
    return next(c for c in site.committees if c.slug == "xingfu")


def village(site: Site) -> Committee:
    return next(c for c in site.committees if c.slug == "liuhe")
