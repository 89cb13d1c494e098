"""Personal data guard: the one masking rule every published text goes through.

个人信息保护法 and the procurators' orders on notice boards (N6 in the product notes) say
that ID numbers, bank card numbers, phone numbers and exact addresses of private persons
are de-identified before they are posted. This module finds them in every text field and
masks them:

* 居民身份证号: 18 characters with a valid GB 11643 check digit, and also a mistyped check
  digit or an old 15-digit number when the province code and birth date are real (a typo
  is still someone's ID); first 3 and last 4 kept, ``110***********123X``;
* mobile numbers (``1[3-9]`` + 9 digits, with or without ``+86``, spaces, hyphens or dots,
  or inside a longer run of digits): first 3 and last 4 kept, ``138****8000``;
* bank card numbers (16–19 digits, contiguous or in groups of four, Luhn digit valid):
  first 4 and last 4 kept, ``6222***********0123``;
* landlines (area code and a 7–8 digit local number, ``0571-87684329``, ``(0571)88654330``,
  ``0571 8768 4329``): area code and last 4 kept, ``0571-****4329``;
* exact home addresses (a room or door number after a building or unit: ``2幢2单元532室``,
  ``5栋1单元302号``, ``3号楼1502室``) anywhere: ``*幢*单元*室``; in fields marked
  ``privacy: address`` (a roster's 住址) every building, unit and room number is hidden.
  "3幢2单元楼道灯" names no home and is left alone.

Mask or refuse, per kind. Numbers and addresses are masked: the sentence around them stays
useful (a notice still says that someone's phone was given), the editor loses nothing, and
a masked value cannot be undone by combining pages. Two kinds are refused instead, as
``file:line`` errors with the fix (``refusals``), because no mask makes them right:

* a private e-mail address: ``w***@163.com`` helps no reader, and whether it is the
  office's (then declare it) or a resident's (then delete it) only the editor knows;
* a Markdown table whose header names persons (姓名, 申请人, 身份证 …) outside a notice
  marked ``lists_persons: 是``: every list of persons must be marked so that it can be
  taken down after its 公示期 (generator/privacy/person_lists.py).

Bidi control characters are refused where every file is read (generator/source/hidden_chars.py).

A value always masks to the same text (separators dropped, digits in a fixed place), so
two pages can never be combined to recover more digits than one shows. Masking is
idempotent: masked text contains no maskable number.

Declared exceptions are explicit. Numbers meant to be public (an office mobile, a member
who wrote ``phone_public: 是``, the committee's account for donations) are listed in
``public_numbers``; the committee's own contact fields (``OFFICE``: office phone, mailbox,
address) are public, and so is the same landline or mailbox written elsewhere; addresses
of public places down to the room go into ``public_addresses``. ID numbers never are.
Organisation codes (统一社会信用代码) hold letters and are never read as ID numbers.

The data is masked once, right after it is loaded (``protect_site``), so that every output
— pages, search index, open data, posters, feeds — sees only masked values; the page
renderer masks its output once more (``mask``) as a second line of defence, and
``generator.gate`` scans the finished site for anything that still slipped through.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import html
import re
import unicodedata
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from pydantic import BaseModel

if TYPE_CHECKING:
    from ..errors import Collector, DataError
    from ..model.committee import Site
    from ..source.document import Document

# How many characters of each kind of number stay visible (at the start, at the end).
ALLOWED: dict[str, tuple[int, int]] = {"id": (3, 4), "mobile": (3, 4), "card": (4, 4), "landline": (4, 4)}
MASK = "*"

# Chinese area codes: 010 and 02X are three digits (with 8-digit local numbers), the rest
# 0[3-9]XX; local numbers never start with 0 or 1 (those are trunk and service prefixes).
_AREA = r"(?:010|02\d|0[3-9]\d\d)"
_LOCAL = r"[2-8]\d{2,3}[ \u00a0\u2010-\u2015\uff0d-]?\d{4}"
# 省级行政区划代码, the first two digits of every ID number.
_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65, 71, 81, 82, 83}
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Characters that show nothing but could split a number so that a naive search misses it.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# A run of them after a digit and before a digit or X. The pattern starts with the invisible
# character (the digit before it is a lookbehind from there), so that the search skips to
# each invisible character rather than testing a lookbehind at every position.
_INVISIBLE_IN_NUMBER = re.compile(rf"[{_INVISIBLE}](?<=\d[{_INVISIBLE}])[{_INVISIBLE}]*(?=[\dXxＸｘ])")
_ANY_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_S = r"[ \u00a0\u3000\u2010-\u2015\uff0d-]"  # one separator people type inside a number (hyphens, dashes, spaces)
_SM = r"[ \u00a0\u3000\u2010-\u2015\uff0d.\u00b7-]"  # inside a mobile also a dot: 130.5070.1900
_X = "[XxＸｘ]"
_NUMBER = re.compile(
    rf"""(?<!\d)(?:
      (?P<id>(?:\d{{17}}|\d{{6}}{_S}\d{{8}}{_S}\d{{3}}|\d{{6}}{_S}\d{{4}}{_S}\d{{4}}{_S}\d{{3}})(?:\d|{_X}))(?!\d)
    | (?P<id15>\d{{15}}|\d{{6}}{_S}\d{{6}}{_S}\d{{3}})(?![\dXxＸｘ])
    | (?P<cc>(?:\+|00)?86{_S}?)?(?P<mobile>1[3-9]\d(?:{_SM}?\d{{4}}){{2}}|1[3-9]\d{_S}\d{{8}})(?!\d)
    | (?P<card>\d{{16,19}}|\d{{4}}(?:{_S}\d{{4}}){{3}}(?:{_S}\d{{1,3}})?)(?!\d)
    | (?P<landline>(?:[(（]\s?{_AREA}\s?[)）]\s?|{_AREA}{_S}?){_LOCAL})(?![\d.])
    )""",
    re.VERBOSE,
)
# A run of digits that is no ID or card but holds a mobile number (a digit too many, a
# number glued to a date): the whole run is masked, it is someone's phone all the same.
# Runs of 12-15 digits are masked wherever the mobile sits; longer runs (reference numbers,
# bank serials) only when they start or end with it, as a glued number does.
_LONG_RUN = re.compile(r"(?<![\dXxＸｘ])\d{12,}(?![\dXxＸｘ])")
_MOBILE_INSIDE = re.compile(r"1[3-9]\d{9}")
_MOBILE_AT_EDGE = re.compile(r"^(?:0|86)?1[3-9]\d{9}|1[3-9]\d{9}$")


def _digits(text: str) -> str:
    """The digits of ``text`` as ASCII (full-width digits included), ``X`` kept upper-case."""
    out = []
    for ch in text:
        if ch in "XxＸｘ":
            out.append("X")
        elif ch.isdigit():
            out.append(str(unicodedata.digit(ch)))
    return "".join(out)


def id_valid(number: str) -> bool:
    """GB 11643-1999 check: 17 digits, then the check character (0-9 or X)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


