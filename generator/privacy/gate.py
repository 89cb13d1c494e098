"""Privacy gate: the finished site is scanned for unmasked personal numbers before it goes live.

Masking (``generator.privacy``) happens when the data is loaded and again when pages are
rendered; this is the last check, on every file the build wrote: HTML pages, the search
index (Material's JSON or Pagefind's gzip chunks), the sitemap, feeds, CSV and JSON open
data, and PDF posters (read back with ``pdftotext``). Any ID number, bank card number,
private mobile or landline number, private e-mail address or exact home address found
there fails the build, naming the output file and the data file and line the value came
from, so that the editor knows what to fix. The message shows the value masked: CI logs
are public too.

Two searches run on each text:

* the patterns of ``privacy.find_numbers``, ``find_emails`` and ``find_addresses`` (any ID,
  any Luhn-valid card number, any mobile or landline, e-mail address or home address not
  declared public, wherever it came from);
* every private number that occurs in the data, looked for in the text's digits alone, so
  that a number split by tags, spaces or punctuation (``1380013<td>8000``) is still caught.

Every page of a committee repeats the same header, menu and footer, so an HTML file is cut
into blocks at each line break followed by a tag, and each distinct block is scanned once per
build (``_Blocks``): a page costs what its own text costs. The cut is made in the page's bytes
(no byte of a character beyond ASCII in UTF-8 is a line break, a blank or <), and first at some
of those places only (before a closing ``</li>`` or ``</div>``): a group of blocks seen on an
earlier page is looked up whole, with what its blocks hold and the seams between them. Cutting there changes nothing the
searches see: in the page's source and its entity-decoded form no pattern runs into a tag;
in the text a reader sees (tags gone) the line break is still there, and only a home address
(``3幢⏎2单元301室``) may run across one, so an address that could is looked for across the
cut (``_seam``). The digits of the blocks are joined per page before private numbers are
looked for (``PrivateNumbers``), as for any other file. The blocks a page brings that no page
before it had are scanned together, joined by a NUL character that no pattern, tag or entity
runs across.

Each text first goes through screens made of str and bytes methods (ten digits together once
separators are dropped; an @ between address characters; 室, 户 or 号 after a numeral):
a family of patterns runs only where its screen finds what every match of it has, and home
addresses only over the stretches of address characters around such a 室, 户 or 号. A PDF poster's text is read (``pdftotext``) only when the poster is new: the text
of a poster that passed is kept in a cache beside the posters' own (``PdfTexts``).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import dataclasses
import functools
import gc
import gzip
import hashlib
import html
import itertools
import json
import operator
import os
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ..errors import GongkailanError
from . import masking as privacy

if TYPE_CHECKING:
    from ..model.committee import Site
    from .takedown import Takedown

_KIND_WORDS = {
    "id": "身份证号", "mobile": "手机号码", "card": "银行卡号", "landline": "固定电话", "email": "电子邮箱",
    "address": "住址", "?": "个人号码", "name": "已撤下名单里的姓名",
}  # fmt: skip
_TEXT_SUFFIXES = {
    ".html", ".htm", ".xml", ".json", ".txt", ".csv", ".tsv", ".js", ".mjs", ".css", ".md", ".rss",
    ".atom", ".ics", ".svg", ".webmanifest", ".yml", ".yaml", ".vcf", ".map",
}  # fmt: skip
_MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".svg", ".rss", ".atom"}
_ZIP_SUFFIXES = {".zip", ".xlsx", ".docx", ".pptx", ".ods", ".odt", ".epub"}
MAX_SHOWN = 40


@dataclass
class Source:
    """Where each personal number occurs in the data: number -> [(file, line), ...]."""

    places: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    kinds: dict[str, str] = field(default_factory=dict)

    def add_found(self, kind: str, number: str, path: str, line: int) -> None:
        """Record where a number of ``kind`` is written in the data (the first five places are shown)."""
        if (path, line) not in self.places[number]:
            self.places[number].append((path, line))
        self.kinds.setdefault(number, kind)

    def where(self, number: str) -> str:
        places = self.places.get(number)
        if not places:
            return "数据文件里找不到这个号码：可能来自手写页面、模板或被拆开写的号码"
        shown = "、".join(f"{path}:{line}" for path, line in places[:5])
        return "来自 " + shown + (" 等处" if len(places) > 5 else "")


def _texts_of_value(value: Any, out: list[str] | None = None) -> list[str]:
    """Every string in parsed JSON ``value`` (keys too), in the order the file has them."""
    # A list filled by a recursive function, the strings taken in place: Pagefind's entry and
    # filter files hold tens of thousands, and a generator per value costs more than they do.
    out = [] if out is None else out
    if isinstance(value, str):
        out.append(value)
        return out
    for key, item in value.items() if isinstance(value, dict) else enumerate(value if isinstance(value, list) else ()):
        if isinstance(key, str):
            out.append(key)
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, (dict, list)):
            _texts_of_value(item, out)
    return out


def _readable(text: str) -> str:
    """Text as a reader (or Markdown) would see it: entities resolved, inline tags gone."""
    return privacy.normalize(privacy.visible_text(html.unescape(text)))


_AT = re.compile(r"[A-Za-z0-9._%+-][@＠][A-Za-z0-9-]")
# The screens below say, with str and bytes methods that run at C speed, which of the three
# families of patterns (numbers, e-mail addresses, home addresses) could match a normalized
# text; a family they clear is not run. Each screen is a necessary condition of its patterns:
#
# * numbers (privacy.find_numbers): a match lies inside a run of candidate characters
#   (digits and the separators ``_CANDIDATE`` allows) and holds at least ten digits (a landline:
#   a 3-digit area code and a 7-digit local number; IDs, mobiles, cards and the long runs a
#   mobile hides in have more). With every separator deleted, those digits stand together.
#   In normalized text every digit ``\d`` matches is ASCII, except digits beyond the BMP
#   (their UTF-8 starts with F0-F4): text with any of those always gets the patterns.
# * e-mail: an @ (or ＠) with an address character on each side (``_AT``);
# * home addresses: a numeral, blanks, then 室, 户 or 号 (masking's ``_ROOM_MARK``), found from
#   each 室, 户 or 号 backwards rather than by a pattern tried at every character.
_FEWEST_DIGITS = b"0" * 10
_DIGIT_MAP = bytes(ord("0") if chr(b).isdigit() and b < 128 else ord("a") for b in range(256))
_ASCII_SEPARATORS = b" .()+-"
_NOT_ASCII = _ASCII_SEPARATORS + bytes(range(128, 256))
_WIDE_SEPARATORS = tuple(
    ch.encode() for ch in "\u00a0\u00b7\u3000\u2010\u2011\u2012\u2013\u2014\u2015\uff0d\uff08\uff09"
)
_NOT_ASTRAL = bytes(b for b in range(256) if not 0xF0 <= b <= 0xF4)
_ROOM_WORDS = ("室", "户", "号")
_AT_SIGNS = ("@", "＠")
_CHINESE_NUMERALS = frozenset("一二三四五六七八九十百零〇两")
_BLANKS_SEARCHED = 64  # blanks looked through before a room word; past that, the patterns run


def _may_hold_number(text: str, raw: bytes | None = None) -> bool:
    """``raw``: the UTF-8 of ``text``, when the caller has it."""
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    if len(raw) == len(text):  # ASCII: no separator of another script could join two runs
        return _FEWEST_DIGITS in raw.translate(_DIGIT_MAP, _ASCII_SEPARATORS)
    if raw.translate(None, _NOT_ASTRAL):
        return True  # a character beyond the BMP (its UTF-8 starts with F0-F4): it may be a digit
    # Every character beyond ASCII deleted joins more runs than the separators among them do:
    # text that still has no ten digits together needs no closer look (most text).
    if _FEWEST_DIGITS not in raw.translate(_DIGIT_MAP, _NOT_ASCII):
        return False
    if _FEWEST_DIGITS in raw.translate(_DIGIT_MAP, _ASCII_SEPARATORS):
        return True
    for separator in _WIDE_SEPARATORS:
        if separator in raw:
            raw = raw.replace(separator, b"")
    return _FEWEST_DIGITS in raw.translate(_DIGIT_MAP, _ASCII_SEPARATORS)


def _may_hold_email(text: str) -> bool:
    for at_sign in _AT_SIGNS:
        at = text.find(at_sign)
        while at >= 0:
            if _AT.match(text, at - 1) is not None:
                return True
            at = text.find(at_sign, at + 1)
    return False


def _room_words(text: str) -> Iterator[int] | None:
    """Where ``text`` has 室, 户 or 号 after a numeral and blanks (``None``: too many blanks to look through)."""
    hits = []
    for word in _ROOM_WORDS:
        at = text.find(word)
        while at >= 0:
            before = at - 1
            while before >= 0 and text[before].isspace():
                if at - before > _BLANKS_SEARCHED:
                    return None
                before -= 1
            if before >= 0 and (text[before].isdecimal() or text[before] in _CHINESE_NUMERALS):
                hits.append(at)
            at = text.find(word, at + 1)
    return iter(sorted(hits))


def _may_hold_address(text: str) -> bool:
    hits = _room_words(text)
    return hits is None or next(hits, None) is not None


# What a home address (privacy.find_addresses) is made of: numerals, blanks and the words of a
# building, unit, floor, room or door. A match lies inside one run of these characters and
# ends with a room word after a numeral, so the pattern runs only over the runs that hold one
# of those, each cut out with the character after it (what the pattern's lookahead reads; the
# character before a run is none of those its lookbehinds refuse).
_ADDRESS_CHARS = frozenset("０１２３４５６７８９一二三四五六七八九十百零〇两号楼幢栋座单元层室户-")


def _in_address(ch: str) -> bool:
    return ch in _ADDRESS_CHARS or ch.isdecimal() or ch.isspace()


def _addresses(text: str) -> Iterator[privacy.Found]:
    """``privacy.find_addresses(text)``, the pattern run only where an address can be."""
    hits = _room_words(text)
    if hits is None:
        yield from privacy.find_addresses(text)
        return
    done = 0
    for at in hits:
        if at < done:
            continue  # inside the run just scanned
        start = at
        while start > done and _in_address(text[start - 1]):
            start -= 1
        done = at + 1
        while done < len(text) and _in_address(text[done]):
            done += 1
        for found in privacy.find_addresses(text[start : done + 1]):
            yield dataclasses.replace(found, start=found.start + start, end=found.end + start)


def _may_be_personal(text: str) -> bool:
    """False when no pattern of ``_personal`` can match the normalized ``text``."""
    return _may_hold_number(text) or _may_hold_email(text) or _may_hold_address(text)


def _personal(text: str, runs: bool = True, raw: bytes | None = None) -> Iterator[privacy.Found]:
    """Every personal value in normalized ``text`` (``privacy.normalize``) that the gate looks for
    (``raw``: its UTF-8, when the caller has it)."""
    if _may_hold_number(text, raw):
        yield from privacy.find_numbers(text, runs)
    if _may_hold_email(text):
        yield from privacy.find_emails(text)
    yield from _addresses(text)


def source_index(site: Site, extra: Iterable[Path] = (), cache: Path | None = None) -> Source:
    """Every personal number in the data files (and hand-written pages), with its line.

    ``cache``: a file where what each data file holds is kept by the file's content (and this
    code), so that a build after an edit reads again only the files that changed."""
    index = Source()
    root = site.root
    kept = _IndexCache(cache)
    digests: dict[str, str] = {}
    for path in [*site.files, *extra]:
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = path.as_posix()
        digest = digests[shown] = hashlib.sha256(raw).hexdigest()
        for kind, number, line in kept.get("lines", digest, functools.partial(_personal_lines, raw)):
            index.add_found(kind, number, shown, line)
    # A number only visible once a value is read whole (split over lines, or written with
    # entities such as &#49;) is placed on the line where that value starts.
    for doc in privacy.documents(site):
        digest = digests.get(doc.path, "")
        values = kept.get("values", digest, functools.partial(_personal_values, doc.located)) if digest else None
        for kind, number, line in values if values is not None else _personal_values(doc.located):
            if number not in index.places:
                index.add_found(kind, number, doc.path, line)
    kept.save()
    return index


_Entries = list[tuple[str, str, int]]  # (kind, number, line)


def _personal_lines(raw: bytes) -> _Entries:
    entries: _Entries = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
        # Reading a line as a reader would only drops tags and, through entities (&), adds
        # characters: a line without & that the screen clears holds nothing either way.
        if "&" not in line and not _may_be_personal(privacy.normalize(line)):
            continue
        entries.extend((found.kind, found.number, number) for found in _personal(_readable(line)))
    return entries


def _personal_values(located: Any) -> _Entries:
    entries: _Entries = []
    for loc, (line, _) in located.marks.items():
        node = located.data
        for part in loc:
            node = node[part]
        if isinstance(node, str):
            entries.extend((found.kind, found.number, line) for found in _personal(_readable(node)))
    return entries


class _IndexCache:
    """``source_index``'s findings per data file, by the file's SHA-256, in one JSON file.

    The key also covers this module's and the masking rules' source, so a release that finds
    numbers differently reads every file again. Only entries used by the last build are kept.
    A cache that cannot be read or written only costs time."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.used: dict[str, dict[str, _Entries]] = {"lines": {}, "values": {}}
        self.known: dict[str, dict[str, _Entries]] = {"lines": {}, "values": {}}
        self.changed = False
        if path is None:
            return
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("code") == _rules_digest():
                self.known = {part: dict(stored[part]) for part in ("lines", "values")}
        except (OSError, ValueError, KeyError, TypeError):
            pass

    def get(self, part: str, digest: str, make: Callable[[], _Entries]) -> _Entries:
        entries = self.known[part].get(digest)
        if entries is None:
            entries = make()
            self.changed = True
        else:
            entries = [(kind, number, line) for kind, number, line in entries]
        self.used[part][digest] = entries
        return entries

    def save(self) -> None:
        if self.path is None or not (self.changed or any(len(self.used[p]) != len(self.known[p]) for p in self.used)):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".part")
            partial.write_text(json.dumps({"code": _rules_digest(), **self.used}, ensure_ascii=False), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            pass


@functools.cache
def _rules_digest() -> str:
    digest = hashlib.sha256()
    for module in (__file__, privacy.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Leak:
    output: str  # path inside the site
    kind: str
    number: str  # or, for kind "name", the name of a person on a taken-down list
    where: str = field(default="", compare=False)  # for names: the data files of the lists

    def describe(self, index: Source) -> str:
        if self.kind == "name":
            # The data file is named; the name itself only by its first character (CI logs are public).
            return f"{self.output}: 有{_KIND_WORDS['name']} {self.number[0]}*（来自 {self.where}）"
        if self.kind == "email":
            masked = privacy.mask_email(self.number)
        elif self.kind == "address":
            masked = privacy.mask_address(self.number)
        else:
            masked = privacy.mask_number(self.kind if self.kind in privacy.ALLOWED else "mobile", self.number)
        return f"{self.output}: 有未打码的{_KIND_WORDS[self.kind]} {masked}({index.where(self.number)})"


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _is_text(raw: bytes) -> bool:
    """Whether ``raw`` decodes as UTF-8 or GB18030 (``_decode``'s encodings before its Latin-1 fallback)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _texts(name: str, raw: bytes, pdf_texts: PdfTexts | None = None) -> Iterator[str]:
    """The texts of one output file, in every form a number could hide in."""
    suffix = Path(name).suffix.lower()
    if raw[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz, Pagefind's index and fragments
        try:
            inner = gzip.decompress(raw)
        except (OSError, EOFError):
            inner = b""
        if name.endswith(".gz"):
            yield from _texts(name[: -len(".gz")], inner)
        else:
            try:
                # UTF-8 throughout (Pagefind's fragments): its text, decoded once; the lenient
                # reading below would be the same text (less a leading BOM).
                text = inner.decode("utf-8")
            except UnicodeDecodeError:
                if _is_text(inner):
                    yield from _texts(name + ".txt", inner)
            else:
                yield text.removeprefix("\ufeff")
                if not text.startswith("\ufeff"):
                    return
        # Pagefind's binary index holds its words as UTF-8 runs between binary bytes. A binary file
        # is read this way only: as Latin-1 it would show the same ASCII digits, @ and letters,
        # and no Chinese character for a home address.
        yield inner.decode("utf-8", errors="replace")
        return
    if suffix == ".pdf":
        cached = pdf_texts.get(raw) if pdf_texts is not None else None
        yield cached if cached is not None else _pdf_text(name, raw)
        return
    if suffix in _ZIP_SUFFIXES:
        yield from _zip_texts(raw)
        return
    if suffix not in _TEXT_SUFFIXES:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return  # images, fonts: no text a reader sees
        yield text
        return
    text = _decode(raw)
    yield text
    if suffix in _MARKUP_SUFFIXES:
        yield html.unescape(text)
        yield privacy.visible_text(text)
    elif suffix in (".json", ".map", ".webmanifest"):
        try:
            # Material's search index escapes every non-ASCII character (\u4e00) and jieba
            # puts \u200b between words: only the decoded strings show the numbers.
            strings = _texts_of_value(json.loads(text))
        except ValueError:
            strings = []
        yield "\n".join(strings)
        yield _visible_lines(strings)


def _visible_lines(strings: list[str]) -> str:
    """The reader's text of each string, a line each: made in one pass over the strings joined
    by NUL (see ``_Blocks._judge``), one by one if a string holds a NUL or leaves a tag open."""
    joined = "\0".join(strings)
    if joined.count("\0") == len(strings) - 1:
        visible = privacy.visible_text(joined)
        if visible.count("\0") == len(strings) - 1:
            return visible.replace("\0", "\n")
    return "\n".join(privacy.visible_text(s) for s in strings)


class PdfUnreadable(GongkailanError):
    pass


def _pdf_text(name: str, raw: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise PdfUnreadable(f"{name}: 无法检查 PDF 里的个人信息：没有安装 pdftotext（请安装 poppler-utils）")
    result = subprocess.run([exe, "-q", "-enc", "UTF-8", "-", "-"], input=raw, capture_output=True, timeout=120)
    if result.returncode != 0:
        raise PdfUnreadable(f"{name}: 无法读取这个 PDF 的文字，不能确认其中没有个人信息")
    return result.stdout.decode("utf-8", errors="replace")


class PdfTexts:
    """The text ``pdftotext`` read from each poster that passed the gate, by the PDF's SHA-256.

    Beside the posters' own cache (generator/outputs/posters.py's ``PdfCache``, which holds the
    same PDFs), under the same setting ``GONGKAILAN_POSTER_CACHE`` (``0``: no cache). The text is
    scanned again in every build, against the data of that build; only reading it back from
    the PDF is saved. The key covers the pdftotext program (its path, size and date), so an
    upgraded poppler reads every poster afresh. An entry whose checksum does not match is
    ignored and the PDF read again.
    """

    VERSION = "1"
    HEADER = b"gongkailan-pdf-text\n"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        exe = shutil.which("pdftotext") or ""
        with contextlib.suppress(OSError):
            stat = os.stat(exe)
            exe += f"|{stat.st_size}|{stat.st_mtime_ns}"
        self.seed = hashlib.sha256(f"{self.VERSION}|{exe}|".encode()).digest()

    @classmethod
    def default(cls) -> PdfTexts | None:
        setting = os.environ.get("GONGKAILAN_POSTER_CACHE", "1")
        if setting == "0":
            return None
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongkailan"
        return cls((Path(setting) if setting != "1" else base / "posters") / "gate-text")

    def _path(self, raw: bytes) -> Path:
        digest = hashlib.sha256(self.seed + raw).hexdigest()
        return self.folder / digest[:2] / f"{digest}.txt"

    def get(self, raw: bytes) -> str | None:
        try:
            data = self._path(raw).read_bytes()
        except OSError:
            return None
        start = len(self.HEADER) + 32
        text = data[start:]
        if not data.startswith(self.HEADER) or hashlib.sha256(text).digest() != data[len(self.HEADER) : start]:
            return None
        return text.decode("utf-8", errors="replace")

    def put(self, raw: bytes, text: str) -> None:
        encoded = text.encode("utf-8")
        path = self._path(raw)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(self.HEADER + hashlib.sha256(encoded).digest() + encoded)
            partial.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _zip_texts(raw: bytes) -> Iterator[str]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return
    with archive:
        for info in archive.infolist():
            if info.file_size > 50 * 1024 * 1024:
                continue
            yield from _texts(info.filename, archive.read(info))


# Checksums (sha256 in datapackage.json, content hashes in asset names) are hex, never
# personal data, yet their digit runs can look like a mobile number.
_HEX_DIGEST = re.compile(r"(?<![0-9A-Za-z])(?=[0-9a-f]*[a-f])[0-9a-f]{32,}(?![0-9A-Za-z])")


# Each byte of UTF-8 as x (an ASCII hex character) or a space: a checksum is a run of 32 x.
# No byte of a non-ASCII character is ASCII, so the runs are the text's own.
_HEX_MAP = bytes(ord("x") if chr(b) in "0123456789abcdef" else ord(" ") for b in range(256))
_HEX_32 = b"x" * 32


def _prepared_utf8(text: str) -> tuple[str, bytes]:
    """The text the searches read (numbers normalized, checksums blanked), and its UTF-8."""
    text = privacy.normalize(text)
    raw = text.encode("utf-8", "surrogatepass")
    if len(text) < 32 or _HEX_32 not in raw.translate(_HEX_MAP):
        return text, raw  # no run of 32 hex characters, so no checksum: the pattern is skipped
    text = _HEX_RUN.sub(lambda run: _blank_digest(run, text), text)
    return text, text.encode("utf-8", "surrogatepass")


# ``_HEX_DIGEST`` found from the runs of 32 or more hex characters (a search that skips to the
# next such character, where the pattern's lookbehind is tried at every position): a run is
# blanked where the pattern would match it, whole, with an a-f in it and no letter or digit
# either side. (The pattern cannot match part of a longer run: a match starting inside
# one has a hex character before it.)
_HEX_RUN = re.compile(r"[0-9a-f]{32,}")
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _blank_digest(run: re.Match[str], text: str) -> str:
    start, end = run.span()
    digest = run.group()
    if (start and text[start - 1] in _ALNUM) or (end < len(text) and text[end] in _ALNUM):
        return digest
    return digest if digest.isdigit() else " "  # a checksum has a letter a-f somewhere


def _patterns(text: str, public: frozenset[str], raw: bytes | None = None) -> Iterator[privacy.Found]:
    """Personal values the patterns find in prepared ``text`` (``raw``: its UTF-8), except those declared public."""
    # Generated scripts hold long numeric constants: a mobile inside a longer run is found
    # by its digits (the data it came from is indexed with it), not by its pattern.
    return (found for found in _personal(text, False, raw) if not privacy.is_public(found, public))


def _digits(text: str, keep: str = "", raw: bytes | None = None) -> str:
    """The digits (and X) of ``text``, and the ASCII characters ``keep``, in order (``raw``: its UTF-8).

    Made by deleting every other byte of its UTF-8, in C: every byte of a character beyond
    ASCII is 0x80 or above, so deleting bytes never makes a digit of part of one.
    """
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    return raw.translate(_UPPER_X, _not_digits(keep)).decode("ascii")


_UPPER_X = bytes.maketrans(b"x", b"X")


@functools.cache
def _not_digits(keep: str) -> bytes:
    kept = b"0123456789Xx" + keep.encode("ascii")
    return bytes(byte for byte in range(256) if byte not in kept)


class PrivateNumbers:
    """The private numbers of the data (their digits and X), to be found in a text's digits.

    Up to ``FEW`` numbers of a length are each looked for directly. More are found by taking every
    run of that length in the digits, overlapping, against the set: only the runs whose every
    character is one some number has at its place (``_windows``). Numbers of one 街道 share
    much (a mobile starts 1[3-9], residents' ID numbers the district's six digits), so most
    places in a page's digits are passed over in C without a string made for them.
    """

    FEW = 8  # beyond this, one pass of ``_windows`` costs less than an ``in`` per number

    def __init__(self, numbers: Iterable[str] = ()) -> None:
        by_length: dict[int, set[str]] = defaultdict(set)
        for number in numbers:
            by_length[len(number)].add(number)
        self.lengths = [
            (frozenset(found), _windows(found) if len(found) > self.FEW else None) for found in by_length.values()
        ]

    def __bool__(self) -> bool:
        return bool(self.lengths)

    def found_in(self, digits: str) -> set[str]:
        present: set[str] = set()
        for numbers, windows in self.lengths:
            if windows is None:
                present.update(number for number in numbers if number in digits)
            else:
                present.update(numbers.intersection(map("".join, windows.findall(digits))))
        return present


def _windows(numbers: Iterable[str]) -> re.Pattern[str]:
    """Every run, overlapping, of characters each one of the numbers' characters at its place.

    The first place is matched (a match moves on by one character) and the rest looked ahead
    for: a pattern that starts with a character class is tried only where that class matches,
    which the regular expression engine finds in C without entering the pattern.
    """
    first, *rest = (f"[{''.join(map(re.escape, sorted(set(chars))))}]" for chars in zip(*numbers, strict=True))
    return re.compile(f"({first})(?=({''.join(rest)}))")


def _private_in_digits(digits: str, name: str, private: PrivateNumbers) -> set[Leak]:
    return {Leak(name, "id" if privacy.id_plausible(number) else "?", number) for number in private.found_in(digits)}


def scan_text(text: str, name: str, public: frozenset[str], private: PrivateNumbers) -> set[Leak]:
    text, raw = _prepared_utf8(text)
    leaks = {Leak(name, found.kind, found.number) for found in _patterns(text, public, raw)}
    if private:
        leaks |= _private_in_digits(_digits(text, raw=raw), name, private)
    return leaks


# Where an HTML file is cut into blocks: before each line that starts with a tag.
_BLOCK_CUT = re.compile(r"\n(?=[ \t]*<)")
_RAW_BLOCK_CUT = re.compile(_BLOCK_CUT.pattern.encode())
_GROUP_CUT = re.compile(rb"\n(?=</(?:li|div)>)")
SEAM = 256  # characters of a reader's text on each side of a cut that are scanned together


class _Verdict(NamedTuple):  # a tuple: made fast, and ``None in verdicts`` stays a C loop
    """What one block of HTML holds, whatever page it is on."""

    found: frozenset[tuple[str, str]]  # (kind, number) the patterns find in its three forms
    names: frozenset[str]  # names of taken-down lists it carries
    digits: str  # its digits in each of its three forms (source, entities decoded, reader's text)
    entity_digits: str
    visible_digits: str
    head: str  # the start and the end of its text as a reader sees it, for the seams
    tail: str
    blank: bool  # a reader sees nothing of it (tags and white space only)
    address_start: bool  # its text could continue a home address from the block before
    address_end: bool  # its text could end in the first part of a home address


# A home address (privacy.find_addresses) can only run across a cut between these: numerals
# and the words of a building, unit, floor and room.
# (The first and the last character a reader sees, blanks aside, tested with str methods: \d is
# ``isdecimal``, \s ``isspace``, as in the patterns.)
_ADDRESS_END = frozenset("０１２３４５６７８９一二三四五六七八九十百零〇两楼幢栋座元层号-")
_ADDRESS_START = frozenset("０１２３４５６７８９一二三四五六七八九十百零〇两号楼幢栋座单层室户-")


class _Blocks:
    """Scans HTML block by block, each distinct block and seam once (see the module's notes).

    The blocks a page brings that no page before it had are judged together (``_judge``):
    joined by a NUL character, which no pattern, tag or entity runs across, each form is made
    and searched once for all of them, and what is found is put back to the block it lies in.
    """

    def __init__(self, public: frozenset[str], private: PrivateNumbers, names: dict[str, list[str]]) -> None:
        self.public, self.private, self.names = public, private, names
        self.any_name = names_screen(names)
        self.blocks: dict[bytes, _Verdict] = {}  # by the block's UTF-8
        self.seams: dict[str, frozenset[tuple[str, str]]] = {}
        self.groups: dict[bytes, _Verdict] = {}  # groups of blocks seen on more than one page
        self.once: set[int] = set()  # the hash of each group seen once

    def _names_in(self, text: str) -> frozenset[str]:
        if not self.any_name(text):
            return frozenset()
        return frozenset(person for person in self.names if person in text)

    def _judge_each(self, blocks: Sequence[str]) -> list[_Verdict]:
        """One block at a time: for blocks that hold a NUL themselves, or leave a tag open."""
        verdicts = []
        for block in blocks:
            visible = privacy.visible_text(block)
            unescaped = html.unescape(block) if "&" in block else block
            forms = [_prepared_utf8(block)]
            forms.append(forms[0] if unescaped is block else _prepared_utf8(unescaped))
            forms.append(_prepared_utf8(visible))
            distinct = {id(form): form for form in forms}.values()  # the same text is scanned once
            found = frozenset((f.kind, f.number) for text, raw in distinct for f in _patterns(text, self.public, raw))
            names: frozenset[str] = frozenset()
            if self.names:
                names = self._names_in(block) | self._names_in(unescaped) | self._names_in(visible)
            digits = ("", "", "")
            if self.private:
                source, entities, shown = (_digits(text, raw=raw) for text, raw in forms)
                digits = (source, entities, shown)
            verdicts.append(self._make(visible, found, names, digits))
        return verdicts

    @staticmethod
    def _make(
        visible: str, found: frozenset[tuple[str, str]], names: frozenset[str], digits: tuple[str, str, str]
    ) -> _Verdict:
        if not visible or visible.isspace():
            return _Verdict(found, names, *digits, "", "", True, False, False)
        head, tail = visible[:SEAM], visible[-SEAM:]
        first, last = head.lstrip()[:1], tail.rstrip()[-1:]
        return _Verdict(
            found,
            names,
            *digits,
            head,
            tail,
            False,
            first.isdecimal() or first in _ADDRESS_START,
            last.isdecimal() or last in _ADDRESS_END,
        )

    def _judge(self, blocks: list[str]) -> list[_Verdict]:
        """Judge new ``blocks`` (none holding a NUL) together, as if each were scanned alone.

        No pattern matches a NUL (nor runs across one: each lookaround sees it as it sees the
        end of a text), no entity name holds one and ``html.unescape`` makes none, so the
        forms of the joined text are the forms of the blocks joined by NUL, unless a tag left
        open in one block reaches into the next: then its NUL is gone, and each block is
        judged alone.
        """
        count = len(blocks)
        if count == 1:
            return self._judge_each(blocks)
        joined = "\0".join(blocks)
        visible = privacy.visible_text(joined)
        if visible.count("\0") != count - 1:
            return self._judge_each(blocks)
        unescaped = html.unescape(joined) if "&" in joined else joined
        forms = [_prepared_utf8(joined)]
        forms.append(forms[0] if unescaped is joined else _prepared_utf8(unescaped))
        forms.append(_prepared_utf8(visible))
        found: list[set[tuple[str, str]]] = [set() for _ in blocks]
        for form, raw in {id(form): form for form in forms}.values():
            cuts: list[int] | None = None
            for f in _patterns(form, self.public, raw):
                if cuts is None:
                    cuts = [m.start() for m in _NUL.finditer(form)]
                found[bisect.bisect(cuts, f.start)].add((f.kind, f.number))
        names: list[set[str]] = [set() for _ in blocks]
        texts = [joined, visible] if unescaped is joined else [joined, unescaped, visible]
        texts = [text for text in texts if self.any_name(text)]
        for person in self.names if texts else ():
            for text in texts:
                at = text.find(person)
                if at >= 0:
                    cuts = [m.start() for m in _NUL.finditer(text)]
                    while at >= 0:
                        names[bisect.bisect(cuts, at)].add(person)
                        at = text.find(person, at + 1)
        if self.private:
            digits = list(zip(*(_digits(form, "\0", raw).split("\0") for form, raw in forms), strict=True))
        else:
            digits = [("", "", "")] * count
        return [
            self._make(shown, frozenset(in_block), frozenset(named), block_digits)
            for shown, in_block, named, block_digits in zip(visible.split("\0"), found, names, digits, strict=True)
        ]

    def _seam(self, tail: str, head: str) -> frozenset[tuple[str, str]]:
        """Home addresses that run from the reader's text ``tail`` across a cut into ``head``."""
        key = tail + "\n\0" + head
        seen = self.seams.get(key)
        if seen is None:
            joined, cut = privacy.normalize(tail + "\n" + head), len(tail)
            seen = frozenset(
                (f.kind, f.number)
                for f in privacy.find_addresses(joined)
                if f.start <= cut < f.end and not privacy.is_public(f, self.public)
            )
            self.seams[key] = seen
        return seen

    def _merged(self, verdicts: Sequence[_Verdict]) -> _Verdict:
        """The verdict of ``verdicts``' blocks read one after another: what each holds, the home
        addresses that run across the cuts between them, and their digits joined."""
        found_in, named, digits, entity_digits, visible_digits, heads, tails, blank, starts, ends = zip(
            *verdicts, strict=True
        )
        found: frozenset[tuple[str, str]] = frozenset().union(*filter(None, found_in))
        names: frozenset[str] = frozenset().union(*filter(None, named))
        joined = ("".join(digits), "".join(entity_digits), "".join(visible_digits))
        if all(blank):
            return _Verdict(found, names, *joined, "", "", True, False, False)
        first = blank.index(False)
        last = len(blank) - 1 - blank[::-1].index(False)
        # A blank block (tags and white space) ends in nothing: only a shown block before the last
        # one can begin a seam.
        if any(itertools.islice(ends, last)):
            # Blocks a reader sees nothing of only add white space between two others, and any
            # amount of it reads the same to the address pattern (``\s*``): they are skipped.
            seen = list(map(operator.not_, blank))
            shown_heads = list(itertools.compress(heads, seen))
            shown_tails = list(itertools.compress(tails, seen))
            # A seam joins a block ending in a numeral or address word to the next shown block
            # starting in one: found in C (and_), not in a Python loop over every pair of blocks.
            joins = map(
                operator.and_,
                itertools.compress(ends, seen),
                itertools.islice(itertools.compress(starts, seen), 1, None),
            )
            pairs = zip(shown_tails[:-1], shown_heads[1:], strict=True)
            found = found.union(*(self._seam(tail, head) for tail, head in itertools.compress(pairs, joins)))
        return _Verdict(found, names, *joined, heads[first], tails[last], False, starts[first], ends[last])

    def _expanded(self, groups: list[bytes], verdicts: list[_Verdict | None], each: bool) -> list[_Verdict]:
        """``verdicts`` with each unknown group (None) replaced by the verdicts of its blocks
        (``each``: the new blocks are judged one by one, ``_judge_each``)."""
        blocks = self.blocks
        missing = list(itertools.compress(range(len(groups)), map(operator.not_, verdicts)))
        cut = [_RAW_BLOCK_CUT.split(groups[at]) for at in missing]
        new = list(dict.fromkeys(itertools.filterfalse(blocks.__contains__, itertools.chain.from_iterable(cut))))
        if new:
            # (UnicodeDecodeError: the caller reads the page again; no block holds a NUL unless ``each``)
            texts = [block.decode("utf-8") for block in new] if each else b"\0".join(new).decode("utf-8").split("\0")
            blocks.update(zip(new, self._judge_each(texts) if each else self._judge(texts), strict=True))
        known = cast(list[_Verdict], verdicts)  # (between the missing ones)
        items: list[_Verdict] = []
        done = 0
        for at, inside in zip(missing, cut, strict=True):
            judged = list(map(blocks.__getitem__, inside))
            items += known[done:at]
            items += judged
            done = at + 1
            # A group is kept whole once it is seen again: a page's own content never comes back,
            # the header, menu and footer around it do. (Seen once is told by the group's hash:
            # were two to clash, a group would only be kept a page early.)
            key = hash(groups[at])
            if key in self.once:
                self.groups[groups[at]] = self._merged(judged)
            else:
                self.once.add(key)
        items += known[done:]
        return items

    def scan(self, raw: bytes, name: str) -> set[Leak]:
        """The leaks of one HTML file, ``raw`` as read: UTF-8, or any encoding ``_decode`` reads
        (read with a leading UTF-8 BOM and without it: GB18030 text after a BOM is read either way)."""
        # A page is some 400 blocks, nearly all known from earlier pages. It is cut as bytes: in
        # UTF-8 no byte of a character beyond ASCII is a line break, a blank or <, so the blocks
        # are the text's blocks, and only the new ones are decoded. It is first cut into groups
        # (``_GROUP_CUT``, at some of the same places): a group known whole is not cut further.
        read, raw = raw, raw.removeprefix(codecs.BOM_UTF8)  # as "utf-8-sig" reads it
        groups = _GROUP_CUT.split(raw)
        verdicts: list[_Verdict | None] = list(map(self.groups.get, groups))
        if None in verdicts:
            try:
                items = self._expanded(groups, verdicts, b"\0" in raw)
            except UnicodeDecodeError:  # another encoding: the page as _decode reads it, in UTF-8
                # (Bytes of a BOM may start the page's first character or not: both readings are scanned.)
                readings = dict.fromkeys([_decode(raw), _decode(read)])
                return set().union(*(self.scan(text.encode("utf-8"), name) for text in readings))
        else:
            items = cast(list[_Verdict], verdicts)
        page = self._merged(items)
        leaks = {Leak(name, kind, number) for kind, number in page.found}
        leaks |= {Leak(name, "name", person, "、".join(self.names[person])) for person in page.names}
        if self.private:
            # (a page without entities has its source's digits twice)
            for stream in dict.fromkeys((page.digits, page.entity_digits, page.visible_digits)):
                leaks |= _private_in_digits(stream, name, self.private)
        return leaks


_NUL = re.compile("\0")


@functools.cache
def _theme_files(base: Path | None) -> dict[str, Path]:
    """The theme's own assets, by path in the site; ``base`` comes from the engine glue (mkdocs_plugin)."""
    if base is None:
        return {}
    return {p.relative_to(base).as_posix(): p for p in (base / "assets").rglob("*") if p.is_file()}


def _files(top: str) -> list[str]:
    """Every file under ``top``, and every link to one; links to folders are not followed.

    (os.scandir and plain strings: each entry carries its kind, so a site's ten thousand files
    are listed without a stat() or a Path each; folders are taken from a list, not by recursion.)"""
    found: list[str] = []
    folders = [top]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.is_file():
                    found.append(entry.path)
    return found


def names_screen(names: Iterable[str]) -> Callable[[str], object]:
    """Whether a text may hold any of ``names``: one search for all (a few times faster than
    looking for each), truthy when one is there; the exact names are then looked for one by one."""
    listed = sorted(set(names), key=len, reverse=True)
    if not listed:
        return lambda text: None
    return re.compile("|".join(map(re.escape, listed))).search


def scan_names(text: str, name: str, names: dict[str, list[str]], screen: Callable[[str], object]) -> set[Leak]:
    """Names of persons on a list taken down (privacy/takedown.py) that ``text`` still carries
    (``screen``: ``names_screen(names)``, made once for all the texts of a scan)."""
    if not screen(text):
        return set()
    return {Leak(name, "name", person, "、".join(names[person])) for person in names if person in text}


def scan_site(
    site_dir: Path,
    site: Site,
    extra_sources: Iterable[Path] = (),
    theme: Path | None = None,
    takedown: Takedown | None = None,
    index: Source | None = None,
    checked: frozenset[str] = frozenset(),
) -> tuple[list[Leak], Source]:
    """Every unmasked personal number, and every name of a taken-down list, in the files under ``site_dir``.

    ``index`` is ``source_index(site, extra_sources)`` when the caller has it already (a build in
    units scans each unit's folder with the one index of the whole site). ``checked`` names files
    (paths inside ``site_dir``) this build did not write but took, unchanged, from a build whose
    gate read them against the same data (a rebuilt unit's reused pages)."""
    from .takedown import site_withdrawn_names

    names = site_withdrawn_names(site, takedown) if takedown is not None else {}
    public = privacy.site_public_numbers(site)
    index = index if index is not None else source_index(site, extra_sources)
    private = PrivateNumbers(
        number
        for number, kind in index.kinds.items()
        # e-mail and home addresses are found by their patterns: they have no digit form to search for
        if kind not in ("email", "address") and (kind == "id" or number not in public)
    )
    theme_files = _theme_files(theme)
    blocks = _Blocks(public, private, names)
    pdf_texts = PdfTexts.default()

    top = len(str(site_dir)) + 1
    by_content: dict[bytes, set[Leak]] = {}

    def scan_file(path: str) -> set[Leak]:
        name = path[top:].replace(os.sep, "/")
        with open(path, "rb") as file:
            raw = file.read()
        if name in theme_files and theme_files[name].read_bytes() == raw:
            return set()  # Material's own scripts and styles, byte for byte: no data in them
        suffix = os.path.splitext(path)[1].lower()
        if suffix in _MARKUP_SUFFIXES and raw[:2] != b"\x1f\x8b":
            return blocks.scan(raw, name)
        # Copies (each committee's Pagefind scripts and WebAssembly) are read once: what a file
        # holds depends on its bytes alone, only the name in the report is each copy's own.
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        known = by_content.get(digest)
        if known is not None:
            return {dataclasses.replace(leak, output=name) for leak in known}
        found: set[Leak] = set()
        texts = list(_texts(name, raw, pdf_texts))
        for text in dict.fromkeys(texts):  # a gzip file's text comes twice when it is UTF-8 throughout
            found |= scan_text(text, name, public, private)
            if names:
                found |= scan_names(text, name, names, blocks.any_name)
        if pdf_texts is not None and suffix == ".pdf" and not found:
            pdf_texts.put(raw, texts[0])  # a poster that passed: its text is read again only if it changes
        by_content[digest] = found
        return found

    files = [path for path in _files(str(site_dir)) if path[top:].replace(os.sep, "/") not in checked]
    pdfs = [path for path in files if path.lower().endswith(".pdf")]
    # Threads only for PDFs, where pdftotext runs as a separate process; the rest is Python
    # holding the interpreter lock, where threads only add switching.
    with ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 1) + 1)) as pool:
        read = pool.map(scan_file, pdfs)
        leaks: set[Leak] = set().union(*(scan_file(path) for path in files if not path.lower().endswith(".pdf")))
        leaks = leaks.union(*read)
    fixed = [
        leak if leak.kind == "name" else Leak(leak.output, index.kinds.get(leak.number, leak.kind), leak.number)
        for leak in leaks
    ]
    return sorted(set(fixed), key=lambda leak: (leak.output, leak.number)), index


