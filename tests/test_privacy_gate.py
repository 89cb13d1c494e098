"""The privacy gate: a site built from data seeded with personal numbers shows none of them,
and any number that does slip into an output file stops the build, naming its data line."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from personal_strategies import personal_text
from privacy_seed import ROOT, Seed, make_mobile, project, seed_tree

from generator.load.repository import load_site
from generator.mkdocs_plugin.sitebuild import build_site
from generator.model.committee import Site
from generator.privacy import gate
from generator.privacy import masking as privacy


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Seed], Site]:
    root = tmp_path_factory.mktemp("seeded")
    seeds = seed_tree(ROOT / "data", root)
    build_site(project(root), root / "site")  # the gate runs inside: a leak would fail here
    return root, seeds, load_site(root)


def _all_text(site_dir: Path) -> dict[str, str]:
    """Every output file as text a reader or a crawler could get at (an independent reading)."""
    out = {}
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        if path.suffix == ".pdf":
            raw = subprocess.run(["pdftotext", "-", "-"], input=raw, capture_output=True, check=True).stdout
        text = raw.decode("utf-8", errors="ignore")
        if path.suffix == ".json":
            text += json.dumps(json.loads(text), ensure_ascii=False)
        out[path.relative_to(site_dir).as_posix()] = text
    return out


def test_seeds_reach_every_kind_of_file(seeded: tuple[Path, list[Seed], Site]) -> None:
    _, seeds, _ = seeded
    kinds = {s.path.split("/")[2] if s.path.count("/") > 1 else s.path for s in seeds}
    assert {"profile.yml", "rosters", "finance", "lists", "rules", "notices", "data/posters.yml"} <= kinds
    assert {s.kind for s in seeds} == {"id", "mobile", "card"}
    assert len(seeds) > 500


def test_no_seeded_number_appears_in_any_output_file(seeded: tuple[Path, list[Seed], Site]) -> None:
    root, seeds, _ = seeded
    texts = _all_text(root / "site")
    assert any(name.endswith(".csv") for name in texts) and "sitemap.xml" in texts
    digits = {name: re.sub(r"[^0-9X]", "", text.upper()) for name, text in texts.items()}
    leaked = [(s.path, s.line, name) for s in seeds for name, d in digits.items() if s.number in d]
    assert leaked == []
    # ...and they are there, masked the one way.
    pages = "".join(texts.values())
    shown = [s for s in seeds if privacy.mask_number(s.kind, s.number) in pages]
    assert len(shown) > len(seeds) * 0.9


def test_a_leak_in_any_output_fails_with_its_data_line(seeded: tuple[Path, list[Seed], Site], tmp_path: Path) -> None:
    _, seeds, site = seeded
    seed = next(s for s in seeds if s.kind == "id" and "notices" in s.path)
    mobile = next(s for s in seeds if s.kind == "mobile" and "finance" in s.path)
    out = tmp_path / "site"
    (out / "a").mkdir(parents=True)
    # Split by table cells, escaped in JSON with a zero-width space, and gzipped.
    (out / "a" / "index.html").write_text(f"<td>{seed.number[:9]}</td><td>{seed.number[9:]}</td>", encoding="utf-8")
    (out / "search.json").write_text(
        json.dumps({"t": f"{mobile.number[:5]}\u200b{mobile.number[5:]}"}), encoding="utf-8"
    )
    (out / "sitemap.xml.gz").write_bytes(gzip.compress(f"<loc>{mobile.number}</loc>".encode()))
    (out / "clean.html").write_text("<p>138****8000</p>", encoding="utf-8")
    with pytest.raises(gate.PrivacyLeak) as caught:
        gate.enforce(out, site)
    message = str(caught.value)
    assert (
        f"a/index.html: 有未打码的身份证号 {privacy.mask_number('id', seed.number)}(来自 {seed.path}:{seed.line}"
        in message
    )
    assert (
        f"search.json: 有未打码的手机号码 {privacy.mask_number('mobile', mobile.number)}(来自 {mobile.path}:{mobile.line}"
        in message
    )
    assert "sitemap.xml.gz: 有未打码的手机号码" in message
    assert seed.number not in message and mobile.number not in message  # CI logs are public too
    # The leaking files are removed; the clean one stays.
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["clean.html"]


def test_copies_and_binary_search_files_are_each_reported(
    seeded: tuple[Path, list[Seed], Site], tmp_path: Path
) -> None:
    """A number in a gzipped binary file (as in Pagefind's index: UTF-8 words between binary
    bytes) is found; identical copies of a file (each committee's Pagefind scripts) are read
    once, yet each copy is reported and deleted."""
    _, seeds, site = seeded
    mobile = next(s for s in seeds if s.kind == "mobile")
    binary = b"\x00\xff\xfe\x81" + f"{mobile.number}\x00\x93朝阳小区3幢2单元401室".encode() + b"\xc3\x28\x00"
    for committee in ("jd1", "jd2", "jd3"):
        (tmp_path / committee / "pagefind" / "index").mkdir(parents=True)
        (tmp_path / committee / "pagefind" / "index" / "zh_1.pf_index").write_bytes(gzip.compress(binary, mtime=0))
    leaks, _ = gate.scan_site(tmp_path, site)
    found = {(leak.output, leak.kind) for leak in leaks}
    assert found == {
        (f"{c}/pagefind/index/zh_1.pf_index", kind) for c in ("jd1", "jd2", "jd3") for kind in ("mobile", "address")
    }


def _pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica (enough for pdftotext)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_posters_are_read_back(seeded: tuple[Path, list[Seed], Site], tmp_path: Path) -> None:
    _, seeds, site = seeded
    card = next(s for s in seeds if s.kind == "card")
    (tmp_path / "poster.pdf").write_bytes(_pdf(f"Card {card.number} 138****8000"))
    (tmp_path / "ok.pdf").write_bytes(_pdf("Tel 138****8000"))
    leaks, _ = gate.scan_site(tmp_path, site)
    assert [(leak.output, leak.kind, leak.number) for leak in leaks] == [("poster.pdf", "card", card.number)]


def test_public_numbers_pass_the_gate(seeded: tuple[Path, list[Seed], Site], tmp_path: Path) -> None:
    *_, site = seeded
    declared = next(iter(privacy.public_numbers(site)), None)
    (tmp_path / "index.html").write_text(f"<p>0571-86901234 {declared or ''}</p>", encoding="utf-8")
    assert gate.scan_site(tmp_path, site)[0] == []


def test_cli_build_with_a_leak_keeps_the_live_site(tmp_path: Path) -> None:
    """A mobile typed into a hand-written page is caught; the old site stays as it was."""
    root = tmp_path / "project"
    (root / "data" / "x").mkdir(parents=True)
    (root / "data" / "x" / "profile.yml").write_text(
        "name: 测试社区居民委员会\nsubdistrict: 测试街道\n", encoding="utf-8"
    )
    config = project(root)
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "guide" / "about.md").write_text(
        "# 关于本站\n\n有事请找王主任,手机 " + make_mobile(77) + "\n", encoding="utf-8"
    )
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^docs_dir: .*$", "docs_dir: content", text, flags=re.M), encoding="utf-8")
    live = root / "site"
    live.mkdir()
    (live / "index.html").write_text("旧网站", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-q", "-f", str(config), "-d", str(live)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "隐私检查未通过" in result.stderr
    assert "content/guide/about.md:3" in result.stderr
    assert make_mobile(77) not in result.stderr + result.stdout
    assert (live / "index.html").read_text(encoding="utf-8") == "旧网站"
    assert "Traceback" not in result.stderr


def test_checksums_are_not_mistaken_for_phone_numbers(seeded: tuple[Path, list[Seed], Site], tmp_path: Path) -> None:
    *_, site = seeded
    # A sha256 whose digits happen to read as a mobile number, as in datapackage.json.
    digest = "ab13812345678" + "c" * 51
    (tmp_path / "datapackage.json").write_text(json.dumps({"hash": f"sha256:{digest}"}), encoding="utf-8")
    assert gate.scan_site(tmp_path, site)[0] == []
    (tmp_path / "page.html").write_text("<p>电话13812345678</p>", encoding="utf-8")
    assert [leak.kind for leak in gate.scan_site(tmp_path, site)[0]] == ["mobile"]


def _page(nav: str, article: str) -> str:
    return f"<html>\n<body>\n{nav}\n<article>\n{article}\n</article>\n</body>\n</html>\n"


def test_a_value_in_one_pages_own_block_is_caught_among_repeated_blocks(
    seeded: tuple[Path, list[Seed], Site], tmp_path: Path
) -> None:
    """The gate scans each distinct block of HTML once: what a single page adds is still read."""
    from datetime import date

    from generator.privacy.takedown import Takedown

    *_, site = seeded
    takedown = Takedown(date(2026, 12, 2))  # the example's Q4 低保 list (张*明 …) is down by then
    nav = "\n".join(f'  <li class="md-nav__item"><a href="/n{i}/">公告 {i}</a></li>' for i in range(200))
    for n in range(30):
        article = f"<p>第 {n} 号公告：请居民互相转告。</p>"
        if n == 17:  # a name from the taken-down list, split by a tag a reader does not see
            article += "\n<p>名单：张<span>*</span>明</p>"
        if n == 23:  # a private mobile split by tags
            article += f"\n<td>{make_mobile(5)[:3]}<b>{make_mobile(5)[3:7]}</b>{make_mobile(5)[7:]}</td>"
        if n == 29:  # a home address broken over two lines by a tag: neither line is one alone
            article += "\n<td>幸福路 3 幢 2 单元\n  <span>301 室</span></td>"
        (tmp_path / f"n{n}.html").write_text(_page(nav, article), encoding="utf-8")
    leaks, _ = gate.scan_site(tmp_path, site, takedown=takedown)
    assert sorted((leak.output, leak.kind) for leak in leaks) == [
        ("n17.html", "name"),
        ("n23.html", "mobile"),
        ("n29.html", "address"),
    ]


def test_pages_in_any_encoding_are_read_as_text(seeded: tuple[Path, list[Seed], Site], tmp_path: Path) -> None:
    """Pages are cut into blocks as bytes: a page with a BOM, in GB18030 or not text at all is
    still read as its text, whether its blocks are new or shared with UTF-8 pages."""
    *_, site = seeded
    mobile, address = make_mobile(3), "幸福路 3 幢 2 单元 301 室"
    shared = "\n".join(f'<li><a href="/n{i}/">第 {i} 号公告</a></li>' for i in range(20))
    pages = {
        "plain.html": (shared + "\n<p>通知</p>").encode(),
        "bom.html": b"\xef\xbb\xbf" + f"<p>电话 {mobile[:7]}</p>\n<p>{mobile[7:]}</p>\n{shared}".encode(),
        "gb.html": f"{shared}\n<p>住址：{address}</p>".encode("gb18030"),
        "bom-gb.html": b"\xef\xbb\xbf" + f"<p>住址：{address}</p>\n{shared}".encode("gb18030"),
        "bom2-gb.html": b"\xef\xbb\xbf" * 2 + f"<p>住址：{address}</p>\n{shared}".encode("gb18030"),
        "gb-shared.html": f"{shared}\n<p>电话 {mobile}</p>".encode("gb18030"),
        "latin.html": b"<p>\xff\xfe " + mobile.encode() + b"</p>\n" + shared.encode(),
    }
    for name, raw in pages.items():
        (tmp_path / name).write_bytes(raw)
    leaks, _ = gate.scan_site(tmp_path, site, index=_index_of(mobile))
    assert sorted((leak.output, leak.kind) for leak in leaks) == [
        ("bom-gb.html", "address"),  # BOMs before GB18030 text: still read as GB18030
        ("bom.html", "mobile"),
        ("bom2-gb.html", "address"),
        ("gb-shared.html", "mobile"),
        ("gb.html", "address"),
        ("latin.html", "mobile"),
    ]


def _index_of(*numbers: str) -> gate.Source:
    index = gate.Source()
    for line, number in enumerate(numbers, 1):
        index.add_found("mobile", number, "data/x.yml", line)
    return index


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_json_values)
def test_json_strings_are_read_in_file_order(value: object) -> None:
    """The gate reads a JSON file's strings (keys too) in the order the file writes them."""
    written = json.dumps(value, ensure_ascii=False)
    in_order = [json.loads(f'"{m}"') for m in re.findall(r'"((?:[^"\\]|\\.)*)"', written)]
    assert gate._texts_of_value(json.loads(written)) == in_order


def test_block_scan_finds_what_a_whole_page_scan_finds(seeded: tuple[Path, list[Seed], Site], tmp_path: Path) -> None:
    """Cutting pages into blocks changes no verdict: each built page, with a seeded number put
    in at every cut in turn, gives the same leaks as scanning the page whole."""
    *_, site = seeded
    page = (seeded[0] / "site" / "xingfu" / "finance" / "2026-10" / "index.html").read_text(encoding="utf-8")
    public = privacy.public_numbers(site)
    private = gate.PrivateNumbers([make_mobile(9)])
    cuts = [m.start() for m in gate._BLOCK_CUT.finditer(page)][::40]
    assert len(cuts) > 5
    for at in cuts:
        # The mobile split across the cut: its halves on either side of a line that starts with a tag.
        text = page[:at] + make_mobile(9)[:5] + page[at:].replace("<", make_mobile(9)[5:] + "<", 1)
        whole = set()
        for form in (text, html.unescape(text), privacy.visible_text(text)):
            whole |= gate.scan_text(form, "p.html", public, private)
        blocks = gate._Blocks(public, private, {}).scan(text.encode(), "p.html")
        assert blocks == whole and whole, at


def test_groups_and_blocks_known_from_earlier_pages_change_no_verdict(
    seeded: tuple[Path, list[Seed], Site],
) -> None:
    """A page gives the same leaks whether its groups and blocks are known from the pages before
    it or read afresh: a mobile split and a home address broken across group cuts, each page
    read three times (the third time every group is known whole)."""
    *_, site = seeded
    public = privacy.public_numbers(site)
    mobile = make_mobile(9)
    private = gate.PrivateNumbers([mobile])
    shared = gate._Blocks(public, private, {})
    found = 0
    for n, path in enumerate(sorted((seeded[0] / "site").rglob("*.html"))[:80]):
        raw = path.read_bytes()
        group_cuts = [m.start() for m in gate._GROUP_CUT.finditer(raw)]
        inner_cuts = sorted({m.start() for m in gate._RAW_BLOCK_CUT.finditer(raw)} - set(group_cuts))
        cuts = group_cuts if n % 4 < 3 else inner_cuts  # between groups, or between blocks of one group
        assert cuts, path
        at = cuts[n * 7 % len(cuts)]
        after = raw.index(b">", at) + 1  # past the tag that starts the next block
        if n % 4 == 1:
            raw = raw[:at] + mobile[:5].encode() + raw[at:after] + mobile[5:].encode() + raw[after:]
        elif n % 4 > 1:
            raw = raw[:at] + "幸福路3幢2单元".encode() + raw[at:after] + "301室".encode() + raw[after:]
        alone = gate._Blocks(public, private, {}).scan(raw, "p.html")
        for _ in range(3):
            assert shared.scan(raw, "p.html") == alone, (path, at)
        found += bool(alone)
    assert found >= 50


def test_inline_tags_are_exactly_the_listed_names() -> None:
    """A reader's text drops the inline tags (their names, in any case) and nothing else."""
    names = privacy.INLINE_TAGS
    near = {name[:cut] for name in names for cut in range(1, len(name))} | {name + "x" for name in names}
    for name in names | near | {"div", "p", "td", "br", "li", "table"}:
        for written in (name, name.upper()):
            for tag in (f"<{written}>", f"</{written}>", f'<{written} class="x">'):
                assert (privacy._INLINE_TAG.fullmatch(tag) is not None) == (name in names), tag


_SCREEN_SAMPLES = [
    "", "电话 13800138000", "电话 1380013800", "２幢３单元５０２室", "联系 a@b.cn", "ｗａｎｇ＠１６３．ｃｏｍ",
    "0571-8768432", "3幢2单元楼道灯", "第三号", "二〇二四年", "\U0001d7ce" * 11, "1 2 3 4 5 6 7 8 9 0",
]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(personal_text, st.sampled_from(_SCREEN_SAMPLES)), st.booleans())
def test_the_quick_screen_never_hides_a_value_from_the_patterns(text: str, runs: bool) -> None:
    """The gate skips the patterns for text its str/bytes screen clears: only where they find nothing."""
    text = privacy.normalize(text)
    expected = [*privacy.find_numbers(text, runs), *privacy.find_emails(text), *privacy.find_addresses(text)]
    if expected:
        assert gate._may_be_personal(text)
    assert sorted(gate._personal(text, runs), key=repr) == sorted(expected, key=repr)


