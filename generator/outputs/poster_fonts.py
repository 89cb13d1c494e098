"""Small fonts for posters: each poster carries only the glyphs it prints, numbered from 1.

Why: WeasyPrint subsets the fonts it embeds but keeps every glyph's number (``retain_gids``),
so a poster using 300 characters of Noto Sans CJK SC still embeds tables sized for the
font's 65,000 glyphs (empty outlines, widths, vertical metrics): about 90 KB for the regular
and 165 KB for the bold face, 95% of an A4 poster's 270 KB. Handing WeasyPrint a font that
holds only the poster's own characters, renumbered by HarfBuzz, leaves nothing to retain:
the poster's fonts are then a few dozen KB.

Each subset gets its own family name (a hash of its bytes), because one WeasyPrint font
configuration serves every poster of a build and two subsets under one name would mix.
When the system font is missing the poster names the system family and WeasyPrint embeds
it the old way: bigger, never wrong.

The @font-face rules name their fonts by that hash (``gkl-font:…``), not as data: URIs: a
poster's fonts are ~300 KB of base64, and a build holds every poster's HTML (up to three
candidates for a rule) until its PDFs are printed: a third of the peak memory of a 街道's
build with posters. The poster printer's URL fetcher hands over the bytes (``Faces.files``,
one copy per distinct font); the hash in the HTML keeps the PDF cache key exact.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
from dataclasses import dataclass, field

FAMILY = "Noto Sans CJK SC"
WEIGHTS = {400: "regular", 700: "bold"}
# Page counters (第 1 页 / 共 2 页) and list bullets are drawn by CSS, not written in the HTML (a
# bullet missing here was printed from the whole system face, embedded as a third font).
_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "第页共：，。、（）•◦▪"  # ASCII (":" too) is in the range above


@dataclass(frozen=True)
class SystemFace:
    path: str
    index: int


@functools.cache
def system_face(weight: int) -> SystemFace | None:
    """Where fontconfig finds the poster family in this weight (a face inside a .ttc)."""
    tool = shutil.which("fc-match")
    if tool is None:
        return None
    found = subprocess.run(
        [tool, "--format=%{file}\n%{index}\n%{family}", f"{FAMILY}:weight={WEIGHTS[weight]}"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = found.stdout.splitlines()
    if found.returncode != 0 or len(lines) < 3 or FAMILY not in lines[2]:
        return None
    return SystemFace(lines[0], int(lines[1] or 0))


@functools.cache
def identity() -> str:
    """What the fonts cut for a poster follow from besides its characters: the cutter's version
    and the system font files (path, face, size, modification time); part of the PDF cache key."""
    import os

    import fontTools
    import uharfbuzz

    parts = [uharfbuzz.__version__, fontTools.version]  # fontTools redraws a booklet's fonts
    for weight in WEIGHTS:
        face = system_face(weight)
        if face is None:
            parts.append("none")
            continue
        try:
            stat = os.stat(face.path)
        except OSError:
            parts.append(f"{face.path}#{face.index}")
            continue
        parts.append(f"{face.path}#{face.index}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


@functools.cache
def _face(path: str, index: int) -> object:
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(path), index)


def subset(weight: int, characters: str, always: bool = True, largest_pt: float | None = None) -> bytes | None:
    """The system face cut down to these characters (and, ``always``, those every poster may
    print), glyphs renumbered; None without the font. ``largest_pt``: no text in this weight is
    printed larger, so the outlines may be drawn in coarser units (font_units.py)."""
    import uharfbuzz as hb

    face = system_face(weight)
    if face is None:
        return None
    wanted = hb.SubsetInput()
    for code in sorted({ord(ch) for ch in characters + (_ALWAYS if always else "")}):
        wanted.unicode_set.add(code)
    # Outlines without subroutines and hints: smaller once compressed, and a poster is printed, not
    # hinted. No layout closure: the glyphs that GSUB could substitute (vertical forms, other
    # locales' shapes) are never printed on a horizontal zh-Hans poster, and each one kept is a
    # numbered slot in the PDF's font. Vertical metrics go for the same reason (3% of a poster).
    wanted.flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NO_LAYOUT_CLOSURE
    for table in (b"vmtx", b"vhea", b"VORG"):
        wanted.drop_table_tag_set.add(int.from_bytes(table, "big"))
    cut = hb.subset(_face(face.path, face.index), wanted)
    if cut is None:
        return None
    data = bytes(cut.blob.data)
    if largest_pt is None:
        return data
    from .font_units import for_print

    return for_print(data, largest_pt)


SCHEME = "gkl-font:"  # a poster's own fonts, served by the poster printer's URL fetcher


@dataclass(frozen=True)
class Faces:
    """What a poster's HTML needs for its fonts."""

    rules: str  # @font-face rules naming the files by SCHEME
    family: str  # the CSS font-family list
    files: dict[str, bytes] = field(default_factory=dict)  # file name (after SCHEME): font bytes


@functools.lru_cache(maxsize=64)  # a rule's tighter steps print the same characters
def font_faces(characters: str, bold: str | None = None, largest: tuple[tuple[int, float], ...] = ()) -> Faces:
    """The fonts of a poster printing these characters, ``bold`` (a guess) of them in bold;
    ``largest``: (weight, points) of the largest text in each weight, where the template says.

    The bold face comes in two files: the guessed characters, and the others. WeasyPrint keeps
    a glyph's number when it embeds a face, so one bold file holding every character would carry
    an empty numbered slot for each character printed only in the regular (about 2.5 KB of a
    booklet). Each character is in exactly one of the two, so a wrong guess never prints a wrong
    glyph: it only embeds the second file too.
    """
    sizes = dict(largest)
    cuts = {"400": subset(400, characters, largest_pt=sizes.get(400))}
    if bold:
        # Neither file holds a character twice, nor the characters every poster may print
        # (page counters, bullets, never bold here) among the bold ones.
        cuts["700"] = subset(700, bold, always=False, largest_pt=sizes.get(700))
        rest = "".join(sorted(set(characters + _ALWAYS) - set(bold)))
        cuts["700-rest"] = subset(700, rest, always=False, largest_pt=sizes.get(700))
    else:
        cuts["700"] = subset(700, characters, largest_pt=sizes.get(700))
    if any(data is None for data in cuts.values()):
        # Both weights or none: a bold looked up in a family holding only the regular is faked.
        return Faces("", f'"{FAMILY}", sans-serif')
    digest = hashlib.sha256()
    for data in cuts.values():
        digest.update(data or b"")
    key = digest.hexdigest()
    # Named after the face it is cut from, so that pdffonts shows what a printer expects.
    name = f"{FAMILY} {key[:12]}"
    files = {f"{key}-{cut}.otf": data or b"" for cut, data in cuts.items()}
    rules = [
        f'@font-face {{ font-family: "{name}"; font-weight: {cut[:3]}; src: url("{SCHEME}{key}-{cut}.otf"); }}'
        for cut in cuts
    ]
    return Faces("\n".join(rules), f'"{name}", "{FAMILY}", sans-serif', files)