def id_plausible(number: str) -> bool:
    """An ID number whatever its check digit: a known province and a real birth date.

    A typo in the check digit, or an old 15-digit number (birth year written with two
    digits, no check digit), still identifies a person: both are treated as ID numbers.
    """
    if len(number) == 18 and number[:17].isdigit() and (number[17].isdigit() or number[17] == "X"):
        birth = number[6:14]
    elif len(number) == 15 and number.isdigit():
        birth = "19" + number[6:12]
    else:
        return False
    if int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return False
    return 1880 <= born.year <= 2100


def luhn_valid(number: str) -> bool:
    if not number.isdigit():
        return False
    total = 0
    for index, ch in enumerate(reversed(number)):
        d = int(ch)
        if index % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# Inline tags vanish when a reader looks at a page (a number split by <strong> reads whole);
# every other tag (a table cell, a paragraph) separates what stands either side of it.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
})  # fmt: skip
# The names above as a tree of their letters, so that the search tries one or two branches at
# each < rather than every name in turn (tests/test_privacy_gate.py holds the two to the same names).
_INLINE_TAG = re.compile(
    r"</?(?:a(?:bbr)?|b(?:d[io])?|c(?:ite|ode)|d(?:ata|el|fn)|em|i(?:ns)?|kbd|mark|q"
    r"|s(?:amp|mall|pan|trong|u[bp])?|time|u|var|wbr)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")


def visible_text(markup: str) -> str:
    """The text of HTML as a reader sees it, for finding numbers a page shows."""
    return html.unescape(_ANY_TAG.sub(" ", _INLINE_TAG.sub("", markup)))


