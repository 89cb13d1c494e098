"""What the privacy code works out from a loaded site, once per site object.

A build asks for the same things in several places: the fingerprints, each page renderer, the
privacy gate of each unit build (forked after the fingerprints, so it finds them worked out) and
of the assembly. A loaded site is masked once when it is loaded and not changed after, so a value
worked out from it holds for the whole build.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..model.committee import Site

T = TypeVar("T")


class _PerSite:
    def __init__(self) -> None:
        self.site: weakref.ref[Site] | None = None
        self.values: dict[object, Any] = {}

    def get(self, site: Site, key: object, make: Callable[[], T]) -> T:
        if self.site is None or self.site() is not site:
            self.site, self.values = weakref.ref(site), {}
        if key not in self.values:
            self.values[key] = make()
        return self.values[key]  # type: ignore[no-any-return]


_PER_SITE = _PerSite()


def once(site: Site, key: object, make: Callable[[], T]) -> T:
    """``make()``, worked out the first time ``key`` is asked for with this ``site``."""
    return _PER_SITE.get(site, key, make)