@pytest.mark.parametrize(
    "text",
    [
        "sha256:" + "ab13812345678" + "c" * 51,
        "校验码" + "0123456789abcdef" * 2 + "号",
        "0123456789abcdef" * 2 + "g",
        "ABCDEF0123456789" * 3,
        "1" * 40 + " 13812345678",
        "0123456789abcde 13812345678",
    ],
)
def test_checksums_are_blanked_exactly_where_the_pattern_finds_them(text: str) -> None:
    expected = gate._HEX_DIGEST.sub(" ", privacy.normalize(text))
    assert gate._prepared_utf8(text)[0] == expected


def test_new_blocks_judged_together_read_as_each_alone(seeded: tuple[Path, list[Seed], Site]) -> None:
    """A page's new blocks are scanned joined by NUL: each verdict is the one the block gets alone,
    with values seeded at block edges, split by tags and entities, and a tag left open."""
    *_, site = seeded
    page = (seeded[0] / "site" / "xingfu" / "finance" / "2026-10" / "index.html").read_text(encoding="utf-8")
    blocks = list(dict.fromkeys(gate._BLOCK_CUT.split(page)))
    mobile = make_mobile(9)
    blocks[3] += mobile  # at the end of a block, against the next one
    blocks[4] = mobile[5:] + blocks[4]
    blocks[5] += f"<td>{mobile[:3]}<b>{mobile[3:]}</b> &#49;{mobile[1:]} 2幢2单元532室 张三 a.b@example.com"
    blocks[6] += "<a title='3幢"  # a tag left open: judged one by one
    names = {"张三": ["data/x.yml"]}
    private = gate.PrivateNumbers([mobile])
    judge = gate._Blocks(privacy.public_numbers(site), private, names)
    together = judge._judge(blocks)
    alone = judge._judge_each(blocks)
    assert together == alone
    assert together[5].found and together[5].names == {"张三"}
    assert judge._judge(blocks[6:9]) == alone[6:9]