@dataclass(frozen=True)
class Found:
    kind: str  # "id", "mobile" or "card"
    number: str  # canonical: ASCII digits (and X), no separators, no +86
    start: int
    end: int
    prefix: str = ""  # "+86 " as written before a mobile


# A stretch of text that could hold a number; the full pattern runs only there, which keeps
# scanning a large page fast (most text has no long run of digits).
_CANDIDATE = re.compile(r"[+(（\d][\d \u00a0\u3000\u2010-\u2015\uff0d.\u00b7()（）-]{9,}[\dXxＸｘ]")


def _matches(text: str) -> Iterator[re.Match[str]]:
    for run in _CANDIDATE.finditer(text):
        yield from _NUMBER.finditer(text, run.start(), run.end())


def find_numbers(text: str, runs: bool = True) -> Iterator[Found]:
    """Every ID, mobile, bank card and landline number in ``text`` (with its span in ``text``).

    ``runs``: also a mobile number inside a longer run of digits (the whole run is reported).
    The gate turns it off when scanning generated files (scripts hold long numeric constants);
    there it finds such runs by their digits, since the data they came from is scanned with it.
    """
    taken: list[tuple[int, int]] = []
    for m in _matches(text):
        found: Found | None = None
        if m.group("id"):
            number = _digits(m.group("id"))
            if id_valid(number):
                found = Found("id", number, m.start(), m.end())
            elif len(number) == 18 and number.isdigit() and luhn_valid(number):
                found = Found("card", number, m.start(), m.end())
            elif id_plausible(number):
                found = Found("id", number, m.start(), m.end())
        elif m.group("id15"):
            number = _digits(m.group("id15"))
            if id_plausible(number):
                found = Found("id", number, m.start(), m.end())
        elif m.group("mobile"):
            found = Found("mobile", _digits(m.group("mobile")), m.start(), m.end(), m.group("cc") or "")
        elif m.group("card"):
            number = _digits(m.group("card"))
            if luhn_valid(number):
                found = Found("card", number, m.start(), m.end())
        elif m.group("landline"):
            found = Found("landline", _digits(m.group("landline")), m.start(), m.end())
        if found is not None:
            taken.append((found.start, found.end))
            yield found
    if runs:
        yield from _mobiles_in_runs(text, taken)


def _mobiles_in_runs(text: str, taken: list[tuple[int, int]]) -> Iterator[Found]:
    """Mobiles inside longer digit runs that no other number covers (``taken``: spans in text order)."""
    for m in _LONG_RUN.finditer(text):
        # The one span that could overlap the run is the last one starting before its end.
        at = bisect.bisect_left(taken, (m.end(), 0)) - 1
        inside = at >= 0 and taken[at][1] > m.start()
        pattern = _MOBILE_INSIDE if len(m.group()) <= 15 else _MOBILE_AT_EDGE
        if not inside and pattern.search(m.group()):
            yield Found("mobile", m.group(), m.start(), m.end())


def mask_number(kind: str, number: str) -> str:
    """The one masked form of a canonical number: same number, same mask, everywhere."""
    if kind == "landline":  # the area code is public knowledge; the local number is not
        area = 3 if number[1] in "12" else 4
        local = number[area:]
        return number[:area] + "-" + MASK * (len(local) - 4) + local[-4:]
    head, tail = ALLOWED[kind]
    return number[:head] + MASK * (len(number) - head - tail) + number[len(number) - tail :]


def is_public(found: Found, public: Collection[str]) -> bool:
    # An ID number is never public, whatever was declared: it identifies a person for life.
    return found.kind != "id" and found.number in public


# Full-width and other scripts' digits (BMP) -> ASCII; str.translate is fast on long pages.
_DIGIT_TABLE = {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x80, 0x10000) if chr(cp).isdecimal()}
_OTHER_DIGIT = re.compile("[" + "".join(map(chr, _DIGIT_TABLE)) + "]")
_UNUSUAL = re.compile("[" + "".join(map(chr, _DIGIT_TABLE)) + _INVISIBLE + "]")  # either of the two: one pass


def normalize(text: str) -> str:
    """Text in which every number reads the way the patterns expect.

    Full-width (and other non-ASCII) digits become ASCII digits, and invisible characters
    inside numbers are removed: either would otherwise hide a number from masking while a
    reader still sees it whole.
    """
    if not text.isascii() and _UNUSUAL.search(text):
        if _OTHER_DIGIT.search(text):
            text = _OTHER_DIGIT.sub(lambda m: _DIGIT_TABLE[ord(m.group())], text)
        if _ANY_INVISIBLE.search(text):
            text = _INVISIBLE_IN_NUMBER.sub("", text)
    return text


