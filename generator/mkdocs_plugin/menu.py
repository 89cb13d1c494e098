"""The sidebar menu of every page in Python: Material's ``partials/nav-item.html`` macro, byte for byte.

Material renders the menu with a recursive Jinja macro, once per page: on a committee's site
that was about a fifth of a whole build's CPU (each item a macro call with its own context,
a dozen tests of ``features`` and a ``url`` filter call). This module writes the same HTML,
white space included, with string pieces copied from the macro: theme/partials/nav.html calls
``gkl_menu(item.render, nav_item, path)`` for each top-level item, and the macro itself
(``item.render``) stays the fallback for whatever this renderer was not written for:

- a ``nav-item.html`` other than the one below (another Material version, or a committee's
  own override in ``custom_dir``): its SHA-256 differs, so the macro renders every page;
- a Material feature this module does not know (a newer Material's): the macro renders;
- an item the renderer does not handle (an icon, a status or typeset title in a page's front
  matter, an encrypted page, a section without pages): the macro renders that page's menu.

Most of a page's menu does not depend on the page: an item off the page's path (not active)
is written the same on every page but for its links, which are relative to the page. Such an
item is written once per build and kept as the pieces between its links; a page joins the
pieces with its own relative links. Only the items on the page's path (the sections it is in
and its own entry, with its table of contents: Material's ``partials/toc.html``, rendered by
Jinja as the macro includes it) are written for each page.

``GKL_MENU_CHECK=1`` in the environment renders every menu both ways and stops the build at
the first difference (the test suite's build of the example does this for every page).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

from jinja2 import Environment, TemplateNotFound, pass_context
from jinja2.runtime import Context

from .engine import normalize_url, url_filter

MACRO = "partials/nav-item.html"
TOC = "partials/toc.html"
# Material 9.x's nav-item.html (9.7 to 9.8 at least), as the renderer below copies it.
MACRO_SHA256 = frozenset({"89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7"})
# The features nav-item.html reads: each one is handled below.
COVERED = frozenset(
    {"navigation.indexes", "navigation.tabs", "navigation.sections", "navigation.prune", "navigation.expand"}
)
# Material 9.x's other features: none of them changes what nav-item.html writes.
UNRELATED = frozenset(
    {
        "announce.dismiss",
        "content.action.edit",
        "content.action.view",
        "content.code.annotate",
        "content.code.copy",
        "content.code.select",
        "content.footnote.tooltips",
        "content.tabs.link",
        "content.tooltips",
        "header.autohide",
        "navigation.footer",
        "navigation.instant",
        "navigation.instant.prefetch",
        "navigation.instant.preview",
        "navigation.instant.progress",
        "navigation.path",
        "navigation.tabs.sticky",
        "navigation.top",
        "navigation.tracking",
        "search.highlight",
        "search.share",
        "search.suggest",
        "toc.follow",
        "toc.integrate",
    }
)
CHECK = "GKL_MENU_CHECK"


class _Unsupported(Exception):
    """Something in the menu this renderer does not write like the macro: the macro renders it."""


class MenuMismatch(Exception):
    """``GKL_MENU_CHECK``: the renderer and Material's macro wrote different menus for a page."""


def features_covered(features: Any) -> bool:
    """True when every feature is one this renderer handles or one that does not touch the menu."""
    return all(isinstance(f, str) and (f in COVERED or f in UNRELATED) for f in features or ())


def macro_is_known(env: Environment) -> bool:
    """True when ``env`` resolves nav-item.html to the macro this module copies (no override)."""
    if env.loader is None:
        return False
    try:
        source, _, _ = env.loader.get_source(env, MACRO)
    except TemplateNotFound:  # not Material: nothing to copy
        return False
    return hashlib.sha256(source.encode("utf-8")).hexdigest() in MACRO_SHA256


def install(env: Environment) -> None:
    """Offer ``gkl_menu`` to the theme's templates (theme/partials/nav.html), for this build's environment."""
    usable = macro_is_known(env) and env.filters.get("url") is url_filter and not env.is_async
    shared: dict[frozenset[str], _Shared] = {}  # per build and features: what every page's menu has in common
    covered: dict[tuple[Any, ...], bool] = {}
    checked = os.environ.get(CHECK) == "1"

    @pass_context
    def gkl_menu(context: Context, fallback: Callable[..., Any], nav_item: Any, path: str) -> str:
        page = context.get("page")
        features = context.get("features") or ()
        key = tuple(features)
        if key not in covered:
            covered[key] = features_covered(features)
        if not usable or not covered[key] or page is None:
            return str(fallback(nav_item, path, 1))
        chosen = frozenset(features)
        common = shared.get(chosen) or shared.setdefault(chosen, _Shared())
        try:
            html = _Menu(env, context, page, chosen, common).item(nav_item, path, 1, None)
        except _Unsupported:
            return str(fallback(nav_item, path, 1))
        if checked:
            expected = str(fallback(nav_item, path, 1))
            if html != expected:
                raise MenuMismatch(f"menu of {page.url!r} differs from Material's at {path}")
            COMPARED.append(page.url)
        return html

    env.globals["gkl_menu"] = gkl_menu


