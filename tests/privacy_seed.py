"""Seeding committee data with personal numbers on every line, for the privacy tests.

``seed_tree`` copies a data folder and appends an ID number, a mobile number or a bank
card number (in rotating spellings) to every line that holds a value, then takes the seed
off again wherever it makes the data invalid (a date, an amount, a choice from a list), so
what remains is valid data with personal numbers in every kind of text field.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DataErrors
from generator.load.repository import load_site

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(serial: int) -> str:
    body = f"110105{19490101 + serial % 28 + (serial // 28 % 12) * 100:08d}{serial % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def make_card(serial: int) -> str:
    body = f"622202{serial:012d}"
    for check in "0123456789":
        number = body + check
        total = 0
        for i, ch in enumerate(reversed(number)):
            d = int(ch) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return number
    raise AssertionError


def make_mobile(serial: int) -> str:
    return f"139{serial:08d}"


@dataclass(frozen=True)
class Seed:
    kind: str
    number: str  # canonical digits
    written: str  # as written into the data
    path: str
    line: int


def _spell(kind: str, number: str, serial: int) -> str:
    style = serial % 3
    if kind == "mobile":
        return [number, f"+86 {number[:3]}-{number[3:7]}-{number[7:]}", f"{number[:3]} {number[3:7]} {number[7:]}"][
            style
        ]
    if kind == "card":
        groups = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
        return [number, groups, number][style]
    return [number, f"{number[:6]} {number[6:14]} {number[14:]}", number.lower()][style]


def _seedable(line: str) -> bool:
    body = line.strip()
    if not body or body.startswith("#") or body.endswith((":", "|", ">", "|-", ">-")):
        return False
    if body in ("---", "-"):
        return False
    return not body.endswith(("'", '"', "]", "}"))


def seed_tree(source: Path, root: Path) -> list[Seed]:
    """Copy ``source`` (a data/ folder) to ``root/data`` with numbers seeded; returns the seeds kept."""
    shutil.copytree(source, root / "data")
    seeds: dict[tuple[str, int], Seed] = {}
    originals: dict[str, list[str]] = {}
    serial = 0
    # Committee folders only: street-level settings (data/posters.yml) are not loaded by load_site.
    for path in sorted(p for p in (root / "data").rglob("*.yml") if len(p.relative_to(root).parts) > 2):
        shown = path.relative_to(root).as_posix()
        lines = path.read_text(encoding="utf-8").split("\n")
        originals[shown] = list(lines)
        for index, line in enumerate(lines):
            if not _seedable(line):
                continue
            serial += 1
            kind = ("id", "mobile", "card")[serial % 3]
            number = {"id": make_id, "mobile": make_mobile, "card": make_card}[kind](serial)
            written = _spell(kind, number, serial // 3)
            lines[index] = f"{line} 号码{written}"
            seeds[(shown, index + 1)] = Seed(kind, number, written, shown, index + 1)
        path.write_text("\n".join(lines), encoding="utf-8")
    # The street's poster style: its free-text lines are seeded too (title, footer, phone).
    style = root / "data" / "posters.yml"
    if style.is_file():
        shown = "data/posters.yml"
        lines = style.read_text(encoding="utf-8").split("\n")
        originals[shown] = list(lines)
        for index, line in enumerate(lines):
            if line.startswith(("title:", "footer:")):
                serial += 1
                number = make_mobile(serial) if serial % 2 else make_id(serial)
                lines[index] = f"{line} 号码{number}"
                seeds[(shown, index + 1)] = Seed("mobile" if serial % 2 else "id", number, number, shown, index + 1)
        lines.append(f"phone: {make_mobile(serial + 1)}")
        seeds[(shown, len(lines))] = Seed("mobile", make_mobile(serial + 1), make_mobile(serial + 1), shown, len(lines))
        style.write_text("\n".join(lines), encoding="utf-8")
    for _ in range(40):
        try:
            load_site(root)
            break
        except DataErrors as exc:
            bad = {(e.path, e.line) for e in exc.errors}
            # A value that spans lines may be reported on its first line: revert the whole file's
            # seeds on lines that are still wrong, one round at a time.
            reverted = False
            for shown, line in bad:
                if (shown, line) in seeds:
                    del seeds[(shown, line)]
                    _restore(root, shown, line, originals)
                    reverted = True
            if not reverted:
                # A reference to another file's value ("资金“X”没有登记"): the seed sits on the
                # line of the other file that defines “X”.
                named = {m for e in exc.errors for m in re.findall(r"“([^”]+)”", e.message)}
                for shown, line in list(seeds):
                    if line <= len(originals[shown]) and any(name in originals[shown][line - 1] for name in named):
                        del seeds[(shown, line)]
                        _restore(root, shown, line, originals)
                        reverted = True
            if not reverted:
                for shown in {e.path for e in exc.errors}:
                    for key in [k for k in seeds if k[0] == shown]:
                        del seeds[key]
                    (root / shown).write_text("\n".join(originals[shown]), encoding="utf-8")
    else:  # pragma: no cover
        raise AssertionError("seeded data never became valid")
    return list(seeds.values())


def _restore(root: Path, shown: str, line: int, originals: dict[str, list[str]]) -> None:
    path = root / shown
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = originals[shown][line - 1]
    path.write_text("\n".join(lines), encoding="utf-8")


ROOT = Path(__file__).resolve().parent.parent


def project(root: Path) -> Path:
    """A project at ``root`` (its own data/) sharing this repository's pages, theme and settings."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key, folder in (("docs_dir: ", "content"), ("custom_dir: ", "theme_overrides")):
        assert f"{key}{folder}" in text, f"mkdocs.yml no longer has {key}{folder}"
        text = text.replace(f"{key}{folder}", f"{key}{ROOT / folder}", 1)
    config = root / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config
