"""The one Jinja2 environment over ``generator/templates/``, for site pages and posters alike.

Autoescape is on, undefined names are errors, and privacy's ``finalize`` masks every value a
template prints, so a template that builds text from data cannot show a personal number,
whether it becomes a page or a wall poster.
"""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup

from ..model.money import yuan
from ..privacy import masking as privacy
from . import finance_site
from .markup import cn_date, markdown_block, markdown_inline, md_text

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    finalize=privacy.finalize,
)

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)


def size_tables(html: Markup) -> Markup:
    """Smaller type for tables with many columns, so a row still fits a poster's width.

    A 12-column table at full poster size wraps every cell to one character per line.
    """

    def tag(match: re.Match[str]) -> str:
        first = _ROW.search(match.group(1))
        columns = len(re.findall(r"<t[hd][\s>]", first.group(1))) if first else 0
        size = "wider" if columns > 9 else "wide" if columns > 6 else ""
        return f'<table class="{size}">{match.group(1)}</table>' if size else match.group(0)

    return Markup(_TABLE.sub(tag, str(html)))


ENV.filters.update(
    yuan=yuan, md=markdown_block, mdi=markdown_inline, mdt=md_text, cn_date=cn_date, size_tables=size_tables
)
finance_site.install(ENV)  # 大写, charts, open-data links, budgets and funds