# Pages whose menu GKL_MENU_CHECK compared with Material's macro in this process (the tests read it).
COMPARED: list[str] = []


class _Shared:
    """The parts of one build's menus that are the same on every page, made once.

    ``titles``: an item's title block (render_content). ``closed``: an item that is not on the
    page's path (not active) is written the same on every page but for its links, which are
    relative to the page: its HTML is kept as the pieces between its links, and the links' targets.
    """

    def __init__(self) -> None:
        self.titles: dict[tuple[int, int], tuple[Any, Any, str]] = {}
        self.closed: dict[tuple[int, str, int, bool], tuple[Any, list[str] | None, list[_Link]]] = {}


class _Link:
    """A link's target, with what is needed to make it relative to a page quickly.

    ``parts`` holds the target's path segments when it is a plain relative path (``a/b/``: no
    scheme, no leading slash or ``#``, no ``.`` or ``..`` or empty segment, no ``?`` or
    backslash); MkDocs' ``url`` filter then gives what ``relative`` computes, the same
    arithmetic as its ``get_relative_url``. Any other target goes through the filter's own code.
    """

    __slots__ = ("parts", "slash", "target")

    def __init__(self, target: str) -> None:
        self.target = target
        self.slash = target.endswith("/")
        self.parts = _plain_parts(target) if target else None


def _plain_parts(path: str) -> list[str] | None:
    """The segments of a plain relative path (``a/b/`` gives a, b); None for anything else."""
    if path.startswith("/") or any(c in path for c in "\\:?#"):
        return None
    parts = path.split("/")
    if path.endswith("/"):
        parts.pop()
    if any(p in ("", ".", "..") for p in parts):
        return None
    return parts


_SLOT = "\x00"  # where a link goes in a kept item's HTML