def report(leaks: list[Leak], index: Source) -> str:
    lines = [leak.describe(index) for leak in leaks[:MAX_SHOWN]]
    if len(leaks) > MAX_SHOWN:
        lines.append(f"……另有 {len(leaks) - MAX_SHOWN} 处")
    if any(leak.kind == "name" for leak in leaks):
        lines.append(
            "公示期已过的人员名单（lists_persons: 是）里的姓名还在网站上，网站没有发布。"
            "请删去手写页面或其他数据里照抄的名单；名单本身会自动撤下"
        )
    if all(leak.kind == "name" for leak in leaks):
        return "\n".join(lines)
    lines.append(
        f"隐私检查未通过：共 {len(leaks)} 处个人信息没有打码，网站没有发布。"
        "请在数据里删去这些号码、邮箱或住址，或确认它们可以公开后写进 profile.yml 的 public_numbers"
        "（号码、邮箱）或 public_addresses（公共场所地址）；身份证号不能公开"
    )
    return "\n".join(lines)


class PrivacyLeak(GongkailanError):
    """The built site shows a personal number; the leaking files are deleted."""


def hand_written_sources(site: Site, docs_dir: Path) -> list[Path]:
    """Files editors typed that reach the site: hand-written pages, and the street-level
    settings beside the committee folders (data/posters.yml)."""
    handwritten = sorted(p for p in docs_dir.rglob("*") if p.suffix in (".md", ".html", ".yml") and p.is_file())
    data_dirs = {(site.root / c.profile.path).parent.parent for c in site.committees}
    return [*handwritten, *sorted(p for d in data_dirs for p in d.glob("*.yml"))]


