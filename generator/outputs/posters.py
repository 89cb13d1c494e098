"""Wall posters (PDF) for the 公开栏: rules, notices and one-page finance summaries.

One style for the whole 街道, set in ``data/posters.yml``; every committee's posters come
out of the same templates (``templates/poster*.html.j2``), in A4 and A3 portrait.

Engine: WeasyPrint. Headless Chromium was tried first, but Skia (its PDF backend) writes
the CFF-outline Noto CJK fonts that Debian ships as nameless Type 3 fonts; WeasyPrint
embeds them as real subset CID fonts (``CID Type 0C``) with a ToUnicode map, so the text
copies and ``pdftotext`` gives back the source. It also implements CSS paged media (running
footer on every sheet, page counters, break control), needs no browser process, and
renders a poster in about a third of a second. The logo and QR code are inlined as data:
URIs, the poster's own fonts are handed over by the URL fetcher (``poster_fonts``), and the
renderer may load nothing else, neither files nor network (``_fetcher``).
Finished PDFs are cached by their HTML (``PdfCache``); new ones are printed on all cores.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from markupsafe import Markup, escape
from pydantic import ValidationError, field_validator

from ..errors import Collector, DataErrors, GongkailanError
from ..load.repository import read_located
from ..model.committee import Committee, Site
from ..model.markers import OFFICE
from ..model.notices import NoticeKind
from ..model.record import Record, optional, text, translate
from ..model.subdistrict import CommitteePoster, Subdistrict
from ..model.wording import words
from ..privacy import masking as privacy
from ..privacy.masking import protect_model, publishing
from ..site.pages import url_of

if TYPE_CHECKING:
    # The page renderer and its templates are imported where posters are made, not by
    # ``check`` (which reads the poster style from here with the data).
    from ..site.render import Renderer

# INFO, not WARNING: the site is built with strict: true, where a warning fails the build.
log = logging.getLogger("mkdocs.plugins.gongkailan.posters")

CONFIG_FILE = "posters.yml"
RULES = "规章制度"
FINANCE = "财务公开"
PosterKind = Literal["规章制度", "财务公开", NoticeKind]  # type: ignore[valid-type]
Size = Literal["A4", "A3"]


@dataclass(frozen=True)
class Sheet:
    """How a poster is laid out on one paper size.

    A3 is not A4 blown up by √2 (which only makes the same text bigger): its type grows by
    a fifth, to be read from further away, and a rule runs in two columns, so that a sheet
    holds half as much again as an A4 one.
    """

    type: float  # type sizes, as a multiple of A4's (body 20 pt)
    length: float  # margins, rules, QR code
    columns: int  # columns of a rule's articles


SHEETS: dict[str, Sheet] = {"A4": Sheet(1.0, 1.0, 1), "A3": Sheet(1.2, 1.25, 2), "A5": Sheet(1.0, 1.0, 1)}
BOOKLET = "poster_booklet.html.j2"
BOOKLET_SIZES = ("A4", "A5")  # a booklet is read in the hand, not on the wall
BOOKLET_SLUG = "zhidu-huibian"
# Tighter steps (type and spacing) tried when a rule's last sheet would hold one or two articles.
FITS = (1.0, 0.93, 0.87)
LONELY = 2  # at most this many articles on a last sheet counts as lonely
ALL_KINDS: list[str] = [RULES, FINANCE, *NoticeKind.__args__]  # type: ignore[attr-defined]
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# A finance summary must stay on one sheet: beyond this many categories per side the
# smallest are added up into one "其他" row.
MAX_CATEGORIES = 8


class PosterStyle(Record):
    """The posters' common settings (data/posters.yml); each 街道's or 镇's own style, and each
    committee's details, are in data/jiedao.yml (generator/model/subdistrict.py) and win over these."""

    title: str = text("标题栏文字", "例如 幸福街道 · 居务公开栏", default="居务公开栏", min_length=1)
    color: str = text("标题栏底色", "深色的十六进制颜色，例如 #9b1c1c；标题栏文字为白色", default="#9b1c1c")
    logo: str | None = optional("标志图片", "放在 data/ 文件夹里的 PNG、JPG 或 SVG 文件名，例如 jiedao-logo.svg")
    footer: str | None = optional("页脚附加文字", "例如 幸福街道办事处监制")
    phone: str | None = optional("联系电话", "不写时用各委员会基本情况里第一个公开电话", json_schema_extra=OFFICE)
    kinds: list[PosterKind] = text(  # type: ignore[valid-type]
        "可以做成海报的内容",
        "规章制度、财务公开，以及公告的类别（公告、公示、救助名单等）；不写表示全部",
        default_factory=lambda: list(ALL_KINDS),
        min_length=1,
    )
    sizes: list[Size] = text("纸张", "A4、A3，可只写一种", default_factory=lambda: ["A4", "A3"], min_length=1)
    wall_days: int = text(
        "公示期过后还留在墙上的天数",
        "网站只为还能贴在公开栏上的公告做海报：公示期内的，和公示期（没有公示期的按发布日期）过后这么多天以内的",
        default=30,
        ge=0,
    )
    wall_periods: int = text(
        "贴在墙上的财务期数",
        "网站只为最近这么多期财务做海报；别的可以用 gongkailan posters --all 生成",
        default=3,
        ge=1,
    )

    @field_validator("color")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _HEX.match(value):
            raise ValueError(f"颜色“{value}”的写法不对，请写成 # 加六位十六进制数，例如 #9b1c1c")
        if contrast(value, "#ffffff") < 4.5:
            raise ValueError(
                f"颜色“{value}”太浅：标题栏上的白字看不清，黑白打印时也会发灰。请换深一些的颜色，例如 #9b1c1c"
            )
        return value


