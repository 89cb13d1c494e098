"""Hypothesis strategies for personal data and hostile Markdown, shared by the property tests
(tests/test_properties.py, derandomized) and the fuzz scripts (fuzz/fuzz_privacy.py,
fuzz/fuzz_markdown.py, which explore further)."""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import unquote

from hypothesis import strategies as st
from privacy_seed import make_card, make_id, make_mobile

from generator.privacy import masking as privacy

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_SEP = st.sampled_from(["", " ", "-", "－", "—", ".", "\u3000", "\u200b"])


@st.composite
def mobile(draw: st.DrawFn) -> str:
    number = make_mobile(draw(st.integers(0, 10**8 - 1)))
    sep = draw(_SEP)
    prefix = draw(st.sampled_from(["", "+86 ", "86", "0086-"]))
    return prefix + sep.join([number[:3], number[3:7], number[7:]])


@st.composite
def id_number(draw: st.DrawFn) -> str:
    number = make_id(draw(st.integers(0, 10**4)))
    how = draw(st.sampled_from(["valid", "typo", "old", "lower", "spaced"]))
    if how == "typo":
        return number[:17] + str((int(number[17]) + 1) % 10 if number[17].isdigit() else 3)
    if how == "old":
        return number[:6] + number[8:17]  # 15 digits: two-digit year, no check digit
    if how == "lower":
        return number.lower()
    return f"{number[:6]} {number[6:14]} {number[14:]}" if how == "spaced" else number


@st.composite
def landline(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["010", "021", "0571", "0755", "0931"]))
    local = str(draw(st.integers(2, 8))) + "".join(str(draw(st.integers(0, 9))) for _ in range(7 - (len(area) == 4)))
    how = draw(st.sampled_from(["-", " ", "()", "（）", ""]))
    if how in ("()", "（）"):
        return f"{how[0]}{area}{how[1]}{local}"
    if how == " " and len(local) == 8:
        return f"{area} {local[:4]} {local[4:]}"
    return f"{area}{how}{local}"


@st.composite
def address(draw: st.DrawFn) -> str:
    n = st.integers(1, 40).map(str)
    room = draw(st.integers(101, 2804).map(str))
    how = draw(st.sampled_from(["幢单元室", "栋单元号", "号楼室", "杠室"]))
    a, b = draw(n), draw(st.integers(1, 6).map(str))
    if how == "幢单元室":
        return f"{a}幢{b}单元{room}室"
    if how == "栋单元号":
        return f"{a}栋{b}单元{room}号"
    if how == "号楼室":
        return f"{a}号楼{room}室"
    return f"{a}-{b}-{room}室"


@st.composite
def glued_mobile(draw: st.DrawFn) -> str:
    # A mobile number with a digit or two too many, or glued to a date.
    return draw(st.sampled_from(["0", "1", "86", "20261118"])) + make_mobile(draw(st.integers(0, 10**8 - 1)))


personal_value = st.one_of(
    mobile(),
    id_number(),
    landline(),
    address(),
    glued_mobile(),
    st.integers(0, 10**6).map(make_card),
)
ordinary = st.one_of(
    st.text(cjk, min_size=1, max_size=8),
    st.sampled_from(
        ["3幢2单元楼道灯", "5号楼3层", "12345 热线", "91330106MA2H1B2X3Y", "2026-11-18", "¥1,200.50", "第3条"]
    ),
    st.integers(0, 99999).map(str),
    st.text(st.sampled_from("0123456789 -.()（）*幢栋单元室号楼"), max_size=10),
)
personal_text = st.lists(st.one_of(personal_value, ordinary), max_size=8).map("".join)

# Raw HTML and Markdown punctuation an editor might type, or paste, into a Markdown field.
MARKUP = [
    "<style>", "<script>", "<math>", "<textarea>", "<title>", "<xmp>", "<noscript>", "<iframe>", "<template>",
    "<svg>", "<!--", "-->", "<![CDATA[", "</p>", "<div>", "</div>", "<b>", "<a href='x'>", "<img src=x alt=",
    "<plaintext>", "<", ">", "&", "&lt;", "&#", "**", "*", "_", "`", "```\n", "> ", "# ", "- ", "1. ", "|", "\n",
    "\n\n", "[", "](", ")", "![", "\\", "    ", "---\n", "[1]: ", "http://example.org/", "\t",
]  # fmt: skip
markdown_text = st.lists(
    st.one_of(st.text(cjk, min_size=1, max_size=6), st.sampled_from(MARKUP)), min_size=1, max_size=14
).map("".join)

_CJK = re.compile(r"[\u4e00-\u9fa5]")


def lost_characters(typed: str, shown: str) -> Counter[str]:
    """Chinese characters typed that the rendered text shows fewer times than typed."""
    return Counter(_CJK.findall(typed)) - Counter(_CJK.findall(shown))


def visible(markup: str) -> str:
    """What a reader sees of rendered HTML, link targets included (shown on hover, and where
    a link leads: text typed as a link's address is not lost)."""
    targets = " ".join(html.unescape(unquote(t)) for t in re.findall(r'href="([^"]*)"', markup))
    return privacy.visible_text(markup) + " " + targets


def leftover_digits(text: str, masked: str, public: frozenset[str] = frozenset()) -> list[str]:
    """Runs of 7 or more digits of a recognised private value that the masked text still shows."""
    text = privacy.normalize(text)
    found = [f for f in privacy.find_numbers(text) if not privacy.is_public(f, public)]
    outside = "".join(ch if not any(f.start <= i < f.end for f in found) else " " for i, ch in enumerate(text))
    shown = re.findall(r"\d{7,}", privacy.normalize(masked))
    left = []
    for f in found:
        digits = re.sub(r"\D", "", f.number)
        for i in range(len(digits) - 6):
            window = digits[i : i + 7]
            if any(window in run for run in shown) and window not in re.sub(r"\D", "", outside):
                left.append(window)
    return left
