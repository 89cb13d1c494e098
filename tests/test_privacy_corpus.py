"""A corpus of personal data, typed where editors type it, checked in every kind of output.

Each value is written into a notice body, a ledger summary and a rule article of one small
committee; the site is built for real (pages, open data, Pagefind, poster PDFs, with the
privacy gate running inside) and every output kind is read back independently. What cannot
be masked is refused at load time with the data file and line; declared exceptions and
ordinary text pass untouched.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from golden import write_tree
from privacy_seed import make_mobile, project

from generator.errors import DataErrors
from generator.load.repository import Site, load_site
from generator.mkdocs_plugin.sitebuild import build_site
from generator.privacy import gate
from generator.privacy import masking as privacy
from generator.site.markup import markdown_block

# (what it is, as typed, as it must be shown). Every value distinct, so that one mask can
# never stand in for another's.
MASKED = [
    ("15 位旧身份证号", "330106800101123", "330********1123"),
    ("15 位旧身份证号(空格分组)", "330106 800102 456", "330********2456"),
    ("校验位错误的身份证号", "110105194901011230", "110***********1230"),
    ("校验位错误的身份证号(小写 x)", "11010519490102123x", "110***********123X"),
    ("固定电话(连字符)", "0571-87684329", "0571-****4329"),
    ("固定电话(括号)", "(0571)88654330", "0571-****4330"),
    ("固定电话(全角括号、空格)", "（0571）8865 4331", "0571-****4331"),
    ("固定电话(空格分组)", "0571 8768 4332", "0571-****4332"),
    ("固定电话(三位区号)", "010-62345678", "010-****5678"),
    ("固定电话(七位号码)", "0571-8768433", "0571-***8433"),
    ("手机号(点分隔)", "130.5070.1900", "130****1900"),
    ("手机号(多打一位)", "013150701901", "013*****1901"),
    ("手机号(粘在日期后)", "20261113250701902", "202**********1902"),
    ("住址(幢单元室)", "XX小区2幢2单元532室", "XX小区*幢*单元*室"),
    ("住址(栋单元号)", "清河苑5栋1单元302号", "清河苑*栋*单元*号"),
    ("住址(号楼室)", "东湖家园3号楼1502室", "东湖家园*号楼*室"),
]

# Ordinary text and declared exceptions: shown exactly as typed.
KEPT = [
    ("楼栋单元没有室号", "3幢2单元楼道灯更换"),
    ("统一社会信用代码", "91330106MA2H1B2X3Y"),
    ("服务热线", "12345 市民热线"),
    ("办公电话(contacts 里公开)", "0571-86901234"),
    ("公开地址(public_addresses)", "幸福里一区3幢101室"),
    ("值班手机(public_numbers)", make_mobile(77)),
    ("公开邮箱(contacts 里公开)", "fuwu@example.org"),
]

# Raw HTML and Markdown that would swallow or hide what follows it: (as typed, text that must show).
HOSTILE_MARKUP = [
    ("前文 <style>x 后文甲", "前文<style>x后文甲"),
    ("<script>alert(1) 脚本后乙", "<script>alert(1)脚本后乙"),
    ("<math>公式后丙", "<math>公式后丙"),
    ("<textarea>文本框后丁 </p>", "<textarea>文本框后丁</p>"),
    ("<!-- 注释里戊", "<!--注释里戊"),
    ("<title>标题己", "<title>标题己"),
    ("<plaintext>纯文本庚", "<plaintext>纯文本庚"),
    ("[1]: 引用定义辛", "[1]:引用定义辛"),
    ("![示意图壬](a.png)", "![示意图壬](a.png)"),
    ("<b onmouseover=alert(1)>粗体癸</b>", "<bonmouseover=alert(1)>粗体癸</b>"),
]

PROFILE = f"""\
name: 测试社区居民委员会
subdistrict: 测试街道
contacts:
  - label: 服务中心
    phone: 0571-86901234
    email: fuwu@example.org
public_numbers:
  - {make_mobile(77)}
public_addresses:
  - 幸福里一区3幢101室 社区卫生服务站
