"""Personal numbers are masked the same way everywhere, and private fields never published."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden import write_tree
from privacy_seed import make_card, make_id, make_mobile

from generator.errors import DataErrors
from generator.load.repository import load_site
from generator.privacy import masking as privacy
from generator.site.markup import markdown_block
from generator.site.render import render_site

ID = "11010519491231002X"  # GB 11643 check character X
MOBILE = "13800138000"
CARD = "6222021234567890128"  # Luhn-valid, 19 digits


def test_check_digits() -> None:
    assert privacy.id_valid(ID)
    assert not privacy.id_valid(ID[:-1] + "1")
    assert privacy.luhn_valid(CARD)
    assert not privacy.luhn_valid(CARD[:-1] + "9")
    assert all(privacy.id_valid(make_id(n)) for n in range(50))
    assert all(privacy.luhn_valid(make_card(n)) for n in range(50))


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (ID, "110***********002X"),
        (ID.lower(), "110***********002X"),
        ("110105 19491231 002X", "110***********002X"),
        (MOBILE, "138****8000"),
        ("138-0013-8000", "138****8000"),
        ("138 0013 8000", "138****8000"),
        ("138－0013－8000", "138****8000"),  # full-width hyphens
        ("138—0013—8000", "138****8000"),  # dashes
        ("+86 138 0013 8000", "+86 138****8000"),
        ("8613800138000", "+86 138****8000"),
        ("１３８００１３８０００", "138****8000"),  # full-width digits
        ("138\u200b0013\u200b8000", "138****8000"),  # zero-width spaces inside
        (CARD, "6222***********0128"),
        ("6222 0212 3456 7890 128", "6222***********0128"),
        ("4111 1111 1111 1111", "4111********1111"),
    ],
)
def test_every_spelling_masks_to_one_form(written: str, shown: str) -> None:
    assert privacy.mask_text(f"联系人王芳,{written}。") == f"联系人王芳,{shown}。"


@pytest.mark.parametrize(
    "text",
    [
        "凭证号 1234567890123456",  # 16 digits, Luhn check fails: not a card
        "编号 990105194912310021",  # 18 digits, no province 99: not an ID, and Luhn fails
        "编号 110105194913310020",  # 18 digits, month 13: not a birth date
        "2026-03-15 收入 1200.50 元,户数 3126",
        "12345678901",  # 11 digits not starting 13-19
        "12345 市民热线,110 报警,96345 便民服务",  # hotlines are not landlines
        "统一社会信用代码 91330106MA2H1B2X3Y",  # organisation code: letters inside, not an ID
        "发票代码 033001900104",  # a local number never starts with 0
        "3幢2单元楼道灯、5号楼3层走廊",  # a building or floor, no room: not a home
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert privacy.mask_text(text) == text


def test_declared_public_numbers_stay_but_id_numbers_never_do() -> None:
    text = f"值班手机 {MOBILE},捐款账户 {CARD},身份证 {ID}"
    masked = privacy.mask_text(text, {MOBILE, CARD, ID})
    assert MOBILE in masked and CARD in masked
    assert ID not in masked and "110***********002X" in masked


def test_masking_is_idempotent_and_never_leaves_a_number_behind() -> None:
    text = "138 0013 8000 1234 5678 9012 3456 " + ID + make_mobile(7) + " " + CARD
    once = privacy.mask_text(text)
    assert privacy.mask_text(once) == once
    assert list(privacy.find_numbers(once)) == []


def test_address_hides_building_unit_and_room() -> None:
    assert privacy.mask_address("幸福路88号3幢2单元301室") == "幸福路88号*幢*单元*室"
    assert privacy.mask_address("幸福里 12-3-1502") == "幸福里 *"
    assert privacy.mask_address("幸福路88号*幢*单元*室") == "幸福路88号*幢*单元*室"
    assert privacy.mask_address("幸福里一区5栋1单元302号") == "幸福里一区*栋*单元*号"  # a door number too


def test_markdown_cannot_hide_a_number_from_masking() -> None:
    for text in ("13800&#49;38000", "1380013**8000**", "138*0013*8000", "&#x31;3800138000"):
        html = str(markdown_block(text))
        visible = re.sub(r"<[^>]+>", "", html)
        assert MOBILE not in visible, (text, html)
        assert "138****8000" in visible, (text, html)
    # A mask already in the text stays a mask, not bold text.
    assert str(markdown_block("电话 138****8000")) == "<p>电话 138****8000</p>"


PROFILE = f"""\
name: 测试社区居民委员会
subdistrict: 测试街道
introduction: 书记手机 {make_mobile(1)},值班手机 {make_mobile(2)}
public_numbers:
  - {make_mobile(2)}
