"""Valid inputs that YAML 1.1 would silently change: the loaded values must be what was written."""

from __future__ import annotations

import base64
from datetime import date
from decimal import Decimal
from pathlib import Path

from golden import write_tree

from generator.load.repository import load_site
from generator.model.committee import Committee


def load(tmp_path: Path, files: dict[str, str], files_base64: dict[str, str] | None = None) -> Committee:
    write_tree({"files": files, "files_base64": files_base64 or {}}, tmp_path)
    site = load_site(tmp_path)
    assert len(site.committees) == 1
    return site.committees[0]


PROFILE = """\
name: 测试社区居民委员会
subdistrict: 测试街道
short_name: NO
area: yes
office_hours: 8:30
address: ~
introduction: "null"
contacts:
  - label: 社区服务中心
    phone: 01062345670
  - label: 书记信箱
    phone: 010-6234 5678
    hours: 1e3
households: 0120
"""


def test_scalars_stay_as_written(tmp_path: Path) -> None:
    profile = load(tmp_path, {"data/x/profile.yml": PROFILE}).profile.model
    assert profile.contacts[0].phone == "01062345670"  # YAML 1.1: octal 8768440
    assert profile.contacts[1].phone == "010-6234 5678"
    assert profile.short_name == "NO"  # YAML 1.1: False
    assert profile.area == "yes"  # YAML 1.1: True
    assert profile.office_hours == "8:30"  # YAML 1.1: 510 (base 60)
    assert profile.contacts[1].hours == "1e3"  # YAML 1.1: 1000.0
    assert profile.address is None  # ~ is still "nothing written"
    assert profile.introduction == "null"  # but a quoted "null" is text
    assert profile.households == 120  # a number field reads decimal digits, never octal


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    text = "\ufeffname: 测试社区居民委员会\nsubdistrict: 测试街道\n"
    raw = base64.b64encode(text.encode("utf-8")).decode("ascii")
    profile = load(tmp_path, {}, {"data/x/profile.yml": raw}).profile
    assert profile.model.name == "测试社区居民委员会"
    assert profile.located.key_marks[("name",)].line == 1


LEDGER = """\
period: 2026-Q1
opening_balance: 0.10
income:
  - date: 2026-1-5
    summary: 利息
    category: 其他收入
    amount: 0.20
  - date: 2026-03-31
    summary: 上级拨款
    category: 上级拨款
    amount: 1200
expense: []
closing_balance: 1200.30
"""


def test_money_and_dates_are_exact(tmp_path: Path) -> None:
    ledger = load(tmp_path, {"data/x/finance/2026-q1.yml": LEDGER}).ledgers[0].model
    assert ledger.period.key == "2026-Q1"
    assert ledger.opening_balance == Decimal("0.10")
    assert ledger.income[1].amount == Decimal("1200.00")
    assert str(ledger.income[1].amount) == "1200.00"
    assert ledger.computed_closing == Decimal("1200.30")  # 0.1 + 0.2 is exactly 0.3 here
    assert ledger.income[0].date == date(2026, 1, 5)


ROSTER = """\
body: 居委会
members:
  - name: 王芳
    phone: 13800000000
    phone_public: 是
  - name: 李强
    phone_public: NO
"""


def test_flags_read_chinese_and_english(tmp_path: Path) -> None:
    roster = load(tmp_path, {"data/x/rosters/jwh.yml": ROSTER}).rosters[0].model
    assert roster.members[0].phone == "13800000000"
    assert roster.members[0].phone_public is True
    assert roster.members[1].phone_public is False
    assert roster.members[1].role == "成员"