def _mask_once(text: str, public: Collection[str]) -> str:
    out: list[str] = []
    last = 0
    # Mobiles inside digit runs are found after the other numbers: put everything in text order.
    for found in sorted(find_numbers(text), key=lambda f: f.start):
        if is_public(found, public):
            continue
        prefix = "+86 " if found.prefix else ""
        out.append(text[last : found.start])
        out.append(prefix + mask_number(found.kind, found.number))
        last = found.end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def mask_text(text: str, public: Collection[str] = ()) -> str:
    """Mask every private ID, mobile and bank card number in ``text``.

    Repeated until nothing changes, so that the result never holds a maskable number
    (``138****8000 1234 5678 9012`` cannot leave a card number behind the mask) and a
    second call changes nothing.
    """
    text = normalize(text)
    if len(text) < 10:
        return text  # every number masked here has ten digits or more (a landline: 3 + 7)
    if _CANDIDATE.search(text) is None:
        # Every number find_numbers reports lies in a candidate stretch (a digit run of twelve
        # or more is one too): most texts a page prints have none, and are done here.
        return text
    for _ in range(8):
        masked = _mask_once(text, public)
        if masked == text:
            return text
        text = masked
    return text  # pragma: no cover - each pass removes digits, a few passes always suffice


_ADDRESS_UNIT = re.compile(r"[\d０-９一二三四五六七八九十百零〇]+(?=\s*(?:号楼|幢|栋|座|单元|门|层|楼|室|户|房))")
# A door number after a building or unit (``5栋1单元302号``); a street number (幸福路88号) stays.
_DOOR_NUMBER = re.compile(r"(?<=[元幢栋座层])\s*[\d０-９一二三四五六七八九十百零〇]+(?=\s*号(?!楼))")
_ADDRESS_TRIPLE = re.compile(r"(?<!\d)\d+(?:\s*[-－—]\s*\d+){1,3}(?!\d)")


def mask_address(text: str) -> str:
    """An exact address down to the street number: building, unit, floor and room hidden.

    Each hidden number becomes one ``*`` whatever its length, so the mask reveals nothing.
    ``3-2-301`` (幢-单元-室) is hidden whole.
    """
    text = _ADDRESS_TRIPLE.sub(MASK, text)
    return _DOOR_NUMBER.sub(MASK, _ADDRESS_UNIT.sub(MASK, text))


_N = r"[\d０-９一二三四五六七八九十百零〇两]+"
# An exact home address: a room or door number after a building, a unit or a street number.
# "3幢2单元楼道灯" (no room) is a place in a works notice, not a home, and is left alone.
_HOME = re.compile(
    # The lookahead first: most positions fail it at once, which keeps the gate's scan fast.
    rf"""(?=[\d０-９一二三四五六七八九十百零〇两])(?<![\d０-９一二三四五六七八九十百零〇两])(?:
      {_N}\s*(?:号楼|幢|栋|座)\s*(?:{_N}\s*单元\s*)?(?:{_N}\s*[层楼]\s*)?{_N}\s*(?:室|户|号(?!\s*[楼院线]))
    | {_N}\s*单元\s*(?:{_N}\s*[层楼]\s*)?{_N}\s*(?:室|户|号(?!\s*[楼院线]))
    | {_N}\s*号\s*{_N}\s*室
    | (?<![\d-]){_N}\s*-\s*{_N}\s*-\s*{_N}\s*室
    )""",
    re.VERBOSE,
)


_ROOM_MARK = re.compile(r"[\d０-９一二三四五六七八九十百零〇两]\s*[室户号]")


def find_addresses(text: str) -> Iterator[Found]:
    """Every exact home address (building, unit and room) in ``text``; ``number`` is its
    canonical form (no blanks), which is how public addresses are compared."""
    if not ("室" in text or "号" in text or "户" in text) or not _ROOM_MARK.search(text):
        return  # every address ends in a numeral and 室, 户 or 号: most text has none, and skips the pattern
    for m in _HOME.finditer(text):
        yield Found("address", re.sub(r"\s+", "", m.group()), m.start(), m.end())