contacts:
  - label: 服务中心
    phone: 0571-86901234
"""
ROSTER = f"""\
body: 居委会
members:
  - name: 王芳
    phone: {make_mobile(3)}
    phone_public: 是
  - name: 李强
    phone: {make_mobile(4)}
    note: 身份证 {ID}
"""
NOTICE = f"""\
title: 低保公示
published_on: 2026-03-01
body: |
  王芳(身份证 {ID},电话 {make_mobile(4)},卡号 {CARD})
  王芳的同事,电话 {make_mobile(3)}
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("privacy")
    write_tree(
        {
            "files": {
                "data/x/profile.yml": PROFILE,
                "data/x/rosters/jwh.yml": ROSTER,
                "data/x/notices/dibao.yml": NOTICE,
            },
            "files_base64": {},
        },
        root,
    )
    from datetime import date

    site = load_site(root)
    member = site.committees[0].rosters[0].model.members[1]
    assert member.phone is None  # private field: gone from the model every output reads
    return "\n".join(p.markdown() for p in render_site(site, date(2026, 3, 5)))


def test_private_phone_is_never_published(pages: str) -> None:
    assert make_mobile(4) not in pages
    assert privacy.mask_number("mobile", make_mobile(4)) in pages  # it was in a notice: masked there


def test_consented_and_declared_numbers_are_shown_everywhere(pages: str) -> None:
    assert make_mobile(3) in pages  # phone_public: 是, also in the notice
    assert make_mobile(2) in pages  # listed in public_numbers
    assert make_mobile(1) not in pages
    assert "0571-86901234" in pages


def test_id_and_card_numbers_are_masked_on_every_page(pages: str) -> None:
    assert ID not in pages and CARD not in pages
    assert "110***********002X" in pages and "6222***********0128" in pages
    assert list(privacy.find_numbers(re.sub(r"<[^>]+>", "", pages))) == [
        f
        for f in privacy.find_numbers(re.sub(r"<[^>]+>", "", pages))
        if f.number in (make_mobile(2), make_mobile(3), "057186901234")  # declared, consented, the office's
    ]


def test_a_site_checked_without_masking_refuses_to_be_built(tmp_path: Path) -> None:
    # `check` loads the records as written (it publishes nothing): no page may come from them.
    from datetime import date

    write_tree(
        {"files": {"data/x/profile.yml": PROFILE, "data/x/notices/dibao.yml": NOTICE}, "files_base64": {}}, tmp_path
    )
    checked = load_site(tmp_path, masked=False)
    assert make_mobile(4) in checked.committees[0].notices[0].model.body
    with pytest.raises(RuntimeError, match="must not be published"):
        render_site(checked, date(2026, 3, 5))
    assert make_mobile(4) not in load_site(tmp_path).committees[0].notices[0].model.body


def test_a_number_in_a_file_name_is_an_error(tmp_path: Path) -> None:
    write_tree(
        {"files": {f"data/x/notices/{make_mobile(9)}.yml": NOTICE}, "files_base64": {}},
        tmp_path,
    )
    with pytest.raises(DataErrors) as caught:
        load_site(tmp_path)
    lines = [e.format() for e in caught.value.errors]
    assert any(
        line.startswith(f"data/x/notices/{make_mobile(9)}.yml:1:1: 文件名") and "手机号码" in line for line in lines
    )


def test_a_member_address_is_published_without_building_unit_and_room() -> None:
    from datetime import date

    from generator.load.repository import load_site
    from generator.site.render import render_site

    root = Path(__file__).resolve().parent.parent
    pages = {p.src: p.content for p in render_site(load_site(root), date(2026, 11, 22))}
    roster = pages["xingfu/rosters/loudongzhang.md"]
    assert "幸福里一区*幢*单元*室" in roster
    assert "301" not in roster
