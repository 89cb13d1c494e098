"""Fonts redrawn in coarser units for small print: a booklet's glyphs in fewer bytes.

A glyph's outline is a list of coordinates in the font's units (Noto Sans CJK: 1,000 to the
em). Printed at 13 pt, one such unit is 0.013 pt, a ninth of the smallest step a 600-dpi
printer can make (one dot, 0.12 pt). Redrawn with one unit per printer dot at the largest size the text
is printed in, the same outline needs numbers a fifth as large: CFF writes them in fewer bytes,
and they compress better (a 社区's rule booklet: 136 KB, its fonts 102 KB, of which the regular
face's 600 glyphs come down by about 40%). Rounding moves each point by at most one unit,
so by no more than a printer dot at that size, and less at any smaller one (the printer
itself moves every edge by up to half a dot).

Points stay within a unit of where they lie exactly (``_rounded``), so the errors never add
up along an outline. A glyph is redrawn once per build for each unit size (``_REDRAWN``): the
booklets of a 街道 share most of their characters.
"""

from __future__ import annotations

import io
import math
from typing import Any

DOT_PT = 72 / 600  # one dot of a 600-dpi printer, in points
_REDRAWN: dict[tuple[bytes, float], bytes] = {}  # (charstring, scale): the charstring redrawn


def units_for(largest_pt: float, design_units: int) -> int:
    """Units per em such that one unit at ``largest_pt`` is at most a printer dot; never more
    than the font was designed in (a poster's headline keeps the font as it is)."""
    return min(design_units, max(16, math.ceil(largest_pt / DOT_PT)))


# Values of a CFF Private DICT in font units (hint zones and stems: unused without hints, kept right).
_PRIVATE_UNITS = (
    "BlueValues",
    "OtherBlues",
    "FamilyBlues",
    "FamilyOtherBlues",
    "StdHW",
    "StdVW",
    "StemSnapH",
    "StemSnapV",
    "defaultWidthX",
    "nominalWidthX",
)


def for_print(font: bytes, largest_pt: float) -> bytes:
    """The OpenType/CFF font ``font`` (desubroutinized, without hints: poster_fonts.subset) in
    the units ``units_for`` gives for text no larger than ``largest_pt``: outlines, advances,
    metrics and positioning all scaled; ``font`` itself where those are its own units."""
    from fontTools.misc.roundTools import otRound
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    parsed = TTFont(io.BytesIO(font), recalcBBoxes=False, recalcTimestamp=False)
    design = parsed["head"].unitsPerEm
    units_per_em = units_for(largest_pt, design)
    if units_per_em >= design:
        return font
    scale = units_per_em / design
    # fontTools' own scaler redraws every outline through a pen (half a second for a booklet's
    # face): the tables other than the outlines go through it, the outlines through _redraw.
    outlines = parsed["CFF "]
    del parsed["CFF "]
    scale_upem(parsed, units_per_em)
    cff = outlines.cff
    top = cff.topDictIndex[0]
    for name in cff.fontNames:
        glyphs = cff[name].CharStrings
        for glyph in cff[name].charset:
            charstring, _ = glyphs.getItemAndSelector(glyph)
            _redraw(charstring, scale)
    for attr in ("UnderlinePosition", "UnderlineThickness", "StrokeWidth"):
        value = getattr(top, attr, None)
        if value is not None:
            setattr(top, attr, otRound(value * scale))
    top.FontBBox = [otRound(v * scale) for v in top.FontBBox]
    top.FontMatrix = [v / scale for v in top.FontMatrix]  # a new list: the default one is shared
    privates = [fd.Private for fd in getattr(top, "FDArray", [])] or [top.Private]
    for private in {id(p): p for p in privates}.values():
        for attr in _PRIVATE_UNITS:
            value = getattr(private, attr, None)
            if isinstance(value, list):
                setattr(private, attr, [otRound(v * scale) for v in value])
            elif value is not None:
                setattr(private, attr, otRound(value * scale))
    parsed["CFF "] = outlines
    out = io.BytesIO()
    parsed.save(out)
    return out.getvalue()


def _redraw(charstring: Any, scale: float) -> None:
    key = (bytes(charstring.bytecode), scale) if charstring.bytecode is not None else None
    done = _REDRAWN.get(key) if key is not None else None
    if done is None:
        from fontTools.cffLib import specializer

        charstring.decompile()
        commands = specializer.generalizeCommands(specializer.programToCommands(charstring.program))
        charstring.program = specializer.commandsToProgram(
            specializer.specializeCommands(_rounded(commands, scale), preserveTopology=True)
        )
        charstring.bytecode = None
        charstring.compile()
        done = charstring.bytecode
        if key is not None:
            _REDRAWN[key] = done
    charstring.bytecode = done
    charstring.program = None


_PATH = {"rmoveto": 1, "rlineto": 1, "rrcurveto": 3}  # how many (dx, dy) steps each command takes
_OTHER = {"", "endchar"}  # a width (before the outline), the end
_TOLERANCE = 1.0  # units (printer dots at the largest size) a point may move


def _rounded(commands: list[tuple[str, list[Any]]], scale: float) -> list[tuple[str, list[Any]]]:
    """Generalized commands (each a relative step) scaled, every point landing within one unit
    of where it lies exactly: at the step rounded on its own when that is near enough (a short
    step often rounds to nothing, which CFF writes in fewer bytes), else at its own place rounded.
    The error never adds up along an outline. A glyph drawn with anything else (flex, hint masks:
    not in poster_fonts' cuts) has each number scaled on its own, as fontTools does."""
    from fontTools.misc.roundTools import otRound

    if any(op not in _PATH and op not in _OTHER for op, _ in commands):
        return [(op, [otRound(a * scale) if isinstance(a, (int, float)) else a for a in args]) for op, args in commands]
    exact_x = exact_y = 0.0  # where the pen is, in the new units, exactly
    at_x = at_y = 0  # where it is, rounded
    out: list[tuple[str, list[Any]]] = []
    for op, args in commands:
        if op in _OTHER:
            out.append((op, [otRound(a * scale) for a in args]))
            continue
        steps: list[Any] = []
        for i in range(0, len(args), 2):
            dx, dy = args[i] * scale, args[i + 1] * scale
            exact_x += dx
            exact_y += dy
            x, y = at_x + otRound(dx), at_y + otRound(dy)
            if abs(x - exact_x) > _TOLERANCE:
                x = otRound(exact_x)
            if abs(y - exact_y) > _TOLERANCE:
                y = otRound(exact_y)
            steps += [x - at_x, y - at_y]
            at_x, at_y = x, y
        out.append((op, steps))
    return out
