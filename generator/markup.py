"""Text from data turned into safe HTML: Markdown rendered, then sanitized with nh3.

Committee text may use Markdown, but raw HTML, scripts, event handlers and
``javascript:`` links never reach a page: nh3 (a maintained Rust sanitizer) keeps
only the tags and URL schemes listed here.
"""

from __future__ import annotations

import re
from datetime import date

import markdown as md
import nh3
from markupsafe import Markup, escape

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "code", "pre", "h3", "h4", "h5", "h6", "hr", "sup", "sub",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _demote_headings(html: str) -> str:
    # Data text sits under the page's own h1/h2: its headings start at h3.
    return re.sub(r"<(/?)h([12])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}", html)


def markdown_block(text: str | None) -> Markup:
    """Markdown from data as sanitized block HTML."""
    if not text:
        return Markup("")
    html = md.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return Markup(sanitize(_demote_headings(html)))


def markdown_inline(text: str | None) -> Markup:
    """Markdown from data as sanitized inline HTML (no wrapping paragraph)."""
    html = str(markdown_block(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~>])")


def md_text(value: object) -> Markup:
    """Plain data text placed into a Markdown line (a heading): escaped for HTML and Markdown."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(value)))))


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""
