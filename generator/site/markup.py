"""Text from data turned into safe HTML: Markdown rendered, then sanitized with nh3.

Committee text may use Markdown, but raw HTML, scripts, event handlers and
``javascript:`` links never reach a page: nh3 (a maintained Rust sanitizer) keeps
only the tags and URL schemes listed here.

Raw HTML typed into a Markdown field is shown as text, escaped, never interpreted: a
sanitizer that drops an unclosed ``<style>`` or ``<script>`` drops everything after it too,
so reviewers would read text in the YAML that the site silently hides. Showing ``<b>`` as
typed loses nothing and needs no error; the same holds for Markdown images (``![图](x)``),
which would lose their words once the sanitizer removes ``<img>``, and reference definitions
(``[1]: …``), which Markdown removes from the text: both show as typed.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from typing import TYPE_CHECKING, Any

import nh3
from markupsafe import Markup, escape

from ..privacy.masking import escape_masks_for_markdown, mask_html

if TYPE_CHECKING:
    import markdown as md

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
        attribute_filter=_url_filter,
    )


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]+")


def _url_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop a link whose scheme is not allowed once blanks and control characters are gone.

    nh3 already refuses ``javascript:`` and entity-encoded forms; a scheme broken by spaces
    or invisible characters (``java  script:``) is inert in today's browsers, but is dropped
    too rather than trusted to every browser's URL parser.
    """
    if attribute in ("href", "src"):
        found = _SCHEME.match(_URL_NOISE.sub("", value).lower())
        if found and found.group(1) not in _SCHEMES:
            return None
    return value


def _demote_headings(html: str) -> str:
    # Data text sits under the page's own h1/h2: its headings start at h3.
    return re.sub(r"<(/?)h([12])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}", html)


# Python-Markdown passes raw HTML through by design; without these processors it escapes it.
# A reference definition line ("[1]: 说明") vanishes from the output: it is shown as typed.
_RAW_HTML = (("preprocessors", "html_block"), ("inlinePatterns", "html"), ("parser.blockprocessors", "reference"))
_IMAGES = ("image_link", "image_reference", "short_image_ref")


def _renderer() -> md.Markdown:
    import markdown as md  # only when a text is more than plain paragraphs (never in `check`)

    renderer = md.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    for registry, name in _RAW_HTML:
        owner: object = renderer
        for part in registry.split("."):
            owner = getattr(owner, part)
        owner.deregister(name)  # type: ignore[attr-defined]
    for name in _IMAGES:
        renderer.inlinePatterns.deregister(name)
    return renderer


_RENDERERS = threading.local()  # one configured Markdown per thread, reset between texts


# What Markdown would only cut into paragraphs: no character that starts Markdown syntax
# (emphasis, code, links, escapes, entities, tags, tables, headings, quotes), no line that
# starts or ends with white space (a code block, a hard break, text Markdown strips) or starts
# with a list or rule marker, and no control character.
_SYNTAX = re.compile(r"[\\`*_\[\]<>&#+|=~!{}\x00-\x09\x0b-\x1f\x7f]|^[^\S\n]|[^\S\n]$|^-|^\d+[.)]", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n{2,}")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of ``text`` when it is plain paragraphs (most data text), else None.

    Such text needs no escaping and no parsing: each paragraph becomes ``<p>…</p>``, lines kept.
    tests/test_properties.py holds this to Python-Markdown's own output.
    """
    if _SYNTAX.search(text):
        return None
    paragraphs = _PARAGRAPH_BREAK.split(text.strip("\n"))
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)


def render_markdown(text: str) -> str:
    """Markdown to HTML with raw HTML escaped as text (see the module docstring)."""
    plain = _plain_paragraphs(text)
    return plain if plain is not None else _markdown(text)


def _markdown(text: str) -> str:
    """``text`` through Python-Markdown."""
    # Setting up a Markdown instance costs more than converting a typical field.
    renderer: md.Markdown | None = getattr(_RENDERERS, "renderer", None)
    if renderer is None:
        renderer = _RENDERERS.renderer = _renderer()
    try:
        return renderer.convert(text)
    finally:
        renderer.reset()


_EMPTY_LINK = re.compile(r'<a ([^>]*?)href="([^"]*)"([^>]*)></a>')


def _fill_empty_links(html: str) -> str:
    # ``[](地址)`` is a link nobody can see: its target becomes its text, so nothing typed is hidden.
    return _EMPTY_LINK.sub(lambda m: f'<a {m.group(1)}href="{m.group(2)}"{m.group(3)}>{m.group(2)}</a>', html)


def markdown_block(text: str | None) -> Markup:
    """Markdown from data as sanitized block HTML."""
    if not text:
        return Markup("")
    # Masks already in the text (138****8000) must not turn into bold; numbers that only
    # appear once Markdown and entities are resolved (13800&#49;38000) are masked after.
    text = escape_masks_for_markdown(text)
    html = _plain_paragraphs(text)
    if html is None or "\xa0" in html:
        html = sanitize(_fill_empty_links(_demote_headings(render_markdown(text))))
    # else: paragraphs of text without <, > or &, which the sanitizer leaves as they are (it
    # writes a no-break space as &nbsp;); tests/test_properties.py holds it to that.
    masked = mask_html(html)
    # Joining digits may have dropped a tag that had a partner: sanitizing again rebalances.
    return Markup(html if masked == html else sanitize(masked))


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


# A clock time (8:30, 8：30, 8点30), then a dash, tilde or 至/到, then another: a phone breaks
# "8:30-17:30" after the hyphen, and "8:30至17:30" at either side of 至.
_TIME_RANGE = re.compile(r"\d{1,2}[:：点]\d{2}\s*[-‐‑–—―－~～〜至到]{1,2}\s*\d{1,2}[:：点]\d{2}")
_TAG_OR_RANGE = re.compile(rf"(<[^>]*>)|({_TIME_RANGE.pattern})")


def keep_times(value: object) -> Markup:
    """Text (or HTML) with every time range kept on one line, as editors type office hours.

    Done where the text is shown, not in the data: the YAML keeps what the editor typed.
    Tags are passed over, so the filter also serves rendered Markdown.
    """
    html = str(value if isinstance(value, Markup) else escape(value))
    return Markup(_TAG_OR_RANGE.sub(lambda m: m.group(1) or f'<span class="gkl-nowrap">{m.group(2)}</span>', html))


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def html_title(title: str) -> str:
    """A title from data as MkDocs needs it: MkDocs and Material treat titles as HTML.

    Page titles (front matter) and navigation titles are printed unescaped by the theme
    (``<title>``, the header, the navigation), so text from data is escaped here.
    """
    return str(escape(title))


def escape_nav_titles(nav: list[Any]) -> list[Any]:
    """The generated navigation with every title escaped (see ``html_title``)."""
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            out.append({html_title(k): escape_nav_titles(v) if isinstance(v, list) else v for k, v in item.items()})
        else:
            out.append(item)
    return out