def mask_home_addresses(text: str, public: Collection[str] = ()) -> str:
    """Every exact home address not declared public, with its numbers hidden (``*幢*单元*室``)."""
    if not any(mark in text for mark in ("室", "号", "户")):
        return text  # most text has no address: skip the pattern
    return _HOME.sub(lambda m: m.group() if re.sub(r"\s+", "", m.group()) in public else _mask_home(m.group()), text)


_NUMERAL = re.compile(_N)


def _mask_home(address: str) -> str:
    # Every number of the match goes, the door number after 单元 as much as the room.
    return _NUMERAL.sub(MASK, address.replace("-", ""))


# The address may follow Chinese text directly (邮箱zhang@163.com): only an ASCII character of an
# address before it means the match started too late.
_EMAIL = re.compile(
    r"(?=[A-Za-z0-9])(?<![A-Za-z0-9_.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def find_emails(text: str) -> Iterator[Found]:
    """Every e-mail address in ``text`` (``number`` is the address in lower case)."""
    for m in _EMAIL.finditer(text):
        yield Found("email", m.group().lower().replace("＠", "@"), m.start(), m.end())


def mask_email(address: str) -> str:
    """How an e-mail address is shown in a CI log: first character and domain only."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


# The public numbers of the site being rendered, for the renderer's second masking pass.
_PUBLIC: ContextVar[frozenset[str]] = ContextVar("public_numbers", default=frozenset())


@contextmanager
def publishing(public: Collection[str]) -> Iterator[None]:
    token = _PUBLIC.set(frozenset(public))
    try:
        yield
    finally:
        _PUBLIC.reset(token)


def mask(text: str) -> str:
    """Mask ``text`` with the public numbers of the site being rendered (see ``publishing``)."""
    return mask_text(text, _PUBLIC.get())


# Inline tags that Markdown may put between digits: ``1380013**8000**`` shows as one number.
_TAGS_BETWEEN_DIGITS = re.compile(r"(?<=\d)(?:</?(?:strong|em|b|i|u|s|del|code|sup|sub|a)\b[^>]*>)+(?=[\dXx])")
# The masks this module writes: inside a number (138****8000, 0571-****4329) and before the
# unit words of an address (*幢*单元*室).
_MASK_RUN = re.compile(r"(?<=[\dXx])\*{4,}(?=[\dXx])|(?<=\d-)\*{3,}(?=\d)|\*(?=号楼|幢|栋|座|单元|层|楼|室|户|号)")


def escape_masks_for_markdown(text: str) -> str:
    """``138****8000`` or ``*幢*单元*室`` written into Markdown would turn into bold or
    italic text, losing stars: escape them."""
    return _MASK_RUN.sub(lambda m: "\\*" * len(m.group()), text)


def mask_html(html: str) -> str:
    """Mask sanitized HTML, first joining digits that only inline tags keep apart."""
    return mask(_TAGS_BETWEEN_DIGITS.sub("", normalize(html)))


# --- the data model -------------------------------------------------------------------


def _policy(info: Any) -> dict[str, Any]:
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) else {}


@functools.cache
def _fields(model_type: type[BaseModel]) -> tuple[tuple[str, str | None, str | None], ...]:
    """(name, privacy marker, ``public_if`` flag) of each field: read once per model class, not per record."""
    plan = []
    for name, info in model_type.model_fields.items():
        policy = _policy(info)
        plan.append((name, policy.get("privacy"), policy.get("public_if")))
    return tuple(plan)


def _protect_value(value: Any, public: Collection[str], kind: str | None = None) -> Any:
    if isinstance(value, str):
        if kind == "office":  # the committee's own landline, mailbox and address stay whole
            own = {f.number for f in find_numbers(normalize(value)) if f.kind == "landline"}
            return mask_text(value, {*public, *own})
        masked = mask_text(value, public)
        # A roster's address field is an address by definition: every unit number is hidden.
        # Elsewhere only an exact home address (down to the room) is.
        return mask_address(masked) if kind == "address" else mask_home_addresses(masked, public)
    if isinstance(value, BaseModel):
        return protect_model(value, public)
    if isinstance(value, list):
        new = [_protect_value(v, public, kind) for v in value]
        return new if any(a is not b for a, b in zip(new, value, strict=True)) else value
    return value


def protect_model(model: BaseModel, public: Collection[str]) -> BaseModel:
    """A copy of ``model`` with private fields removed and every text masked."""
    updates: dict[str, Any] = {}
    for name, kind, flag in _fields(type(model)):
        value = getattr(model, name)
        if kind == "private" and not (flag and getattr(model, flag, False)):
            new = None if value is not None else value
        else:
            new = _protect_value(value, public, kind)
        if new is not value:
            updates[name] = new
    return model.model_copy(update=updates) if updates else model


def _declared(model: BaseModel, into: set[str]) -> None:
    for name, kind, flag in _fields(type(model)):
        value = getattr(model, name)
        declared = kind == "public" or (flag and getattr(model, flag, False))
        office = kind == "office"
        if not (declared or office or isinstance(value, (BaseModel, list))):
            continue  # nothing declared here, and no record inside
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                _declared(item, into)
            elif (declared or office) and isinstance(item, str):
                text = normalize(item)
                into.update(f.number for f in find_emails(text))
                into.update(f.number for f in find_addresses(text))
                if office:
                    into.update(f.number for f in find_numbers(text) if f.kind == "landline")
                    continue
                into.update(f.number for f in find_numbers(text) if f.kind != "id")
                digits = _digits(item)
                if 11 <= len(digits) <= 19:  # a bare number declared public, written any way
                    into.add(digits)


def public_numbers(site: Site) -> frozenset[str]:
    """What the committees declared public: numbers (``public_numbers``, ``phone_public: 是``,
    the office landlines in their contacts), e-mail addresses and exact addresses (the
    office's, ``public_addresses``), each in its canonical form."""
    found: set[str] = set()
    for doc in documents(site):
        _declared(doc.model, found)
    return frozenset(found)


def site_public_numbers(site: Site) -> frozenset[str]:
    """``public_numbers`` of a loaded site (masked, and not changed after), worked out once per site
    (masking keeps what is declared public, so the figure ``protect_site`` worked out holds).

    Every page renderer and the privacy gate start here, so a site loaded unmasked (``check``'s)
    stops here before anything is built from it."""
    if not site.masked:
        raise RuntimeError("a site loaded without masking (load_site(masked=False)) must not be published")
    return _declared_public(site)


def _declared_public(site: Site) -> frozenset[str]:
    """``public_numbers(site)``, worked out once per site, masked or not (masking keeps them)."""
    from .per_site import once

    return once(site, "public numbers", lambda: public_numbers(site))


def documents(site: Site) -> Iterator[Document[Any]]:
    """Every loaded record of every committee, whatever kinds of data the site holds, and data/jiedao.yml."""
    for committee in site.committees:
        yield from committee.documents()
    if site.config is not None:
        yield site.config


def protect_site(site: Site) -> Site:
    """Mask every loaded record in place; outputs built from ``site`` see masked data only.

    What cannot be masked usefully is refused first (``refusals``): nothing is published
    while a private e-mail address or an unmarked list of persons is in the data.
    """
    public = refuse_unsafe(site)
    for doc in documents(site):
        doc.model = protect_model(doc.model, public)
    site.masked = True
    return site


def refuse_unsafe(site: Site) -> frozenset[str]:
    """What the site declares public (``public_numbers``), once nothing in it is refused
    (``refusals``, raised as DataErrors). ``check`` stops here: it publishes nothing, so it
    need not rewrite every record (a fifth of its time on a 20-committee 街道)."""
    from ..errors import DataErrors

    public = _declared_public(site)
    refused = refusals(site, public)
    if refused:
        raise DataErrors(refused)
    return public


def masked_messages(site: Site, found: list[DataError]) -> list[DataError]:
    """Messages quoting a site's data (a warning naming a notice's title), masked as a page would
    show the same text: for what ``check`` prints from a site it did not mask (CI logs are read
    by more people than the data's editors)."""
    public = _declared_public(site)
    return [
        dataclasses.replace(
            error, message=str(_protect_value(error.message, public)), hint=str(_protect_value(error.hint, public))
        )
        for error in found
    ]


def _published_texts(model: BaseModel) -> Iterator[tuple[str, str | None]]:
    """(text, field kind) for every string of ``model`` that a page may show."""
    for name, kind, flag in _fields(type(model)):
        value = getattr(model, name)
        if kind == "private" and not (flag and getattr(model, flag, False)):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                yield from _published_texts(item)
            elif isinstance(item, str):
                yield item, kind


def _line_of(lines: list[str], snippet: str, first: int) -> int:
    """The line of the data file where ``snippet`` is written (1-based), searched from ``first``."""
    for number in [*range(first, len(lines) + 1), *range(1, first)]:
        if snippet in lines[number - 1]:
            return number
    return first


def refusals(site: Site, public: Collection[str]) -> list[DataError]:
    """Personal data that masking cannot make safe, as ``file:line`` errors with the fix.

    * A private e-mail address: a half-hidden address is of no use to a reader, and the
      editor must decide whether it is the office's (declare it) or a person's (delete it).
    * A Markdown table listing persons outside a notice marked ``lists_persons: 是``: such
      lists must come down after their 公示期, so each one has to be marked.
    """
    from ..errors import DataError
    from .person_lists import person_table_headers

    out: list[DataError] = []
    for doc in documents(site):
        texts = list(_published_texts(doc.model))
        if not any("@" in t or "＠" in t or "|" in t for t, _ in texts):
            continue
        try:
            lines = (site.root / doc.path).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            lines = []
        first = doc.located.mark(()).line if doc.located.marks else 1
        lists_persons = bool(getattr(doc.model, "lists_persons", False))
        for text, kind in texts:
            for found in find_emails(text):
                if kind == "office" or found.number in public:
                    continue
                line = _line_of(lines, text[found.start : found.end], first)
                out.append(
                    DataError(
                        doc.path,
                        line,
                        1,
                        f"这里写了电子邮箱 {mask_email(found.number)}，个人邮箱不能公开",
                        "如果是居（村）委会对外公开的邮箱，请写进 profile.yml 的 contacts（email）或 public_numbers；"
                        "如果是个人邮箱，请删去",
                    )
                )
            if lists_persons:
                continue
            for header, word in person_table_headers(text):
                out.append(
                    DataError(
                        doc.path,
                        _line_of(lines, header, first),
                        1,
                        f"这张表格的表头有“{word}”，是一份人员名单",
                        "人员名单只能写在公告里，并在这份公告里加一行“lists_persons: 是”"
                        "（公示期结束后名单会按规定撤下）；不是名单的话，请改掉表头里的这个词",
                    )
                )
    return out


_KIND_WORDS = {"id": "身份证号", "mobile": "手机号码", "card": "银行卡号", "landline": "固定电话"}


def check_file_names(files: list[Path], root: Path, errors: Collector) -> None:
    """A file or folder name becomes a web address: it may not hold a personal number."""
    seen: set[Path] = set()
    for path in files:
        for part in (path.parent, path):
            if part in seen:
                continue
            seen.add(part)
            for found in find_numbers(normalize(part.stem)):
                try:
                    shown = path.relative_to(root).as_posix()
                except ValueError:
                    shown = path.as_posix()
                errors.add(
                    shown,
                    1,
                    1,
                    f"{'文件夹' if part != path else '文件'}名“{part.name}”里有{_KIND_WORDS[found.kind]}，"
                    "它会出现在网址里",
                    "请改用拼音或日期给文件命名，不要用个人号码",
                )


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` hook: every value a template prints is masked once more.

    The data is masked when loaded; this catches text a template builds itself. Markup
    stays Markup: masking only replaces digits with ``*``, which cannot open a tag.
    """
    public = _PUBLIC.get()
    kind = value.__class__
    if (kind is str or kind is Markup) and len(value) <= _REMEMBERED:
        # A site prints the same few thousand short texts (names, dates, kinds, titles) on
        # many pages: each is masked once per set of public numbers.
        return _shown(kind, value, public)
    return _finalized(value, public)


_REMEMBERED = 200  # characters: longer texts seldom recur, and would hold memory


@functools.lru_cache(maxsize=1 << 14)
def _shown(kind: type, text: str, public: frozenset[str]) -> str:
    shown: str = _finalized(text, public)
    return shown


def _finalized(value: Any, public: frozenset[str]) -> Any:
    if isinstance(value, Markup):
        return Markup(mask_text(str(value), public))
    if isinstance(value, str):
        return mask_text(value, public)
    if isinstance(value, int) and not isinstance(value, bool):
        # A whole-number field (户数, 年度) holding a phone number is a mistake, not a licence.
        shown = mask_text(str(value), public)
        return value if shown == str(value) else shown
    return value