def enforce(
    site_dir: Path,
    site: Site,
    extra_sources: Iterable[Path] = (),
    theme: Path | None = None,
    takedown: Takedown | None = None,
    index: Source | None = None,
    checked: frozenset[str] = frozenset(),
) -> None:
    """Raise ``PrivacyLeak`` (and delete the leaking files) if the site shows a personal number,
    or a name from a person list that ``takedown`` says has come down (``checked``: see ``scan_site``)."""
    # The scan makes many small objects and keeps those of every distinct block (tens of
    # thousands of verdicts), none in a reference cycle; the build's own (every page, in
    # memory) are not garbage yet. The collector would walk both again and again: it is
    # paused for the scan, and what was there before is frozen for the collections after it.
    gc.freeze()
    collecting = gc.isenabled()
    gc.disable()
    try:
        leaks, index = scan_site(site_dir, site, extra_sources, theme, takedown, index, checked)
    except PdfUnreadable as exc:
        raise PrivacyLeak(str(exc)) from None
    finally:
        if collecting:
            gc.enable()
        gc.unfreeze()
    if not leaks:
        return
    for output in {leak.output for leak in leaks}:
        # Never leave a leaking file behind, even where MkDocs wrote straight into site/.
        (site_dir / output).unlink(missing_ok=True)
    raise PrivacyLeak(report(leaks, index))