@pytest.mark.parametrize(
    "text",
    [
        "室2幢2单元532室",
        "3号楼1502室",
        "幸福路 3 幢 2 单元\n  301 室",
        "88号院",
        "第3号 文件 5幢1单元302号",
        "1-2-301室",
    ],
)
def test_addresses_are_found_in_their_runs_as_in_the_whole_text(text: str) -> None:
    text = privacy.normalize(text)
    expected = list(privacy.find_addresses(text))
    assert list(gate._addresses(text)) == expected
    assert gate._may_hold_address(text) or not expected


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(personal_text, st.text(), st.text("0123456789xX\0１２三 -&#;<>")))
def test_a_texts_digits_are_its_digit_characters_in_order(text: str) -> None:
    """The digits private numbers are looked for in: every 0-9, X and x (as X) of the text, nothing else."""
    assert gate._digits(text) == "".join(re.findall("[0-9Xx]", text)).upper()
    assert gate._digits(text, keep="\0") == "".join(re.findall("[0-9Xx\0]", text)).upper()


_NUMBER = st.sampled_from(["138", "139", "110105", "0571"]).flatmap(
    lambda head: st.text("0123456789X", min_size=11 - len(head), max_size=11 - len(head)).map(lambda tail: head + tail)
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(_NUMBER, min_size=1, max_size=100, unique=True),
    st.lists(st.one_of(st.text("0123456789X", max_size=30), _NUMBER), max_size=40),
    st.data(),
)
def test_private_numbers_are_found_in_digits_as_a_plain_search_finds_them(
    numbers: list[str], pieces: list[str], data: st.DataObject
) -> None:
    """Many private numbers are found through windows of the characters they have at each place:
    never fewer than looking for each number in turn, whether one or a hundred are in the data."""
    shown = data.draw(st.lists(st.sampled_from(numbers), max_size=5))
    digits = "".join(pieces + shown + pieces[::-1])
    assert gate.PrivateNumbers(numbers).found_in(digits) == {number for number in numbers if number in digits}