class _Menu:
    """One page's menu: the macro's ``render`` and its helpers, with the macro's white space."""

    def __init__(
        self, env: Environment, context: Context, page: Any, features: frozenset[str], shared: _Shared
    ) -> None:
        self.env = env
        self.context = context
        self.page = page
        self.base = context.get("base_url", "")
        self.shared = shared
        self.titles = shared.titles
        self.recording: list[_Link] | None = None  # the links of the item being kept (``_keep``)
        self.keeping = True  # False while an item is written in full (being kept, or cannot be)
        self.indexes = "navigation.indexes" in features
        self.tabs = "navigation.tabs" in features
        self.sections = "navigation.sections" in features
        self.prune = "navigation.prune" in features
        self.expand = "navigation.expand" in features
        # The folder the page's links are relative to, as MkDocs' get_relative_url takes it.
        folder, _, name = page.url.rpartition("/")
        where = folder if "." in name else page.url
        self.folder = [] if where == "" else _plain_parts(where)

    def relative(self, link: _Link) -> str:
        """``link`` relative to the page, as the ``url`` filter writes it."""
        here, there = self.folder, link.parts
        if here is None or there is None:
            return normalize_url(link.target, page=self.page, base=self.base)
        common = 0
        for a, b in zip(here, there, strict=False):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
        return rel + "/" if link.slash else rel

    def url(self, value: Any) -> str:
        if self.recording is not None:
            self.recording.append(_Link(str(value)))
            return _SLOT
        # The ``url`` filter: relative to the page.
        return normalize_url(str(value), page=self.page, base=self.base)

    def title(self, item: Any) -> str:
        """render_title(item)."""
        if getattr(item, "typeset", None):
            raise _Unsupported
        return "\n  \n    " + str(item.title) + "\n  \n"

    def content(self, item: Any, ref: Any = None) -> str:
        """render_content(item, ref): the same for every page, so made once per build."""
        key = (id(item), id(ref))
        known = self.titles.get(key)
        if known is not None and known[0] is item and known[1] is ref:
            return known[2]
        meta = getattr(item, "meta", None)
        subtitle = ""
        if meta:
            if not isinstance(meta, dict) or meta.get("icon") or meta.get("status") or getattr(item, "encrypted", None):
                raise _Unsupported
            if meta.get("subtitle"):
                subtitle = "\n      <br>\n      <small>" + str(meta["subtitle"]) + "</small>\n    "
        html = (
            '\n  \n  \n  <span class="md-ellipsis">\n    '
            + self.title(ref or item)
            + "\n    "
            + subtitle
            + "\n  </span>\n  \n  \n"
        )
        self.titles[key] = (item, ref, html)
        return html

    def pruned(self, item: Any, ref: Any = None) -> str:
        """render_pruned(item, ref): a closed section, a link to its first page."""
        ref = ref or item
        first = item.children[0] if item.children else None
        if first is not None and first.children:
            return "\n  \n  \n  \n    " + self.pruned(first, ref) + "\n  \n"
        if first is None or getattr(first, "url", None) is None:
            raise _Unsupported  # Material would link to an undefined URL
        icon = '\n        <span class="md-nav__icon md-icon"></span>\n      ' if len(item.children) > 0 else ""
        return (
            '\n  \n  \n  \n    <a href="'
            + self.url(first.url)
            + '" class="md-nav__link">\n      '
            + self.content(ref)
            + "\n      "
            + icon
            + "\n    </a>\n  \n"
        )

    def item(self, item: Any, path: str, level: int, parent: Any) -> str:
        """render(nav_item, path, level, parent)."""
        o: list[str] = []
        self._item(item, path, level, parent, o)
        return "".join(o)

    def _item(self, item: Any, path: str, level: int, parent: Any, o: list[str]) -> None:
        page = self.page
        active = bool(getattr(item, "active", False))
        if not active and self.keeping and not getattr(item, "pages", None):
            # Not on the page's path: neither the page nor its active flags are in it, only links.
            self._kept(item, path, level, parent, o)
            return
        cls = "md-nav__item"
        o.append("\n  \n  ")
        if active:
            cls += " md-nav__item--active"
            o.append("\n    \n  ")
        o.append("\n  ")
        pages = getattr(item, "pages", None)
        if pages:
            o.append("\n    ")
            if page in pages:
                item = page
                o.append("\n      \n    ")
            o.append("\n  ")
        o.append("\n  ")
        children = item.children
        if children:
            self._section(item, children, active, path, level, parent, cls, o)
        elif item == page:
            self._current(item, path, level, parent, cls, o)
        else:
            url = getattr(item, "url", None)
            if url is None:
                raise _Unsupported  # a section without pages
            o.append('\n    <li class="')
            o.append(cls)
            o.append('">\n      <a href="')
            o.append(self.url(url))
            o.append('" class="md-nav__link">\n        ')
            o.append(self.content(item))
            o.append("\n      </a>\n    </li>\n  ")
        o.append("\n")

    def _kept(self, item: Any, path: str, level: int, parent: Any, o: list[str]) -> None:
        """An item off the page's path, from its HTML kept for the build; its links made for this page."""
        key = (id(item), path, level, parent is not None and bool(parent.active))
        known = self.shared.closed.get(key)
        if known is None or known[0] is not item:
            known = (item, *self._keep(item, path, level, parent))
            self.shared.closed[key] = known
        _, pieces, links = known
        if pieces is None:  # a title holds the slot character: written for each page
            self.keeping = False
            try:
                self._item(item, path, level, parent, o)
            finally:
                self.keeping = True
            return
        o.append(pieces[0])
        for link, piece in zip(links, pieces[1:], strict=True):
            o.append(self.relative(link))
            o.append(piece)

    def _keep(self, item: Any, path: str, level: int, parent: Any) -> tuple[list[str] | None, list[_Link]]:
        links: list[_Link] = []
        self.recording, self.keeping = links, False
        try:
            html = self.item(item, path, level, parent)
        finally:
            self.recording, self.keeping = None, True
        pieces = html.split(_SLOT)
        return (pieces if len(pieces) == len(links) + 1 else None), links

    def _section(
        self, item: Any, children: list[Any], active: bool, path: str, level: int, parent: Any, cls: str, o: list[str]
    ) -> None:
        o.append("\n    \n    ")
        index = None
        if self.indexes:
            o.append("\n      ")
            for child in children:
                o.append("\n        ")
                if index is None and getattr(child, "is_index", False):
                    index = child
                    o.append("\n          \n        ")
                o.append("\n      ")
            o.append("\n    ")
        o.append("\n    \n    ")
        is_section = False
        if self.tabs:
            o.append("\n      ")
            if level == 1 and active:
                cls += " md-nav__item--section"
                is_section = True
                o.append("\n        \n        \n      ")
            o.append("\n      ")
            if self.sections:
                o.append("\n        ")
                if level == 2 and parent.active:
                    cls += " md-nav__item--section"
                    is_section = True
                    o.append("\n          \n          \n        ")
                o.append("\n      ")
            o.append("\n    ")
        elif self.sections:
            o.append("\n      ")
            if level == 1:
                cls += " md-nav__item--section"
                is_section = True
                o.append("\n        \n        \n      ")
            o.append("\n    ")
        o.append("\n    ")
        is_pruned = False
        if self.prune:
            o.append("\n      ")
            if not is_section and not active:
                cls += " md-nav__item--pruned"
                is_pruned = True
                o.append("\n        \n        \n      ")
            o.append("\n    ")
        o.append('\n    <li class="')
        o.append(cls)
        o.append(' md-nav__item--nested">\n      ')
        if is_pruned:
            o.append("\n        ")
            o.append(self.pruned(item))
            o.append("\n      ")
            o.append("\n    </li>\n  ")
            return
        o.append("\n        \n        ")
        checked = "checked" if active else ""
        indeterminate = ""
        if self.expand and not checked:
            indeterminate = "md-toggle--indeterminate"
            o.append("\n          \n        ")
        o.append('\n        <input class="md-nav__toggle md-toggle ')
        o.append(indeterminate)
        o.append('" type="checkbox" id="')
        o.append(path)
        o.append('" ')
        o.append(checked)
        o.append(">\n        ")
        tabindex = "" if is_section else "0"
        if index is None:
            o.append('\n          \n          <label class="md-nav__link" for="')
            o.append(path)
            o.append('" id="')
            o.append(path)
            o.append('_label" tabindex="')
            o.append(tabindex)
            o.append('">\n            ')
            o.append(self.content(item))
            o.append('\n            <span class="md-nav__icon md-icon"></span>\n          </label>\n        ')
        else:
            link = "md-nav__link--active" if index == self.page else ""
            o.append('\n          \n          <div class="md-nav__link md-nav__container">\n            <a href="')
            o.append(self.url(index.url))
            o.append('" class="md-nav__link ')
            o.append(link)
            o.append('">\n              ')
            o.append(self.content(index, item))
            o.append("\n            </a>\n            ")
            if len(children) > 1:
                o.append('\n              \n              <label class="md-nav__link ')
                o.append(link)
                o.append('" for="')
                o.append(path)
                o.append('" id="')
                o.append(path)
                o.append('_label" tabindex="')
                o.append(tabindex)
                o.append(
                    '">\n                <span class="md-nav__icon md-icon"></span>\n              </label>\n            '
                )
            o.append("\n          </div>\n        ")
        o.append('\n        <nav class="md-nav" data-md-level="')
        o.append(str(level))
        o.append('" aria-labelledby="')
        o.append(path)
        o.append('_label" aria-expanded="')
        o.append("true" if active else "false")
        o.append('">\n          <label class="md-nav__title" for="')
        o.append(path)
        o.append('">\n            <span class="md-nav__icon md-icon"></span>\n            ')
        o.append(self.title(item))
        o.append('\n          </label>\n          <ul class="md-nav__list" data-md-scrollfix>\n            ')
        for number, child in enumerate(children, 1):
            o.append("\n              ")
            if index is None or child != index:
                o.append("\n                ")
                self._item(child, f"{path}_{number}", level + 1, item, o)
                o.append("\n              ")
            o.append("\n            ")
        o.append("\n          </ul>\n        </nav>\n      ")
        o.append("\n    </li>\n  ")

    def _current(self, item: Any, path: str, level: int, parent: Any, cls: str, o: list[str]) -> None:
        """The page's own entry, with its table of contents."""
        page = self.page
        toc = page.toc
        o.append('\n    <li class="')
        o.append(cls)
        o.append('">\n      \n      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n      ')
        first = next(iter(toc), None)
        o.append("\n      ")
        if first and first.level == 1:
            toc = first.children
            o.append("\n        \n      ")
        o.append("\n      ")
        if toc:
            o.append('\n        <label class="md-nav__link md-nav__link--active" for="__toc">\n          ')
            o.append(self.content(item))
            o.append('\n          <span class="md-nav__icon md-icon"></span>\n        </label>\n      ')
        o.append('\n      <a href="')
        o.append(self.url(item.url))
        o.append('" class="md-nav__link md-nav__link--active">\n        ')
        o.append(self.content(item))
        o.append("\n      </a>\n      ")
        if toc:
            o.append("\n        ")
            o.append(self._toc(item, path, level, parent, cls, toc, first))
            o.append("\n      ")
        o.append("\n    </li>\n  ")

    def _toc(self, item: Any, path: str, level: int, parent: Any, cls: str, toc: Any, first: Any) -> str:
        """``{% include "partials/toc.html" %}`` as the macro does it: with the macro's variables."""
        template = self.env.get_template(TOC, MACRO)
        names = {
            "nav_item": item,
            "path": path,
            "level": level,
            "parent": parent if parent is not None else self.env.undefined(name="parent"),
            "class": cls,
            "toc": toc,
            "first": first,
        }
        return "".join(template.root_render_func(template.new_context(self.context.get_all(), True, names)))
