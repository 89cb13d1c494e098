"""A notice as one line of a list (the 公告公示 pages, the home page) and its 公示 status.

Python rather than Jinja macros: a committee's notice lists print every notice on two or three
pages, and the three nested macro calls per line were a quarter of rendering a site's pages.
Every value is printed as a template prints ``{{ value }}``: masked once more
(``privacy.masking.finalize``), then escaped. The templates call these as globals
(generator/site/templates.py).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from ..privacy.masking import finalize
from .markup import cn_date

if TYPE_CHECKING:
    from ..model.notices import Notice
    from ..privacy.takedown import Takedown
    from ..source.document import Document


def _out(value: Any) -> Markup:
    """What ``{{ value }}`` prints in a template."""
    return escape(finalize(value))


def status_badge(text: str | None) -> Markup:
    """公示中 / 公示期已结束 / 尚未开始 as a badge (nothing for a notice without a 公示期)."""
    if not text:
        return Markup("")
    tone = "open" if text == "公示中" else "closed" if text == "公示期已结束" else "pending"
    return Markup(f'<span class="gkl-status gkl-status--{_out(tone)}">{_out(text)}</span>')


def notice_status(notice: Notice, today: date, takedown: Takedown) -> Markup:
    """The badge, and the days left to object while the 公示 runs; 已撤下 for a list taken down."""
    if takedown.is_down(notice):
        return Markup('<span class="gkl-status gkl-status--closed">已撤下</span>')
    shown = _out(status_badge(notice.status(today)))
    left = notice.days_left(today)
    if left:
        shown = Markup(f'{shown} <strong class="gkl-days-left">{_out(left)}</strong>')
    return shown


def notice_item(doc: Document[Notice], url: str, today: date, takedown: Takedown, full_date: bool = False) -> Markup:
    """One ``<li>`` of a dated list: day, kind, status and the title linking to ``url``."""
    n = doc.model
    day = n.published_on
    when = _out(cn_date(day)) if full_date else Markup(f"{_out(day.month)}月{_out(day.day)}日")
    return Markup(
        f'<li data-kind="{_out(n.kind)}"><span class="gkl-meta"><time datetime="{_out(day.isoformat())}">{when}</time>'
        f" · {_out(n.kind)}</span> {_out(notice_status(n, today, takedown))}"
        f'<a class="gkl-notice-title" href="{_out(url)}">{_out(n.title)}</a></li>'
    )