def test_the_kept_source_index_equals_a_fresh_one_and_rereads_an_edited_file(
    seeded: tuple[Path, list[Seed], Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps what each data file holds (``.gongkailan/source-index.json``); the next
    build reads again only files whose content changed, and finds the same numbers."""
    root, seeds, _ = seeded
    data = tmp_path / "project"
    shutil.copytree(root, data, ignore=shutil.ignore_patterns("site"))
    cache = tmp_path / "source-index.json"
    fresh = gate.source_index(load_site(data))
    first = gate.source_index(load_site(data), cache=cache)
    read: list[bytes] = []
    scan_lines = gate._personal_lines
    monkeypatch.setattr(gate, "_personal_lines", lambda raw: read.append(raw) or scan_lines(raw))
    kept = gate.source_index(load_site(data), cache=cache)
    assert read == []  # every file's findings came from the cache
    assert cache.exists()
    assert (first.places, first.kinds) == (fresh.places, fresh.kinds) == (kept.places, kept.kinds)
    committee_data = {s.number for s in seeds if s.path.startswith("data/") and s.path != "data/posters.yml"}
    assert committee_data <= set(kept.kinds)  # (posters.yml is read with the hand-written pages)

    # A mobile typed into one data file is found, at its line, with the cache in place.
    edited = next(s for s in seeds if s.path.endswith(".yml") and "notices" in s.path)
    path = data / edited.path
    text = path.read_text(encoding="utf-8")
    mobile = make_mobile(97)
    path.write_text(text.replace(edited.written, f"{edited.written} {mobile}", 1), encoding="utf-8")
    after = gate.source_index(load_site(data), cache=cache)
    assert read == [path.read_bytes()]  # the edited file alone was read again
    assert after.places[mobile] == [(edited.path, edited.line)]
    assert (after.places, after.kinds) == (
        gate.source_index(load_site(data)).places,
        gate.source_index(load_site(data)).kinds,
    )

    # A cache from other rules, or not JSON at all, is ignored.
    cache.write_text("not json", encoding="utf-8")
    assert gate.source_index(load_site(data), cache=cache).kinds == after.kinds