"""
# wall_days: the notice (March 2026) keeps its poster whatever day the test runs.
POSTERS = "kinds:\n  - 公告\n  - 财务公开\n  - 规章制度\nsizes:\n  - A4\nwall_days: 36500\n"
LINE = ";".join([m[1] for m in MASKED] + [k[1] for k in KEPT])


def _files(line: str = LINE) -> dict[str, str]:
    return {
        "data/c/profile.yml": PROFILE,
        "data/posters.yml": POSTERS,
        "data/c/notices/n.yml": f"title: 维修通知\npublished_on: 2026-03-01\nbody: |\n  开头。\n  {line}\n\n"
        + "\n\n".join(f"  {payload}" for payload, _ in HOSTILE_MARKUP)
        + "\n",
        "data/c/finance/2026-01.yml": "period: 2026-01\nopening_balance: 0.00\nincome:\n  - date: 2026-01-08\n"
        f"    summary: {line}\n    category: 上级拨款\n    amount: 1.00\nexpense: []\nclosing_balance: 1.00\n",
        "data/c/rules/r.yml": "title: 制度\nkind: 工作制度\nadopted_by: 居民代表会议\nadopted_on: 2022-03-20\n"
        f"articles:\n  - {line}\n",
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    root = tmp_path_factory.mktemp("corpus")
    write_tree({"files": _files(), "files_base64": {}, "add_profiles": False}, root)
    build_site(project(root), root / "site")  # the privacy gate runs inside: a leak fails here
    return root / "site", load_site(root)


def _visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _strings(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_strings(v) for v in value)
    return str(value)


def _pages(site: Path) -> str:
    pages = ("c/notices/n/index.html", "c/finance/2026-01/index.html", "c/rules/r/index.html")
    return "\n".join(_visible((site / p).read_text(encoding="utf-8")) for p in pages)


def _open_data(site: Path) -> str:
    data = site / "c" / "finance" / "data"
    csv = (data / "2026-01.csv").read_text(encoding="utf-8-sig")
    return csv + _strings(json.loads((data / "2026-01.json").read_text(encoding="utf-8")))


def _unspell(content: str) -> str:
    """Pagefind's stored text back as typed: Chinese is spelled as overlapping pairs of
    characters in the letters a-p (generator/outputs/search.py), everything else kept, blanks between."""
    out: list[str] = []
    last = ""
    for token in re.split(r"[\s\u200b]+", content):
        if re.fullmatch(r"(?:[a-p]{4}){1,2}", token):
            chars = "".join(
                chr(int("".join(f"{ord(c) - 97:x}" for c in token[i : i + 4]), 16)) for i in range(0, len(token), 4)
            )
            out.append(chars[1:] if len(chars) == 2 and last and last[-1] == chars[0] else chars)
            last = chars
        else:
            out.append(token)
            last = ""
    return "".join(out)


def _pagefind(site: Path) -> str:
    fragments = sorted(site.glob("**/pagefind/fragment/*.pf_fragment"))  # every unit's index
    records = [
        json.loads(gzip.decompress(f.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd")) for f in fragments
    ]
    return "\n".join(_unspell(_strings(record)) for record in records)


def _posters(site: Path) -> str:
    pdfs = sorted((site / "posters" / "c").rglob("*.pdf"))
    assert len(pdfs) == 5, pdfs  # notice, ledger, rule (A4) and the rules booklet (A4, A5)
    read = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, check=True).stdout for p in pdfs]
    return "\n".join(r.decode("utf-8") for r in read)


OUTPUTS = {"网页": _pages, "开放数据 CSV/JSON": _open_data, "Pagefind 索引": _pagefind, "海报 PDF": _posters}


def _flat(text: str) -> str:
    # PDF text wraps lines (pdftotext drops a hyphen at a line end) and Pagefind splits
    # words: compare without blanks and hyphens.
    return re.sub(r"[\s-]+", "", text)


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize(("what", "written", "shown"), MASKED, ids=[m[0] for m in MASKED])
def test_personal_value_is_masked_in_every_output(
    built: tuple[Path, Site], output: str, what: str, written: str, shown: str
) -> None:
    site, _ = built
    text = _flat(OUTPUTS[output](site))
    assert _flat(shown) in text, f"{what}: {output} 里没有打码后的“{shown}”"
    digits = re.sub(r"[^0-9X]", "", privacy.normalize(written).upper())
    if what.startswith("住址"):
        assert _flat(written) not in text
    else:
        assert digits not in re.sub(r"[^0-9X]", "", text.upper()), f"{what}: {output} 里有完整号码"


@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize(("what", "written"), KEPT, ids=[k[0] for k in KEPT])
def test_ordinary_text_and_declared_exceptions_stay_as_typed(
    built: tuple[Path, Site], output: str, what: str, written: str
) -> None:
    site, _ = built
    assert _flat(written) in _flat(OUTPUTS[output](site)), f"{what}: {output} 里被改动了"


@pytest.mark.parametrize("output", [o for o in OUTPUTS if o != "开放数据 CSV/JSON"])  # open data: ledgers only
@pytest.mark.parametrize(("typed", "shown"), HOSTILE_MARKUP, ids=[h[0] for h in HOSTILE_MARKUP])
def test_raw_html_in_markdown_is_shown_as_typed_never_swallowed(
    built: tuple[Path, Site], output: str, typed: str, shown: str
) -> None:
    site, _ = built
    assert _flat(shown) in _flat(OUTPUTS[output](site)), f"{output} 里看不到“{typed}”"


@pytest.mark.parametrize(("typed", "shown"), HOSTILE_MARKUP, ids=[h[0] for h in HOSTILE_MARKUP])
def test_raw_html_is_text_not_markup(typed: str, shown: str) -> None:
    html_out = str(markdown_block(typed + "\n\n第二段仍在"))
    assert not re.search(r"<(?!/?(?:p|a)\b)[a-z!]", html_out), html_out  # only the paragraph (and a link) are tags
    assert _flat(shown) in _flat(_visible(html_out)) and "第二段仍在" in html_out


def test_a_value_found_in_any_output_is_traced_to_its_data_line(built: tuple[Path, Site], tmp_path: Path) -> None:
    """The gate names the data file and line, whatever output the value turns up in."""
    _, site = built
    (tmp_path / "index.html").write_text("<p>130.5070.1900 0571-87684329</p>", encoding="utf-8")
    (tmp_path / "x.json").write_text(json.dumps({"t": "XX小区2幢2单元532室"}, ensure_ascii=True), encoding="utf-8")
    leaks, index = gate.scan_site(tmp_path, site)
    report = gate.report(leaks, index)
    assert {(leak.output, leak.kind) for leak in leaks} == {
        ("index.html", "mobile"),
        ("index.html", "landline"),
        ("x.json", "address"),
    }, report
    for line in report.splitlines()[:-1]:
        assert "data/c/notices/n.yml:5" in line and "data/c/finance/2026-01.yml:5" in line, line
    assert "13050701900" not in report and "87684329" not in report  # CI logs are public too


# --- refused at load time, with file:line and the fix ------------------------------------------------------


def _load(tmp_path: Path, files: dict[str, str]) -> list[str]:
    write_tree({"files": files, "files_base64": {}, "add_profiles": False}, tmp_path)
    with pytest.raises(DataErrors) as caught:
        load_site(tmp_path)
    return [e.format() for e in caught.value.errors]


TABLE = "| 序号 | {} | 金额 |\n  | --- | --- | --- |\n  | 1 | 王*芳 | 100 |"


@pytest.mark.parametrize(
    ("where", "files", "expected"),
    [
        (
            "公告正文里的私人邮箱",
            {
                "data/c/notices/n.yml": "title: 通知\npublished_on: 2026-03-01\nbody: |\n  开头\n  请发到 wangfang1980@163.com\n"
            },
            ["data/c/notices/n.yml:5:1: 这里写了电子邮箱 w***@163.com"],
        ),
        (
            "紧跟在汉字后面的私人邮箱",
            {
                "data/c/notices/n.yml": "title: 通知\npublished_on: 2026-03-01\nbody: |\n  开头\n  邮箱zhang1980@163.com\n"
            },
            ["data/c/notices/n.yml:5:1: 这里写了电子邮箱 z***@163.com"],
        ),
        (
            "账目摘要里的私人邮箱",
            {
                "data/c/finance/2026-01.yml": "period: 2026-01\nopening_balance: 0.00\nincome:\n  - date: 2026-01-08\n"
                "    summary: 退款 Li.Qiang@qq.com\n    category: 上级拨款\n    amount: 1.00\nexpense: []\n"
                "closing_balance: 1.00\n"
            },
            ["data/c/finance/2026-01.yml:5:1: 这里写了电子邮箱 l***@qq.com"],
        ),
        (
            "制度条文里的私人邮箱(全角 @)",
            {
                "data/c/rules/r.yml": "title: 制度\nkind: 工作制度\nadopted_by: 居民代表会议\nadopted_on: 2022-03-20\n"
                "articles:\n  - 第一条\n  - 联系 zhang＠example.com\n"
            },
            ["data/c/rules/r.yml:7:1: 这里写了电子邮箱 z***@example.com"],
        ),
        (
            "普通公告里的人员名单表格",
            {
                "data/c/notices/n.yml": "title: 通知\npublished_on: 2026-03-01\nbody: |\n  名单如下\n\n  "
                + TABLE.format("申请人")
                + "\n"
            },
            ["data/c/notices/n.yml:6:1: 这张表格的表头有“申请人”，是一份人员名单"],
        ),
        (
            "简介里的人员名单表格",
            {
                "data/c/profile.yml": "name: 测试社区居民委员会\nsubdistrict: 测试街道\nintroduction: |\n  "
                + TABLE.format("户主姓名")
                + "\n"
            },
            ["data/c/profile.yml:4:1: 这张表格的表头有“姓名”，是一份人员名单"],
        ),
        (
            "标题里的文字方向控制字符",
            {"data/c/notices/n.yml": "title: 通知\u202e元 001\npublished_on: 2026-03-01\nbody: 正文\n"},
            ["data/c/notices/n.yml:1:10: 这里有一个看不见的文字方向控制字符（U+202E）"],
        ),
        (
            "注释里的文字方向控制字符",
            {"data/c/notices/n.yml": "# 说明\u2066\ntitle: 通知\npublished_on: 2026-03-01\nbody: 正文\n"},
            ["data/c/notices/n.yml:1:5: 这里有一个看不见的文字方向控制字符（U+2066）"],
        ),
        (
            "账目摘要里的从右到左标记",
            {
                "data/c/finance/2026-01.yml": "period: 2026-01\nopening_balance: 0.00\nincome:\n  - date: 2026-01-08\n"
                "    summary: 捐款\u200f\n    category: 上级拨款\n    amount: 1.00\nexpense: []\nclosing_balance: 1.00\n"
            },
            ["data/c/finance/2026-01.yml:5:16: 这里有一个看不见的文字方向控制字符（U+200F）"],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_what_cannot_be_masked_is_refused_at_its_line(
    tmp_path: Path, where: str, files: dict[str, str], expected: list[str]
) -> None:
    files = {"data/c/profile.yml": "name: 测试社区居民委员会\nsubdistrict: 测试街道\n", **files}
    errors = _load(tmp_path, files)
    assert len(errors) == len(expected), errors
    for error, start in zip(errors, expected, strict=True):
        assert error.startswith(start), error
        assert "。" in error or "：" in error or ":" in error.split(": ", 1)[1]  # a fix follows


def test_a_list_of_persons_is_allowed_in_a_marked_notice(tmp_path: Path) -> None:
    body = "title: 低保公示\nkind: 救助名单\nlists_persons: 是\npublished_on: 2026-03-01\nstarts_on: 2026-03-01\n"
    body += "ends_on: 2026-03-07\nbody: |\n  " + TABLE.format("申请人") + "\n"
    write_tree(
        {
            "files": {"data/c/profile.yml": "name: 测试社区\nsubdistrict: 测试街道\n", "data/c/notices/n.yml": body},
            "files_base64": {},
            "add_profiles": False,
        },
        tmp_path,
    )
    site = load_site(tmp_path)
    assert site.committees[0].notices[0].model.lists_persons is True