def _luminance(color: str) -> float:
    digits = color[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio; luminance is also what a black-and-white printer keeps."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class LoadedStyle:
    style: PosterStyle
    logo_path: Path | None
    data_dir: Path


@dataclass(frozen=True)
class Look:
    """What one committee's posters print: its 街道's style with its own name, footer and phone."""

    title: str
    color: str
    logo_path: Path | None
    footer: str | None
    phone: str | None
    name: str


def look_for(loaded: LoadedStyle, unit: Subdistrict | None, committee: Committee) -> Look:
    """jiedao.yml's committee details, then its 街道's style, then posters.yml, then defaults."""
    base = loaded.style
    style = unit.poster if unit else None
    own = style.committees.get(committee.slug, CommitteePoster()) if style else CommitteePoster()
    profile = committee.profile.model
    w = words(profile.level)
    explicit = base.model_fields_set
    title = (style.title if style and style.title else None) or (base.title if "title" in explicit else None)
    if title is None:
        title = f"{unit.name} · {w['公开栏']}" if unit else w["公开栏"]
    footer = own.footer or (style.footer if style else None) or base.footer
    if footer is None and unit is not None and not (style and style.footer == ""):
        footer = f"{unit.office_name}统一监制"  # footer: "" says no office supervises (subdistrict.implied)
    logo = loaded.logo_path
    if style is not None and style.logo:
        logo = (loaded.data_dir / style.logo).resolve()
    phone = own.phone or (style.phone if style else None) or _phone(base, committee)
    return Look(title, (style.color if style else None) or base.color, logo, footer, phone, own.name or profile.name)


def check_against(loaded: LoadedStyle, site: Site) -> None:
    """Each 街道's poster colour and logo in data/jiedao.yml are usable. Raise DataErrors.

    (The committees it names are checked with the data: generator/model/subdistrict.py.)"""
    errors = Collector()
    if site.config is not None:
        doc = site.config
        for index, unit in enumerate(doc.model.subdistricts):
            loc = ("subdistricts", index, "poster")
            if unit.poster.color is not None:
                try:
                    PosterStyle._hex(unit.poster.color)
                except ValueError as wrong:
                    doc.error(errors, (*loc, "color"), str(wrong))
            if unit.poster.logo is not None:
                unusable = _logo_problem(loaded.data_dir, unit.poster.logo)
                if unusable:
                    doc.error(errors, (*loc, "logo"), *unusable)
    errors.raise_if_any()


def _logo_problem(folder: Path, logo: str) -> tuple[str, str] | None:
    """Why a logo file cannot be used, as (message, fix); None when it can."""
    candidate = (folder / logo).resolve()
    if not candidate.is_relative_to(folder.resolve()):
        return "标志图片必须放在 data/ 文件夹里", "logo 只写文件名，例如 logo.svg"
    if candidate.suffix.lower() not in (".png", ".jpg", ".jpeg", ".svg"):
        return f"标志图片“{logo}”不是 PNG、JPG 或 SVG", "请换成这三种格式之一"
    if not candidate.is_file():
        return f"找不到标志图片“{logo}”", f"请把图片放到 {folder.name}/ 文件夹里"
    return None


def load_style(root: Path, data_dir: str = "data") -> LoadedStyle:
    """Read and check data/posters.yml (defaults when it is absent); raise DataErrors."""
    folder = root / data_dir
    path = folder / CONFIG_FILE
    if not path.exists() and (folder / "posters.yaml").exists():
        path = folder / "posters.yaml"  # .yaml is read like .yml everywhere in data/
    # A link out of data/ is never read; load_site reports it (repository._readable_inside).
    if not path.is_file() or not path.resolve().is_relative_to(folder.resolve()):
        return LoadedStyle(PosterStyle(), None, folder)
    shown = f"{data_dir}/{path.name}"
    errors = Collector()
    located = read_located(path, shown, errors)
    style: PosterStyle | None = None
    if located is not None:
        try:
            style = PosterStyle.model_validate(located.data)
            # Personal numbers are masked here as in every other data file (generator/privacy/masking.py).
            style = cast(PosterStyle, protect_model(style, frozenset()))
        except ValidationError as exc:
            errors.extend(translate(exc, shown, located, PosterStyle))
    logo: Path | None = None
    if style is not None and located is not None and style.logo:
        mark = located.mark(("logo",))
        problem = _logo_problem(folder, style.logo)
        if problem:
            errors.add(shown, mark.line, mark.column, problem[0], problem[1].replace(folder.name + "/", data_dir + "/"))
        else:
            logo = (folder / style.logo).resolve()
    errors.raise_if_any()
    assert style is not None
    return LoadedStyle(style, logo, folder)


def page_address(site_url: str, src: str, use_directory_urls: bool = True) -> str:
    """The page's full address, which the QR code carries."""
    rel = url_of(src)
    if not use_directory_urls:
        rel = src[: -len(".md")] + ".html"
    return site_url.rstrip("/") + "/" + rel


@dataclass
class Poster:
    """One poster: a record page that may go on the wall, in every configured size."""

    template: str
    kind: str  # 规章制度, 财务公开 or the notice's kind
    src: str  # the page's Markdown source path
    stem: str  # output path without size and suffix, e.g. xingfu/rules/jumin-gongyue
    title: str
    url: str
    committee: Committee
    context: dict[str, Any] = field(default_factory=dict)
    public: frozenset[str] = frozenset()  # numbers the committees declared public, left unmasked
    sizes: tuple[str, ...] | None = None  # None: the style's sizes
    unit: Subdistrict | None = None  # the committee's 街道 or 镇, whose style it wears

    def sizes_in(self, style_sizes: Iterable[str]) -> list[str]:
        return list(self.sizes) if self.sizes else list(style_sizes)

    def filename(self, size: str) -> str:
        return f"{self.stem}-{size}.pdf"

    def download_name(self, size: str) -> str:
        # What the resident's browser saves: the title, not the slug.
        safe = re.sub(r'[\\/:*?"<>|\s]+', "-", self.title).strip("-")
        return f"{safe}-{size}.pdf"


def on_wall(notice: Any, today: date, days: int) -> bool:
    """A notice can be on a wall board now: in its 公示期 or at most ``days`` past it.

    A notice without a 公示期 counts from its publication date; one dated later is about to go up.
    """
    last = notice.closes_on or notice.published_on  # closes_on counts working days too (model/workdays.py)
    return (today - last).days <= days


def plan(
    renderer: Renderer,
    style: PosterStyle,
    site_url: str,
    use_directory_urls: bool = True,
    everything: bool = False,
) -> list[Poster]:
    """The posters the style allows, in site order. Repealed rules never go on the wall.

    By default only what can be on a wall board on ``renderer.today``: rules in force, notices
    in or recently past their 公示期 and the latest accounts periods (``wall_days``,
    ``wall_periods``); ``everything`` adds every other notice and period (on demand).
    """
    allowed = set(style.kinds)
    posters: list[Poster] = []
    today = renderer.today

    def add(committee: Committee, template: str, kind: str, section: str, slug: str, title: str, **ctx: Any) -> None:
        src = renderer.paths(committee).record(section, slug)
        url = page_address(site_url, src, use_directory_urls)
        stem = f"{committee.slug}/{section}/{slug}"
        unit = renderer.site.subdistrict(committee)
        posters.append(Poster(template, kind, src, stem, title, url, committee, ctx, renderer.public, None, unit))

    for c in renderer.site.committees:
        if RULES in allowed:
            in_force = [doc for doc in c.rules if doc.model.status == "有效"]
            for doc in in_force:
                add(c, "poster_rule.html.j2", RULES, "rules", doc.slug, doc.model.title, rule=doc.model)
            if in_force:
                # 制度汇编: every rule in force in one booklet, linked from the rules index page.
                src = renderer.paths(c).section("rules")
                name = c.profile.model.name
                posters.append(
                    Poster(
                        BOOKLET,
                        RULES,
                        src,
                        f"{c.slug}/rules/{BOOKLET_SLUG}",
                        f"{name}规章制度汇编",
                        page_address(site_url, src, use_directory_urls),
                        c,
                        {"rules": in_force},
                        renderer.public,
                        BOOKLET_SIZES,
                        renderer.site.subdistrict(c),
                    )
                )
        for notice_doc in c.notices:
            notice = notice_doc.model
            # A person list past its take-down date leaves the wall with its page (privacy/takedown.py).
            if (
                notice.kind in allowed
                and not renderer.takedown.is_down(notice)
                and (everything or on_wall(notice, today, style.wall_days))
            ):
                add(c, "poster_notice.html.j2", notice.kind, "notices", notice_doc.slug, notice.title, notice=notice)
        if FINANCE in allowed:
            ledgers = sorted(c.ledgers, key=lambda d: d.model.period.start)
            for ledger_doc in ledgers if everything else ledgers[-style.wall_periods :]:
                ledger = ledger_doc.model
                add(
                    c,
                    "poster_finance.html.j2",
                    FINANCE,
                    "finance",
                    ledger_doc.slug,
                    f"{ledger.period.label}财务收支公开",
                    ledger=ledger,
                    income=_capped(ledger.by_category(ledger.income)),
                    expense=_capped(ledger.by_category(ledger.expense)),
                )
    return posters


class UnknownPoster(GongkailanError):
    """A record asked for by id that has no poster; the message is for the editor."""


def select(posters: list[Poster], wanted: list[str]) -> list[Poster]:
    """The posters named by record id: the file name (dibao-gongshi), or with its folders
    (notices/dibao-gongshi, xingfu/notices/dibao-gongshi)."""
    chosen: list[Poster] = []
    for name in wanted:
        key = name.strip("/").removesuffix(".yml").removesuffix(".yaml")
        found = [p for p in posters if p.stem == key or p.stem.endswith("/" + key)]
        if not found:
            raise UnknownPoster(
                f"找不到“{name}”的海报：请写记录的文件名（不带 .yml），例如 2026-05-11-dibao-gongshi；"
                "废止的规章和未列在 posters.yml 的 kinds 里的类别不做海报"
            ).during("海报没有生成")
        chosen.extend(p for p in found if p not in chosen)
    return chosen


def _capped(rows: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
    if len(rows) <= MAX_CATEGORIES:
        return rows
    kept, rest = rows[: MAX_CATEGORIES - 1], rows[MAX_CATEGORIES - 1 :]
    return [*kept, (f"其他 {len(rest)} 类", sum((amount for _, amount in rest), Decimal("0.00")))]


def links(
    posters: Iterable[Poster], sizes: list[str], posters_root: str = "posters"
) -> dict[str, list[tuple[str, str, str]]]:
    """Per page source path: (size, path of the PDF inside the site, name to save it as)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for poster in posters:
        out[poster.src] = [
            (size, posixpath.join(posters_root, poster.filename(size)), poster.download_name(size))
            for size in poster.sizes_in(sizes)
        ]
    return out


def links_html(entries: list[tuple[str, str, str]], page_url: str) -> str:
    """The 下载海报 line shown under a page's title (hidden in print)."""
    here = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")
    booklet = any(posixpath.basename(target).startswith(BOOKLET_SLUG + "-") for _, target, _ in entries)
    parts = []
    for size, target, name in entries:
        href = posixpath.relpath(target, here or ".")
        what = "制度汇编" if booklet else "海报"
        parts.append(f'<a href="{escape(href)}" download="{escape(name)}">{escape(size)} {what}(PDF)</a>')
    if booklet:
        return f'<p class="gkl-posters">下载制度汇编（全部有效制度，带目录），可打印装订成册：{" · ".join(parts)}</p>'
    return f'<p class="gkl-posters">下载海报，打印后张贴在公开栏：{" · ".join(parts)}</p>'


def _phone(style: PosterStyle, committee: Committee) -> str | None:
    if style.phone:
        return style.phone
    return next((c.phone for c in committee.profile.model.contacts if c.phone), None)


@functools.lru_cache(maxsize=256)  # A4 and A3, and a rule's tighter steps, carry the same address
def _qr_svg(url: str) -> Markup:
    # Vector, not an image: a 1-pixel-per-module PNG is 0.8 KB smaller but PDF viewers that
    # smooth images (pdf.js) print it blurred; one sharp enough at any zoom is bigger than this.
    import segno

    # Error level M survives a scuffed or faded sheet; the 4-module quiet zone is what scanners need.
    qr = segno.make(url, error="m", micro=False)
    return Markup(qr.svg_data_uri(dark="#000", light="#fff", border=4, scale=4))


def render_html(poster: Poster, size: str, loaded: LoadedStyle, day: date | None = None, fit: float = 1.0) -> str:
    committee = poster.committee
    look = look_for(loaded, poster.unit, committee)
    context = poster.context
    notice = context.get("notice")
    rule = context.get("rule")
    ledger = context.get("ledger")
    if notice:
        when, label = notice.published_on, "发布日期"
    elif rule:
        when, label = rule.adopted_on, "通过日期"
    else:
        when, label = (ledger.published_on, "公开日期") if ledger and ledger.published_on else (day, "生成日期")
    with privacy.publishing(poster.public):
        from ..site.templates import ENV

        return ENV.get_template(poster.template).render(
            poster=poster,
            size=size,
            s=SHEETS[size].length,
            t=SHEETS[size].type,
            columns=SHEETS[size].columns,
            fit=fit,
            style=look,
            logo_uri=_data_uri(look.logo_path) if look.logo_path else None,
            qr=Markup(QR_CODE),  # filled in by PosterWriter, after the cache is asked
            issuer=(notice.issuer if notice and notice.issuer else look.name),
            committee=committee.profile.model,
            w=words(committee.profile.model.level),
            phone=look.phone,
            day=when,
            date_label=label,
            # Filled in by with_fonts() once the text is final (after any conversion to 繁体).
            font_faces=Markup(FONT_FACES),
            font_family=Markup(FONT_FAMILY),
            **context,
        )


FONT_FACES = "/*gkl-font-faces*/"
FONT_FAMILY = "gkl-font-family"
QR_CODE = "gkl-qr-code"


# What the poster templates set in bold (poster_base.html.j2, poster_booklet.html.j2): headings,
# strong, table headers and these classes. Only a guess, for the size of the bold font: a bold
# character missed here is still printed right (poster_fonts.font_faces).
_BOLD = re.compile(
    r"<(h[1-6]|strong|b|th)\b[^>]*>(.*?)</\1>"
    r'|<(\w+)\b[^>]*\bclass="(?:[^"]*\s)?(?:name|kind|committee|closing)(?:\s[^"]*)?"[^>]*>(.*?)</\3>',
    re.S,
)
_TAG = re.compile(r"<[^>]*>")


def bold_characters(html: str) -> str:
    """The characters of the poster's text that its style probably sets in bold."""
    body = html[html.find("<body") :]
    found = {ch for m in _BOLD.finditer(body) for ch in _TAG.sub("", m.group(2) or m.group(4) or "")}
    return "".join(sorted(found))


_LARGEST = re.compile(r'<meta name="gkl-largest" content="([^"]*)">')


def largest_sizes(html: str) -> tuple[tuple[int, float], ...]:
    """(weight, points) of the largest text a template prints in each weight, where it says so
    (the booklet): its fonts may be drawn in coarser units (font_units.py). Empty: as designed."""
    found = _LARGEST.search(html[: html.find("<body")])
    if found is None:
        return ()
    pairs = (item.split(":") for item in found.group(1).split())
    return tuple(sorted((int(weight), float(points)) for weight, points in pairs))


def with_fonts(html: str) -> tuple[str, dict[str, bytes]]:
    """The HTML naming fonts that hold only the characters this poster prints, and those fonts
    by file name (see poster_fonts: the printer's URL fetcher serves them)."""
    from .poster_fonts import font_faces

    faces = font_faces("".join(sorted(set(html))), bold_characters(html), largest_sizes(html))
    return html.replace(FONT_FACES, faces.rules, 1).replace(FONT_FAMILY, faces.family), faces.files


_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}


def _data_uri(path: Path) -> str:
    # Inlined, so that the poster's HTML is all it depends on (the cache key) and the
    # renderer never needs to open a file.
    import base64

    return f"data:{_MIME[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _fetcher(fonts: dict[str, bytes] | None = None) -> Any:
    """Posters load inline data and their own fonts only (``fonts``, by the name after
    poster_fonts.SCHEME): nothing from the network, no file (an SVG logo's links too)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from .poster_fonts import SCHEME

    class PosterFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(SCHEME):
                return URLFetcherResponse(url, self.fonts[url.removeprefix(SCHEME)])  # KeyError: not loaded
            return super().fetch(url, headers)

    fetcher = PosterFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False)
    fetcher.fonts = fonts if fonts is not None else {}
    return fetcher


def _printing_code() -> bytes:
    """The source of the modules that turn a poster's HTML into a PDF (fonts cut and put in, QR
    code drawn, WeasyPrint's options): a change there prints every poster again, without anyone
    having to remember to bump ``PdfCache.VERSION``. Text and style are in the HTML, and so in the key."""
    from . import font_units, poster_fonts

    digest = hashlib.sha256()
    for module in (__file__, poster_fonts.__file__, font_units.__file__):
        digest.update(Path(module).read_bytes())
    return digest.digest()


class PdfCache:
    """Finished PDFs by the hash of their HTML, so that a rebuild only renders what changed.

    A poster takes WeasyPrint about a quarter of a second; a 街道's wall has hundreds. The key
    covers everything that shapes the PDF: the HTML before its fonts and QR code are put in
    (text, style, the QR code's address, size, the inlined logo), the versions of the engine,
    of the QR encoder and of the font cutter, and the system font it cuts. Entries unused for
    60 days are removed.

    Each entry starts with the SHA-256 of the PDF after it: an entry cut short (disk full, a
    killed build, a copied cache) or damaged is dropped and printed again, never published.
    """

    VERSION = "7"  # bump when the entry format changes (the code that prints is in the key by itself)
    HEADER = b"gongkailan-pdf\n"

    def __init__(self, folder: Path) -> None:
        import hashlib

        import weasyprint

        self.folder = folder
        import segno

        from .poster_fonts import identity

        engines = f"{self.VERSION}|{weasyprint.__version__}|{segno.__version__}|{identity()}|"
        self.seed = hashlib.sha256(engines.encode() + _printing_code()).digest()

    @classmethod
    def default(cls) -> PdfCache | None:
        import os

        setting = os.environ.get("GONGKAILAN_POSTER_CACHE", "1")
        if setting == "0":
            return None
        if setting != "1":  # a folder of its own, e.g. one that CI keeps between runs
            return cls(Path(setting))
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return cls(base / "gongkailan" / "posters")

    def _path(self, html: str, stem: str) -> Path:
        import hashlib

        digest = hashlib.sha256(self.seed + stem.encode() + b"\0" + html.encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.pdf"

    def get(self, html: str, stem: str) -> bytes | None:
        import hashlib

        path = self._path(html, stem)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            data = b""  # unreadable: dropped like a damaged entry
        start = len(self.HEADER) + 32
        pdf = data[start:]
        if data.startswith(self.HEADER) and hashlib.sha256(pdf).digest() == data[len(self.HEADER) : start]:
            with contextlib.suppress(OSError):
                path.touch()  # used: kept by prune()
            return pdf
        with contextlib.suppress(OSError):
            path.unlink()
        log.info("海报缓存里的 %s 已损坏（%s），已删除，这张海报重新生成", stem, path)
        return None

    def put(self, html: str, stem: str, pdf: bytes) -> None:
        import hashlib

        path = self._path(html, stem)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(self.HEADER + hashlib.sha256(pdf).digest() + pdf)
            partial.replace(path)  # never a half-written entry, even with two builds at once
        except OSError:
            pass  # a cache that cannot be written only costs time

    def prune(self, days: int = 60) -> None:
        import time

        cutoff = time.time() - days * 86400
        for path in self.folder.glob("*/*.pdf"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass


# New PDFs a worker process must print to pay for starting it: ~2 CPU-s of imports and font
# setup, about seven posters' work. With fewer (one committee's wall, ~24 PDFs, or a build unit
# run beside others on every core) one process prints them in less CPU and no more wall time.
PER_WORKER = 30


class PosterWriter:
    """Renders many posters with one font configuration (fonts are looked up once)."""

    def __init__(
        self,
        loaded: LoadedStyle,
        day: date,
        cache: PdfCache | None = None,
        transform: Callable[[str], str] | None = None,
    ) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.loaded = loaded
        self.day = day
        self.cache = cache
        self.transform = transform  # e.g. to traditional characters, as the site's pages are
        self.fonts = FontConfiguration()
        self.font_files: dict[str, bytes] = {}  # the posters' fonts, by the name their HTML gives
        self.fetch = _fetcher(self.font_files)

    def html(self, poster: Poster, size: str, fit: float = 1.0) -> str:
        """The HTML WeasyPrint prints: fonts and QR code in place."""
        return self._fill(poster, self._key(poster, size, fit))[0]

    def _key(self, poster: Poster, size: str, fit: float) -> str:
        """The HTML with the fonts and the QR code still to come: what the PDF cache is asked with.

        Both follow from it (the fonts from its characters and the system font, the QR code from
        the page address it prints), so a poster found in the cache costs neither.
        """
        html = render_html(poster, size, self.loaded, self.day, fit)
        return self.transform(html) if self.transform is not None else html

    def _fill(self, poster: Poster, key: str) -> tuple[str, dict[str, bytes]]:
        html, files = with_fonts(key.replace(QR_CODE, _qr_svg(poster.url), 1))
        self.font_files.update(files)
        return html, files

    def candidates(self, poster: Poster, size: str) -> list[str]:
        """The poster's HTML, then (rules only) the tighter steps tried to balance its last sheet."""
        return self._candidates(poster, size, self._key(poster, size, FITS[0]))[0]

    def _candidates(self, poster: Poster, size: str, key: str) -> tuple[list[str], dict[str, bytes]]:
        # Made only for a poster to print, never to look up the cache.
        html, files = self._fill(poster, key)
        htmls, files = [html], dict(files)
        for fit in FITS[1:] if poster.template == "poster_rule.html.j2" else ():
            html, own = self._fill(poster, self._key(poster, size, fit))
            htmls.append(html)
            files.update(own)
        return htmls, files

    def pdf(self, poster: Poster, size: str) -> bytes:
        key = self._key(poster, size, FITS[0])
        cached = self.cache.get(key, poster.stem) if self.cache else None
        if cached is not None:
            return cached
        pdf = _print(self._candidates(poster, size, key)[0], poster.stem, self.fonts, self.fetch)
        if self.cache:
            self.cache.put(key, poster.stem, pdf)
        return pdf

    def write(self, posters: list[Poster], out_dir: Path, workers: int | None = None) -> list[Path]:
        """Write every poster in every size; new ones are printed on all cores."""
        targets: list[Path] = []
        done: dict[Path, bytes] = {}
        todo = []
        for poster in posters:
            for size in poster.sizes_in(self.loaded.style.sizes):
                target = out_dir / poster.filename(size)
                targets.append(target)
                key = self._key(poster, size, FITS[0])
                cached = self.cache.get(key, poster.stem) if self.cache else None
                if cached is not None:
                    done[target] = cached
                else:
                    todo.append((target, key, *self._candidates(poster, size, key), poster.stem))
        workers = workers if workers is not None else min(os.cpu_count() or 1, 4, len(todo) // PER_WORKER)
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: MkDocs' file watcher and Playwright run threads in this process.
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                jobs_out = [(htmls, files, stem) for _, _, htmls, files, stem in todo]
                printed = pool.map(_print_job, jobs_out, chunksize=4)
                results = list(zip(todo, printed, strict=True))
        else:
            results = [(job, _print(job[2], job[4], self.fonts, self.fetch)) for job in todo]
        for (target, key, _, _, stem), pdf in results:
            if self.cache:
                self.cache.put(key, stem, pdf)
            done[target] = pdf
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(done[target])
        return targets


def _articles_per_page(document: Any) -> list[int]:
    """How many rule articles (whole or in part) each laid-out sheet holds."""
    counts = []
    for page in document.pages:
        seen = set()
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and "article" in (element.get("class") or "").split():
                seen.add(id(element))
        counts.append(len(seen))
    return counts


def lonely_last_sheet(counts: list[int]) -> bool:
    """A last sheet that carries only one or two articles (after others): wasteful on a wall."""
    return len(counts) > 1 and 0 < counts[-1] <= LONELY


def _print(htmls: list[str], stem: str, fonts: Any, fetch: Any) -> bytes:
    """Print the first HTML; if its last sheet is lonely, the first tighter step that saves a sheet."""
    from weasyprint import HTML

    # Tagged PDF: screen readers and reflowing viewers get the headings, paragraphs and tables.
    options: dict[str, Any] = {"pdf_identifier": stem.encode(), "pdf_tags": True}
    chosen = HTML(string=htmls[0], url_fetcher=fetch).render(font_config=fonts, **options)
    if len(htmls) > 1:
        first = _articles_per_page(chosen)
        if lonely_last_sheet(first):
            for html in htmls[1:]:
                tighter = HTML(string=html, url_fetcher=fetch).render(font_config=fonts, **options)
                if len(tighter.pages) < len(first):
                    chosen = tighter
                    break
    pdf = chosen.write_pdf(**options)
    assert pdf is not None
    return pdf


_worker: dict[str, Any] = {}


def _print_job(job: tuple[list[str], dict[str, bytes], str]) -> bytes:
    """One poster in a worker process; fonts are looked up once per process."""
    htmls, files, stem = job
    if not _worker:
        from weasyprint.text.fonts import FontConfiguration

        _worker.update(fonts=FontConfiguration(), fetch=_fetcher())
    fetch = _worker["fetch"]
    fetch.fonts.clear()  # only this poster's: a font is read once, when its @font-face is first met
    fetch.fonts.update(files)
    return _print(htmls, stem, _worker["fonts"], fetch)


def build_posters(
    site: Site,
    loaded: LoadedStyle,
    day: date,
    site_url: str,
    out_dir: Path,
    use_directory_urls: bool = True,
    transform: Callable[[str], str] | None = None,
    everything: bool = False,
    only: list[str] | None = None,
    takedown_days: int = 0,
    committees: frozenset[str] | None = None,
) -> list[Path]:
    """Write the wall's posters (or ``everything``, or ``only`` these; of ``committees`` only,
    by slug, when given: one build unit) under ``out_dir``.

    ``out_dir`` is replaced only when all were written.
    """
    from ..site.render import Renderer

    renderer = Renderer(site, day, takedown_days)
    posters = plan(renderer, loaded.style, site_url, use_directory_urls, everything or bool(only))
    if only:
        posters = select(posters, only)
    if committees is not None:
        posters = [p for p in posters if p.committee.slug in committees]
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".posters-new-", dir=out_dir.parent))
    cache = PdfCache.default()
    try:
        # Markdown is masked once more as it is rendered: with the site's declared numbers.
        with publishing(renderer.public):
            written = PosterWriter(loaded, day, cache, transform).write(posters, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out_dir.exists():
        shutil.rmtree(out_dir)
    staging.rename(out_dir)
    if cache:
        cache.prune()
    return [out_dir / path.relative_to(staging) for path in written]


def load_site_and_style(
    root: Path, data_dir: str = "data", parsed: Any = None, masked: bool = True
) -> tuple[Site, LoadedStyle]:
    """The committees' data and the poster style, with every error of both in one report
    (``parsed``: a ``ParseCache`` of earlier runs' parses; ``masked``: see ``load_site``)."""
    from ..load.repository import load_site

    found: list[Any] = []
    site = style = None
    try:
        site = load_site(root, data_dir, parsed, masked)
    except DataErrors as errors:
        found.extend(errors.errors)
    try:
        style = load_style(root, data_dir)
    except DataErrors as errors:
        found.extend(errors.errors)
    if site is not None and style is not None:
        try:
            check_against(style, site)
        except DataErrors as errors:
            found.extend(errors.errors)
    if found:
        raise DataErrors(found)
    assert site is not None and style is not None
    return site, style


NO_SITE_URL = "mkdocs.yml 里没有 site_url：海报上的二维码要指向网站上的页面。请加一行 site_url: https://…/"


class SitePosters:
    """Posters inside a site build: the 下载海报 links on pages and the PDFs under posters/."""

    FOLDER = "posters"

    def __init__(
        self,
        renderer: Renderer,
        loaded: LoadedStyle,
        site_url: str,
        use_directory_urls: bool,
        transform: Callable[[str], str] | None = None,
    ) -> None:
        self.renderer = renderer
        self.transform = transform
        self.loaded = loaded
        self.site_url = site_url
        self.use_directory_urls = use_directory_urls
        self.posters = plan(renderer, loaded.style, site_url, use_directory_urls)
        self.links = links(self.posters, list(loaded.style.sizes), self.FOLDER)

    def add_links(self, html: str, src: str, page_url: str) -> str:
        entries = self.links.get(src)
        if not entries:
            return html
        line = links_html(entries, page_url)
        at = html.find("</h1>")
        if at < 0:
            return line + html
        at += len("</h1>")
        return html[:at] + "\n" + line + html[at:]

    def write(self, site_dir: Path, committees: frozenset[str] | None = None) -> list[Path]:
        return build_posters(
            self.renderer.site,
            self.loaded,
            self.renderer.today,
            self.site_url,
            site_dir / self.FOLDER,
            self.use_directory_urls,
            self.transform,
            committees=committees,
        )
