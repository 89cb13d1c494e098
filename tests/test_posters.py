"""Wall posters (PDF) as a printer and a resident meet them: size, fonts, text, QR code, pages.

The posters of the example data, plus a long 30-article rule, are built once for the module
with ``gongkailan posters``; every test reads those PDFs with poppler and zbar.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from example import community
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from generator.cli import main
from generator.errors import DataErrors
from generator.load.repository import load_site
from generator.model.committee import Site
from generator.model.rules import Rule
from generator.outputs import poster_fonts
from generator.outputs.font_units import units_for
from generator.outputs.posters import PdfCache, PosterWriter, largest_sizes, load_style, plan
from generator.privacy import masking as privacy
from generator.privacy.takedown import Takedown
from generator.site.markup import markdown_block, markdown_inline
from generator.site.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.org/"  # mkdocs.yml: the site of a 街道 and a 镇, committees under /xingfu/ and /liuhe/
MM_PER_PT = 25.4 / 72

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg")),
    reason="poppler-utils 或 zbar-tools 未安装：运行 bash scripts/setup --test",
)

# Thirty articles in three chapters, of very different lengths, so that pages break in
# many places: some articles are one line, some most of a third of an A4 page.
_LONG = (
    "居民委员会应当将办理情况在居务公开栏和本网站同时公布,公布时间不少于七日;"
    "居民对办理情况有疑问的,可以向居务监督委员会书面提出,居务监督委员会应当在十五日内调查核实并答复。"
)
THIRTY = "\n".join(
    [
        "title: 幸福里社区公共事务办理规则(测试用长制度)",
        "kind: 工作制度",
        "adopted_by: 居民代表会议",
        "adopted_on: 2026-06-01",
        "chapters:",
        *[
            line
            for chapter, first in (("总则", 1), ("办理程序", 11), ("监督和附则", 21))
            for line in (
                f"  - title: {chapter}",
                "    articles:",
                *[
                    f"      - 第{n}项公共事务的办理要求:{'本项事务按规定办理。' if n % 3 else _LONG * (1 + n % 4)}"
                    for n in range(first, first + 10)
                ],
            )
        ],
    ]
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("posters-project")
    for name in ("mkdocs.yml", "content", "data", "theme_overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    (root / "data/xingfu/rules/changgui-30tiao.yml").write_text(THIRTY + "\n", encoding="utf-8")
    return root


# The day the posters are made: which notices are on the wall depends on it.
TODAY = date(2026, 11, 20)  # the Q4 低保 list is up, the Q2 one has come down (as in the built example)
EPOCH = {"SOURCE_DATE_EPOCH": str(int(datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp()))}


def make_posters(project: Path, folder: str, *args: str) -> Path:
    config = str(project / "mkdocs.yml")
    result = CliRunner().invoke(main, ["posters", "-f", config, "-o", str(project / folder), *args], env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "海报已生成" in result.output
    return project / folder


@pytest.fixture(scope="module")
def out(project: Path) -> Path:
    """Every poster there can be (--all), for the tests of what a poster shows."""
    return make_posters(project, "posters", "--all")


@pytest.fixture(scope="module")
def wall(project: Path) -> Path:
    """What the build makes by default: what can be on a wall board on TODAY."""
    return make_posters(project, "wall")


@pytest.fixture(scope="module")
def site(project: Path) -> Site:
    return load_site(project)


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def page_size_mm(pdf: Path) -> tuple[float, float]:
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", run("pdfinfo", pdf))
    assert match, pdf
    return float(match.group(1)) * MM_PER_PT, float(match.group(2)) * MM_PER_PT


def page_count(pdf: Path) -> int:
    match = re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf))
    assert match
    return int(match.group(1))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


_FOOTER_START = re.compile(r"^主体：", re.M)
_PAGE_LINE = re.compile(r"^第\s*\d+\s*页\s*/\s*共\s*\d+\s*页\s*$", re.M)


def page_body(pdf: Path, number: int) -> str:
    """The text of one sheet without its page counter and its footer (who, phone, date, QR).

    Read in the order it was set (-raw), so that an A3 rule's two columns come one after the other.
    """
    text = run("pdftotext", "-raw", "-f", str(number), "-l", str(number), pdf, "-")
    text = _PAGE_LINE.sub("", text)
    footer = _FOOTER_START.search(text)
    return text[: footer.start()] if footer else text


def body_text(pdf: Path) -> str:
    return "".join(page_body(pdf, n) for n in range(1, page_count(pdf) + 1))


class _Blocks(HTMLParser):
    """The text of each paragraph, list item, heading and table cell of rendered Markdown."""

    BLOCKS: ClassVar[set[str]] = {"p", "li", "td", "th", "h3", "h4", "h5", "h6", "blockquote"}

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.cells: set[str] = set()
        self._current: list[str] = []
        self._cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self._flush()
            self._cell = tag in ("td", "th")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._current.append(data)

    def _flush(self) -> None:
        text = squeeze(html.unescape("".join(self._current)))
        if text:
            self.blocks.append(text)
            if self._cell:
                self.cells.add(text)
        self._current = []
        self._cell = False


def parse_blocks(markup: str) -> _Blocks:
    parser = _Blocks()
    parser.feed(markup)
    parser.close()
    parser._flush()
    return parser


def blocks(markup: str) -> list[str]:
    return parse_blocks(markup).blocks


def in_cell_order(cell: str, text: str) -> bool:
    """A table cell's text, allowing for pdftotext's reading order of wrapped cells.

    When two cells of one row both wrap, pdftotext reads their first lines before their
    second lines ("人（户）金额数（元）"): the cell's characters are then all there, in order,
    with at most the neighbouring cells' lines between them.
    """
    if cell in text:
        return True
    start = text.find(cell[0])
    while start >= 0:
        position = start
        for ch in cell[1:]:
            position = text.find(ch, position + 1, start + len(cell) + 40)
            if position < 0:
                break
        else:
            return True
        start = text.find(cell[0], start + 1)
    return False


def rule_model(site: Site, slug: str) -> Rule:
    return next(d.model for d in community(site).rules if d.slug == slug)


# --- what gets built ------------------------------------------------------------------------


def test_all_makes_one_poster_per_rule_notice_and_period_in_a4_and_a3(out: Path, site: Site) -> None:
    expected: set[str] = set()
    takedown = Takedown(date(2026, 11, 20))
    for c in site.committees:  # both example committees: 幸福里社区 and 六合村
        expected |= {f"{c.slug}/rules/{d.slug}" for d in c.rules if d.model.status == "有效"}
        expected |= {f"{c.slug}/notices/{d.slug}" for d in c.notices if not takedown.is_down(d.model)}
        expected |= {f"{c.slug}/finance/{d.slug}" for d in c.ledgers}
    assert "xingfu/notices/2026-11-18-dibao-gongshi" in expected
    assert "xingfu/notices/2026-05-11-dibao-gongshi" not in expected  # its 公示期 ended on 05-17
    assert any(stem.startswith("liuhe/finance/2026-Q") for stem in expected)
    found = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    booklet = {f"{c.slug}/rules/zhidu-huibian-{size}.pdf" for c in site.committees if c.rules for size in ("A4", "A5")}
    assert found == {f"{stem}-{size}.pdf" for stem in expected for size in ("A4", "A3")} | booklet
    # A repealed rule is not posted on the wall.
    assert not (out / "xingfu/rules/jumin-gongyue-2016-A4.pdf").exists()


def test_by_default_only_what_can_be_on_the_wall_now(wall: Path, site: Site) -> None:
    # data/posters.yml leaves wall_days (30) and wall_periods (3) at their defaults.
    expected: set[str] = set()
    for c in site.committees:
        expected |= {f"{c.slug}/rules/{d.slug}" for d in c.rules if d.model.status == "有效"}
        expected |= {
            f"{c.slug}/notices/{d.slug}"
            for d in c.notices
            if (d.model.ends_on or d.model.published_on) >= TODAY - timedelta(days=30)
        }
        latest = sorted(c.ledgers, key=lambda d: d.model.period.start)[-3:]
        expected |= {f"{c.slug}/finance/{d.slug}" for d in latest}
    found = {p.relative_to(wall).as_posix() for p in wall.rglob("*.pdf")}
    booklet = {f"{c.slug}/rules/zhidu-huibian-{size}.pdf" for c in site.committees if c.rules for size in ("A4", "A5")}
    assert found == {f"{stem}-{size}.pdf" for stem in expected for size in ("A4", "A3")} | booklet
    # The November 低保 公示 is on the wall; May's ended half a year ago.
    assert (wall / "xingfu/notices/2026-11-18-dibao-gongshi-A4.pdf").is_file()
    assert not (wall / "xingfu/notices/2026-05-11-dibao-gongshi-A4.pdf").exists()
    assert len(found) < len(list((wall.parent / "posters").rglob("*.pdf"))) / 2


def test_one_poster_on_demand_by_record_id(project: Path) -> None:
    # A notice long off the wall (April's 成交公示) is printed when asked for by its file name.
    folder = make_posters(project, "one", "2026-04-02-shilaohua-gaizao-chengjiao-gongshi")
    found = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))
    assert found == [
        "xingfu/notices/2026-04-02-shilaohua-gaizao-chengjiao-gongshi-A3.pdf",
        "xingfu/notices/2026-04-02-shilaohua-gaizao-chengjiao-gongshi-A4.pdf",
    ]
    config = str(project / "mkdocs.yml")
    # A list of persons past its take-down date is never printed again, not even on demand.
    gone = CliRunner().invoke(
        main, ["posters", "-f", config, "-o", str(project / "gone"), "2026-05-11-dibao-gongshi"], env=EPOCH
    )
    assert gone.exit_code == 1 and not (project / "gone").exists()
    result = CliRunner().invoke(main, ["posters", "-f", config, "-o", str(project / "none"), "dibao"], env=EPOCH)
    assert result.exit_code == 1
    assert "找不到“dibao”的海报" in result.output and "Traceback" not in result.output
    assert not (project / "none").exists()


def test_a4_posters_are_at_most_100_kb(out: Path) -> None:
    # Fonts cut to the poster's own characters (generator/poster_fonts.py); they were ~270 KB.
    sizes = {pdf.name: pdf.stat().st_size for pdf in out.rglob("*.pdf")}
    assert len(sizes) > 40
    # A booklet holds every rule in force (here 13 pages, 600-odd different characters): the same
    # bound for ten pages, with its fonts redrawn in units sized for its small print (font_units.py;
    # the example 社区's ten pages were 136 KB before), and a few KB for each page more.
    pages = {pdf.name: page_count(pdf) for pdf in out.rglob("*huibian*.pdf")}
    assert max(pages.values()) > 10
    bound = {name: 100_000 + 4_000 * max(0, pages.get(name, 0) - 10) for name in sizes}
    too_big = {name: size for name, size in sizes.items() if size > bound[name]}
    assert not too_big, too_big


@pytest.mark.parametrize(
    ("size", "width", "height"),
    [("A4", 210, 297), ("A3", 297, 420)],
)
def test_page_size_is_iso_portrait(out: Path, size: str, width: int, height: int) -> None:
    pdfs = sorted(out.rglob(f"*-{size}.pdf"))
    assert pdfs
    for pdf in pdfs:
        w, h = page_size_mm(pdf)
        assert abs(w - width) < 0.5 and abs(h - height) < 0.5, (pdf.name, w, h)


def test_every_font_is_an_embedded_cjk_font_with_unicode_map(out: Path) -> None:
    for pdf in sorted(out.rglob("*.pdf")):
        rows = run("pdffonts", pdf).splitlines()[2:]
        assert rows, pdf
        for row in rows:
            name, *_, emb, sub, uni, _obj, _gen = row.split()
            # Type 3 (a font drawn as pictures) would not count: real CID fonts, named, subset.
            assert "Noto-Sans-CJK-SC" in name and "Type 3" not in row, (pdf.name, row)
            assert (emb, sub, uni) == ("yes", "yes", "yes"), (pdf.name, row)


def test_every_poster_embeds_its_own_two_cut_fonts_and_no_whole_face(out: Path) -> None:
    # A character the cut fonts lack (a list bullet drawn by CSS, a bold character outside the
    # bold cut) is printed from another face: the whole system font, or a second bold file.
    for pdf in sorted(out.rglob("*.pdf")):
        names = [row.split()[0] for row in run("pdffonts", pdf).splitlines()[2:]]
        assert len(names) == 2, (pdf.name, names)
        assert all(re.search(r"Noto-Sans-CJK-SC-[0-9a-f]{12}", name) for name in names), (pdf.name, names)


def embedded_fonts(pdf: Path) -> list[TTFont]:
    """The fonts WeasyPrint embedded (FontFile3, OpenType with CFF outlines)."""
    data = pdf.read_bytes()
    fonts = []
    for match in re.finditer(rb"<<([^>]*?/Subtype /OpenType[^>]*?)>>\s*stream\r?\n", data):
        length = re.search(rb"/Length (\d+)", match.group(1))
        assert length, pdf
        raw = data[match.end() : match.end() + int(length.group(1))]
        fonts.append(TTFont(io.BytesIO(zlib.decompress(raw) if b"/FlateDecode" in match.group(1) else raw)))
    return fonts


@pytest.fixture(scope="module")
def system_fonts() -> dict[int, TTFont]:
    faces = {weight: poster_fonts.system_face(weight) for weight in poster_fonts.WEIGHTS}
    return {w: TTFont(f.path, fontNumber=f.index, lazy=True) for w, f in faces.items() if f is not None}


def outline(font: TTFont, glyph: str) -> list[tuple[str, tuple[object, ...]]]:
    pen = RecordingPen()
    font.getGlyphSet()[glyph].draw(pen)
    return pen.value


def near(drawn: list[tuple[str, tuple[object, ...]]], own: list[tuple[str, tuple[object, ...]]], scale: float) -> float:
    """How far (in the system font's units) the points of a redrawn outline (times ``scale``) lie
    from the system's own outline, either way: one contour for each, every point near a point of
    the other (a step shorter than a unit may round to nothing, and is then not drawn)."""
    mine = [(float(x) * scale, float(y) * scale) for _, args in drawn for x, y in args]  # type: ignore[misc]
    theirs = [(float(x), float(y)) for _, args in own for x, y in args]  # type: ignore[misc]
    assert sum(op == "moveTo" for op, _ in drawn) == sum(op == "moveTo" for op, _ in own)

    def gap(points: list[tuple[float, float]], others: list[tuple[float, float]]) -> float:
        return max((min(max(abs(x - a), abs(y - b)) for a, b in others) for x, y in points), default=0.0)

    return max(gap(mine, theirs), gap(theirs, mine) / 2)


@pytest.mark.parametrize(
    "name",
    ["xingfu/rules/zhidu-huibian-A5", "liuhe/finance/2026-Q3-A3"],  # every rule in force; a village's accounts
)
def test_every_printed_character_has_its_own_glyph_from_noto_sans_cjk_sc(
    out: Path, system_fonts: dict[int, TTFont], name: str
) -> None:
    # The fonts are cut down twice (poster_fonts, then WeasyPrint): each glyph must still be the
    # system font's own outline for that character (not a blank, not another locale's shape). A
    # booklet's are redrawn in coarser units (font_units.py): every point within one of its units.
    pdf = out / f"{name}.pdf"
    fonts = embedded_fonts(pdf)
    assert {font["OS/2"].usWeightClass for font in fonts} == {400, 700}, pdf.name
    mapped: set[str] = set()
    for font in fonts:
        system = system_fonts[700 if font["OS/2"].usWeightClass >= 600 else 400]
        wanted = system.getBestCmap()
        units, design = font["head"].unitsPerEm, system["head"].unitsPerEm
        assert (units < design) == ("huibian" in name), (pdf.name, units)
        for code, glyph in font.getBestCmap().items():
            drawn, own = outline(font, glyph), outline(system, wanted[code])
            if units == design:
                assert drawn == own, (pdf.name, chr(code))
            else:  # every point within one of the coarser units (two for a step left out)
                assert near(drawn, own, design / units) <= design / units + 1e-6, (pdf.name, chr(code))
            mapped.add(chr(code))
    printed = set(run("pdftotext", pdf, "-")) - set(" \n\f")
    assert len(printed) > 150 and printed <= mapped, (pdf.name, printed - mapped)


# --- the text is real text ------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["jumin-gongyue", "yishi-guize", "changgui-30tiao"])
@pytest.mark.parametrize("size", ["A4", "A3"])
def test_rule_text_round_trips(out: Path, site: Site, slug: str, size: str) -> None:
    rule = rule_model(site, slug)
    text = squeeze(body_text(out / f"xingfu/rules/{slug}-{size}.pdf"))
    expected = [squeeze(community(site).profile.model.name), squeeze(rule.title)]
    if rule.preamble:
        expected += blocks(str(markdown_block(rule.preamble)))
    for heading, articles in rule.numbered():
        if heading:
            expected.append(squeeze(heading))
        for number, body in articles:
            expected.append(number + "".join(blocks(f"<p>{markdown_inline(body)}</p>")))
    position = 0
    for piece in expected:
        found = text.find(piece, position)
        assert found >= 0, f"{slug}-{size}: 找不到(或顺序不对):{piece}"
        position = found + len(piece)


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_notice_text_round_trips(out: Path, site: Site, size: str) -> None:
    # Rendered as the posters are: with the committee's declared numbers (office landlines) shown.
    with privacy.publishing(privacy.public_numbers(site)):
        _notice_text_round_trips(out, site, size)


def _notice_text_round_trips(out: Path, site: Site, size: str) -> None:
    for doc in community(site).notices:
        notice = doc.model
        if Takedown(date(2026, 11, 20)).is_down(notice):
            continue  # a person list past its 公示期 has no poster (the fixture builds as of 11-20)
        text = squeeze(body_text(out / f"xingfu/notices/{doc.slug}-{size}.pdf"))
        parsed = parse_blocks(str(markdown_block(notice.body)))
        expected = [squeeze(notice.title), *parsed.blocks]
        if notice.objections:
            expected.append("".join(blocks(f"<p>{markdown_inline(notice.objections)}</p>")))
        expected.append(squeeze(notice.issuer or community(site).profile.model.name))
        for piece in expected:
            found = in_cell_order(piece, text) if piece in parsed.cells else piece in text
            assert found, f"{doc.slug}-{size}: 找不到:{piece}"


def test_finance_summary_is_one_sheet_with_the_totals(out: Path, site: Site) -> None:
    from generator.model.money import yuan

    for doc in community(site).ledgers:
        ledger = doc.model
        for size in ("A4", "A3"):
            pdf = out / f"xingfu/finance/{doc.slug}-{size}.pdf"
            assert page_count(pdf) == 1, pdf.name
            text = squeeze(run("pdftotext", pdf, "-"))
            assert squeeze(f"{ledger.period.label}财务收支公开") in text
            for label, amount in (
                ("期初余额", ledger.opening_balance),
                ("本期收入", ledger.total_income),
                ("本期支出", ledger.total_expense),
                ("期末余额", ledger.closing_balance),
            ):
                assert label in text and squeeze(str(yuan(amount))) in text, (pdf.name, label)


# --- QR code and pagination -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "path"),
    [
        ("xingfu/rules/jumin-gongyue", "xingfu/rules/jumin-gongyue/"),
        ("xingfu/notices/2026-11-18-dibao-gongshi", "xingfu/notices/2026-11-18-dibao-gongshi/"),
        ("xingfu/finance/2026-10", "xingfu/finance/2026-10/"),
    ],
)
@pytest.mark.parametrize("size", ["A4", "A3"])
def test_qr_code_decodes_to_the_page_address(out: Path, tmp_path: Path, stem: str, path: str, size: str) -> None:
    pdf = out / f"{stem}-{size}.pdf"
    last = page_count(pdf)
    # Every sheet carries the code: check the first and the last one.
    for number in sorted({1, last}):
        png = tmp_path / f"p{number}"
        run("pdftoppm", "-r", "100", "-f", number, "-l", number, "-singlefile", "-png", pdf, png)
        decoded = run("zbarimg", "--quiet", "--raw", png.with_suffix(".png")).strip()
        assert decoded == SITE_URL + path, (pdf.name, number)


_ARTICLE_HEAD = re.compile(r"^第[零一二三四五六七八九十百]+条\s*$")
_CHAPTER_HEAD = re.compile(r"^第[零一二三四五六七八九十百]+章")


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_thirty_article_rule_never_leaves_a_heading_at_the_foot_of_a_page(out: Path, site: Site, size: str) -> None:
    pdf = out / f"xingfu/rules/changgui-30tiao-{size}.pdf"
    pages = page_count(pdf)
    assert pages >= 3, "the long rule should need several sheets"
    rule = rule_model(site, "changgui-30tiao")
    numbered = [(number, body) for _, articles in rule.numbered() for number, body in articles]
    assert len(numbered) == 30
    seen: list[str] = []
    for n in range(1, pages + 1):
        body = page_body(pdf, n)
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        assert lines, f"page {n} is empty"
        last = lines[-1]
        assert not _ARTICLE_HEAD.match(last), f"page {n} ends with a bare {last}"
        assert not _CHAPTER_HEAD.match(last), f"page {n} ends with the chapter heading {last}"
        flat = squeeze(body)
        for number, text in numbered:
            if number + squeeze(text)[:6] in flat:
                # An article starts on this sheet: all of it is on this sheet.
                assert number + squeeze(text) in flat, f"{number} is split across pages (page {n})"
                seen.append(number)
    assert len(seen) == 30 and len(set(seen)) == 30


# --- configuration --------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_no_booklet_text_is_larger_than_its_fonts_were_drawn_for(project: Path, site: Site, size: str) -> None:
    # A booklet's fonts are drawn in units sized for the largest text of each weight that its
    # template declares (font_units.py): laid out, no text may be larger, or its glyphs would be
    # coarser than a printer dot. Also what the page furniture (page numbers, running title) uses.
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    loaded = load_style(project)
    poster = next(p for p in plan(Renderer(site, TODAY), loaded.style, SITE_URL) if "huibian" in p.stem)
    writer = PosterWriter(loaded, TODAY)
    printed = writer.html(poster, size)
    declared = dict(largest_sizes(printed))
    assert declared.keys() == {400, 700}
    document = HTML(string=printed, url_fetcher=writer.fetch).render(font_config=writer.fonts)
    seen: dict[int, float] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TextBox) and box.text.strip():
                weight = 700 if box.style["font_weight"] >= 600 else 400
                seen[weight] = max(seen.get(weight, 0.0), box.style["font_size"] * 0.75)  # px to pt
    assert seen.keys() == {400, 700}
    assert all(seen[weight] <= declared[weight] + 0.01 for weight in seen), (seen, declared)
    assert all(seen[weight] >= declared[weight] - 0.01 for weight in seen), (seen, declared)  # not loose either


def test_fonts_are_redrawn_only_where_a_unit_would_be_finer_than_a_printer_dot() -> None:
    assert units_for(13, 1000) == 109  # a booklet's body text: one unit per 600-dpi dot
    assert units_for(28.6, 1000) == 239  # its cover title
    assert units_for(120, 1000) == 1000  # a wall poster's headline keeps the font as designed


def test_cached_poster_is_the_same_as_a_fresh_one(out: Path, site: Site, project: Path) -> None:
    loaded = load_style(project)
    posters = plan(Renderer(site, date(2026, 11, 20)), loaded.style, SITE_URL)
    poster = next(p for p in posters if p.stem == "xingfu/rules/jumin-gongyue")
    fresh = PosterWriter(loaded, date(2026, 11, 20), cache=None).pdf(poster, "A4")
    assert fresh == (out / "xingfu/rules/jumin-gongyue-A4.pdf").read_bytes()


def _style(tmp_path: Path, text: str) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "posters.yml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_committees_posters_do_not_depend_on_another_committees_records(project: Path, site: Site) -> None:
    # A committee's posters belong to its build unit: with every record of 六合村 gone, 幸福里社区's
    # posters are the same ones with the same HTML (the PDF cache key, fonts and QR code included).
    loaded = load_style(project)

    def htmls(of: Site) -> dict[str, str]:
        renderer = Renderer(of, TODAY)
        writer = PosterWriter(loaded, TODAY)
        with privacy.publishing(renderer.public):
            return {
                p.filename("A4"): writer.html(p, "A4")
                for p in plan(renderer, loaded.style, SITE_URL)
                if p.committee.slug == "xingfu"
            }

    village = next(c for c in site.committees if c.slug == "liuhe")
    assert village.rules and village.notices and village.ledgers
    bare = replace(village, records={})
    alone = Site(
        site.root, [bare if c is village else c for c in site.committees], site.files, site.config, masked=True
    )
    before, after = htmls(site), htmls(alone)
    assert len(before) > 10 and before.keys() == after.keys()
    assert [name for name in before if before[name] != after[name]] == []


def test_only_the_configured_kinds_become_posters(tmp_path: Path, site: Site) -> None:
    loaded = load_style(_style(tmp_path, "kinds:\n  - 公示\n  - 救助名单\n"))
    posters = plan(Renderer(site, date(2026, 11, 20)), loaded.style, SITE_URL)
    kinds = {p.kind for p in posters}
    assert kinds == {"公示", "救助名单"}
    assert not any("/rules/" in p.stem or "/finance/" in p.stem for p in posters)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('title: 幸福街道\ncolor: "#ffeb3b"\n', 2, "太浅"),
        ("kinds:\n  - 公示\n  - 警示\n", 3, "警示"),
        ("logo: missing.png\n", 1, "找不到标志图片"),
        ("logo: ../../etc/passwd.png\n", 1, "data/ 文件夹里"),
        ("sizes:\n  - A5\n", 2, "A5"),
        ("titel: 幸福街道\n", 1, "titel"),
    ],
)
def test_style_mistakes_are_reported_with_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(DataErrors) as caught:
        load_style(_style(tmp_path, text))
    messages = [e.format() for e in caught.value.errors]
    assert any(m.startswith(f"data/posters.yml:{line}:") and words in m for m in messages), messages


def test_check_reports_poster_style_mistakes_and_posters_writes_nothing(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(project, bad, ignore=shutil.ignore_patterns("posters"))
    (bad / "data" / "posters.yml").write_text('color: "#eeeeee"\n', encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "-f", str(bad / "mkdocs.yml")])
    assert checked.exit_code == 1 and "data/posters.yml:1:" in checked.output
    made = runner.invoke(main, ["posters", "-f", str(bad / "mkdocs.yml"), "-o", str(bad / "out")])
    assert made.exit_code == 1 and "data/posters.yml:1:" in made.output
    assert "Traceback" not in made.output and not (bad / "out").exists()


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAILAN_POSTER_CACHE", "0")
    assert PdfCache.default() is None


def test_a_change_to_the_printing_code_prints_every_poster_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cached PDF is only as good as the code that printed it: a new release that prints
    # differently must not publish last release's PDFs, whether or not anyone bumped VERSION.
    import generator.outputs.posters as posters

    monkeypatch.setenv("GONGKAILAN_POSTER_CACHE", str(tmp_path / "cache"))
    before = PdfCache.default()
    assert before is not None
    before.put("<html>告示</html>", "notice", b"%PDF-1.7 old")
    assert PdfCache.default().get("<html>告示</html>", "notice") == b"%PDF-1.7 old"  # type: ignore[union-attr]
    monkeypatch.setattr(posters, "_printing_code", lambda: b"the next release's poster code")
    assert PdfCache.default().get("<html>告示</html>", "notice") is None  # type: ignore[union-attr]


@pytest.mark.parametrize("url", ["file:///etc/hostname", "https://example.org/logo.png", "http://127.0.0.1/x.png"])
def test_posters_load_nothing_from_files_or_network(url: str) -> None:
    from generator.outputs.posters import _fetcher

    with pytest.raises(ValueError, match="disallowed protocol"):
        _fetcher()(url)


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty", "old format"])
def test_a_damaged_cached_poster_is_dropped_and_printed_again(
    site: Site,
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    damage: str,
) -> None:
    monkeypatch.setenv("GONGKAILAN_POSTER_CACHE", str(tmp_path / "cache"))
    cache = PdfCache.default()
    assert cache is not None and cache.folder == tmp_path / "cache"
    loaded = load_style(project)
    poster = next(
        p for p in plan(Renderer(site, date(2026, 11, 20)), loaded.style, SITE_URL) if p.stem.endswith("jumin-gongyue")
    )
    writer = PosterWriter(loaded, date(2026, 11, 20), cache)
    good = writer.pdf(poster, "A4")
    [entry] = (tmp_path / "cache").glob("*/*.pdf")
    stored = entry.read_bytes()
    damaged = {
        "truncated": stored[: len(stored) // 2],
        "flipped byte": stored[:-100] + bytes([stored[-100] ^ 1]) + stored[-99:],
        "empty": b"",
        "old format": good[: len(good) // 2],  # a raw, cut-short PDF as the previous cache kept it
    }[damage]
    entry.write_bytes(damaged)
    caplog.set_level("INFO", logger="mkdocs.plugins.gongkailan.posters")
    again = writer.pdf(poster, "A4")
    assert again == good
    assert [r.getMessage() for r in caplog.records if "已损坏" in r.getMessage()] == [
        f"海报缓存里的 {poster.stem} 已损坏（{entry}），已删除，这张海报重新生成"
    ]
    assert entry.read_bytes() == stored  # rebuilt in the cache too
    caplog.clear()
    assert writer.pdf(poster, "A4") == good and not caplog.records  # and read back quietly next time


# --- laid out for the sheet -------------------------------------------------------------------

_ARTICLE_NO = re.compile(r"^第[零一二三四五六七八九十百]+条", re.M)


def articles_on(pdf: Path, number: int) -> int:
    return len(_ARTICLE_NO.findall(page_body(pdf, number)))


def test_a_rule_never_ends_on_a_sheet_of_one_or_two_articles_when_a_tighter_step_fits(out: Path) -> None:
    # At the plain step the 居民公约's last A4 sheet held only its last two articles (3 sheets).
    pdf = out / "xingfu/rules/jumin-gongyue-A4.pdf"
    assert page_count(pdf) == 2
    assert articles_on(pdf, 2) >= 3
    assert "第十六条" in page_body(pdf, 2)


def test_a3_is_its_own_layout_with_rules_in_two_columns(out: Path) -> None:
    pdf = out / "xingfu/rules/jumin-gongyue-A3.pdf"
    width = page_size_mm(pdf)[0] / MM_PER_PT
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(第[一二三四五六七八九十]+条)</word>',
        run("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"),
    )
    left = [(float(y), no) for x, y, _, no in words if float(x) < width / 2]
    right = [(float(y), no) for x, y, _, no in words if float(x) > width / 2]
    # Articles on both halves of the first sheet, the right column starting above the left one's end.
    assert left and right and min(right)[0] < max(left)[0], words
    # Type grows by a fifth, not by √2: the title is at most 1.25 × its A4 height (√2 = 1.41).
    heights = {}
    for size in ("A4", "A3"):
        bbox = run("pdftotext", "-bbox", "-f", "1", "-l", "1", out / f"xingfu/rules/jumin-gongyue-{size}.pdf", "-")
        title = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">幸福里社区居民公约<', bbox)
        assert title, size
        heights[size] = float(title.group(2)) - float(title.group(1))
    assert 1.1 < heights["A3"] / heights["A4"] < 1.25, heights


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_every_gongshi_shows_its_period_and_objections_under_the_title(out: Path, site: Site, size: str) -> None:
    shown = 0
    down = Takedown(TODAY, 0)
    for doc in community(site).notices:
        notice = doc.model
        if not notice.ends_on or down.is_down(notice):  # a list taken down has no poster any more
            continue
        first = squeeze(page_body(out / f"xingfu/notices/{doc.slug}-{size}.pdf", 1))
        title = first.find(squeeze(notice.title))
        period = first.find("公示期：")
        assert 0 <= title < period, (doc.slug, first[:120])
        # Right under the title: nothing of the body comes between.
        assert period - (title + len(squeeze(notice.title))) < 5, (doc.slug, first[:160])
        if notice.objections:
            assert "异议受理：" in first, doc.slug
        shown += 1
    assert shown >= 3


def test_table_headers_are_never_broken_inside_a_word(out: Path) -> None:
    for size in ("A4", "A3"):
        text = run("pdftotext", "-f", "1", "-l", "1", out / f"xingfu/notices/2026-11-18-dibao-gongshi-{size}.pdf", "-")
        for header in ("序号", "申请人", "家庭人口", "居民小组"):
            assert header in text, (size, header)


# --- 制度汇编 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "width", "height"), [("A4", 210, 297), ("A5", 148, 210)])
def test_rules_booklet_has_contents_then_every_rule_in_force(
    wall: Path, site: Site, size: str, width: int, height: int
) -> None:
    pdf = wall / f"xingfu/rules/zhidu-huibian-{size}.pdf"
    w, h = page_size_mm(pdf)
    assert abs(w - width) < 0.5 and abs(h - height) < 0.5
    in_force = [d.model for d in community(site).rules if d.model.status == "有效"]
    contents = run("pdftotext", "-f", "1", "-l", "1", pdf, "-")
    assert "规章制度汇编" in contents
    pages = page_count(pdf)
    assert pages > len(in_force)
    for rule in in_force:
        # The contents line names the rule and the page it starts on; that page begins with its title.
        line = re.search(re.escape(rule.title) + r"[\s.]*?(\d+)\s*$", contents, re.M)
        assert line, (size, rule.title, contents)
        start = int(line.group(1))
        assert 1 < start <= pages
        assert squeeze(rule.title) in squeeze(run("pdftotext", "-f", str(start), "-l", str(start), pdf, "-"))
    assert "jumin-gongyue-2016" not in contents and "已废止" not in contents
    # The dots between a title and its page are drawn, not typed: copied or read aloud, a line
    # of the contents is the title and the page, not a run of full stops.
    assert ".." not in contents
    rows = run("pdffonts", pdf).splitlines()[2:]
    assert rows and all("Noto-Sans-CJK-SC" in row and " yes yes yes " in row for row in rows), rows
