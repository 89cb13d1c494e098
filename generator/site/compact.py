"""Finished pages without the theme's indentation: a fifth of a page's bytes, and none a reader sees.

Material's templates indent every line of the menu and leave blank lines between its
entries; on a phone those bytes are downloaded with each page. White space after a line
break is never shown by a browser (outside ``<pre>`` a run of white space reads as one
space, and the line break stays), so it is removed, except inside ``<pre>``, ``<textarea>``
and ``<script>``, where white space can matter.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t\r\n]+")  # ASCII white space only: a leading U+3000 or nbsp is shown


def compact_html(page: str) -> str:
    out: list[str] = []
    last = 0
    for kept in _KEEP.finditer(page):
        out.append(_INDENT.sub("\n", page[last : kept.start()]))
        out.append(kept.group())
        last = kept.end()
    out.append(_INDENT.sub("\n", page[last:]))
    return "".join(out)
