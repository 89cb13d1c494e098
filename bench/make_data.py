"""A reference 街道 for the speed bench: N committees × Y years, valid data of every kind.

    .venv/bin/python bench/make_data.py OUT [--committees 12] [--years 5]

Every other committee is a 社区 (monthly accounts) or a 村 (quarterly accounts, village
rosters, 一事一议 levies). Each is grown from the example committee of its level in ``data/``
(``xingfu``, ``liuhe``), so it carries every data kind the example shows (profile with grids
and contacts, rosters, work lists, rules, notices with votes, steps, levies and 公示 periods,
budgets, funds, donations, property disclosures); its names are replaced by the committee's
own, each roster member gets a mobile number (private, but for the grid workers'), and
earlier years of accounts and notices are added in front of the example's so the site holds
``years`` years of records. Balances run on from period to period, so the result
passes ``gongkailan check``. The same arguments give the same bytes.

OUT receives ``mkdocs.yml``, ``content/`` and ``data/`` (with the 街道's poster style): a project
that ``gongkailan build -f OUT/mkdocs.yml`` builds as it is.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data"
STREET = "幸福街道"
PLACES = [
    "和平", "光明", "建设", "文昌", "东湖", "新华", "春晖", "长安", "丰收", "锦绣", "前进", "朝阳",
    "红星", "胜利", "团结", "青松", "金桥", "玉泉", "柳岸", "桃源", "杏林", "竹园", "梅岭", "荷塘",
]  # fmt: skip

TOPICS = [
    ("通知", "关于开展冬季消防安全检查的通知", "请{who}清理楼道杂物，电动自行车不进楼道，不飞线充电。"),
    ("通知", "关于临时停水的通知", "因供水管网改造，{place}部分区域将临时停水，请提前储水。"),
    ("通知", "老年人免费接种流感疫苗的通知", "年满 60 周岁的老年人可携带身份证到卫生服务站接种。"),
    ("公告", "环境卫生整治工作安排", "{place}将开展环境卫生集中整治，清理卫生死角，请{who}配合。"),
    ("公告", "垃圾分类督导工作安排", "{place}在各投放点安排志愿者督导，请{who}按时分类投放。"),
    ("公示", "困难群众临时救助评议结果公示", "经入户调查和民主评议，符合临时救助条件的家庭 3 户，现予公示。"),
    ("公示", "公益岗位人员招用结果公示", "经报名、面试，拟招用公益岗位人员 2 名，现予公示。"),
    ("执行情况", "春节走访慰问困难群众执行情况公示", "走访慰问困难群众，发放慰问金和慰问品，签收单存档备查。"),
]
EXPENSE = {
    "社区": [("办公用品采购", "办公费"), ("党群服务中心电费", "水电费"), ("宽带及固定电话费", "通讯费"),
             ("路灯及楼道灯维修", "维修费"), ("文体活动物资", "活动经费"), ("宣传折页印制", "宣传费")],
    "村": [("村部电费、网络费", "办公费"), ("村干部基本报酬", "干部报酬"), ("困难户慰问", "慰问金"),
           ("沟渠清淤", "农田水利"), ("村道日常养护", "村道建设")],
}  # fmt: skip
INCOME = {
    "社区": [("拨付社区工作经费", "上级拨款"), ("社区用房租金", "场地收入")],
    "村": [("鱼塘发包款", "发包收入"), ("村级厂房租金", "租赁收入"), ("光伏电站发电收入", "经营收入")],
}


@dataclass(frozen=True)
class Level:
    example: str  # the example committee it is grown from
    name: str  # the example's short name, replaced by the committee's own
    word: str  # 社区 or 村
    per_year: int  # accounts periods a year: 12 months or 4 quarters


SHEQU = Level("xingfu", "幸福里", "社区", 12)
CUN = Level("liuhe", "六合", "村", 4)


def _periods_before(first: str, count: int, per_year: int) -> list[str]:
    """The ``count`` accounts periods just before ``first`` (2025-10 or 2025-Q4), oldest first."""
    year, rest = first.split("-")
    index = int(year) * per_year + (int(rest[1:]) if per_year == 4 else int(rest)) - 1
    keys = []
    for i in range(index - count, index):
        y, k = divmod(i, per_year)
        keys.append(f"{y}-Q{k + 1}" if per_year == 4 else f"{y}-{k + 1:02d}")
    return keys


def _period_days(key: str) -> tuple[date, date]:
    year, rest = key.split("-")
    if rest.startswith("Q"):
        start = date(int(year), 3 * int(rest[1:]) - 2, 1)
        months = 3
    else:
        start = date(int(year), int(rest), 1)
        months = 1
    end_month = start.month + months
    end = date(start.year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - timedelta(days=1)
    return start, end


def _yaml_text(value: str) -> str:
    return value if re.fullmatch(r"[^:#\n'\"{}\[\],&*!|>%@`]+", value) and value.strip() == value else repr(value)


def _ledger(key: str, closing: Decimal, level: Level, rng: random.Random) -> tuple[str, Decimal]:
    """One period's accounts that close at ``closing``, and the balance they open with."""
    start, end = _period_days(key)
    span = (end - start).days
    expenses = []
    for n in range(rng.randint(3, 6) * (2 if level.per_year == 4 else 1)):
        summary, category = rng.choice(EXPENSE[level.word])
        amount = Decimal(rng.randrange(20000, 600000)) / 100
        day = start + timedelta(days=min(span, 2 + n * (span // 8 + 1)))
        expenses.append((day, summary, category, amount))
    spent = sum((e[3] for e in expenses), Decimal(0))
    # Income covers spending give or take a little, so balances stay realistic over years.
    opening = max(Decimal("1000.00"), closing + Decimal(rng.randrange(-150000, 150000)) / 100)
    opening = min(opening, closing + spent - Decimal("100.00")).quantize(Decimal("0.01"))
    incomes: list[tuple[date, str, str, Decimal]] = []
    needed = closing - opening + spent  # what must come in for the period to close at ``closing``
    sources = INCOME[level.word]
    for n, (summary, category) in enumerate(sources):
        share = needed / len(sources) if n < len(sources) - 1 else needed - sum((i[3] for i in incomes), Decimal(0))
        incomes.append((start + timedelta(days=4 + n), summary, category, share.quantize(Decimal("0.01"))))
    # Rounding: the last income line takes the cents left over.
    diff = needed - sum((i[3] for i in incomes), Decimal(0))
    last = incomes[-1]
    incomes[-1] = (last[0], last[1], last[2], last[3] + diff)
    prefix = "记" if level.word == "社区" else "村"
    lines = [f"period: {key}", f"opening_balance: {opening:.2f}"]
    # Vouchers run on from the incomes into the expenses, as in a cash book.
    entries = [("income", incomes), ("expense", sorted(expenses))]
    voucher = 1
    for side, rows in entries:
        lines.append(f"{side}:")
        for day, summary, category, amount in rows:
            lines += [
                f"  - date: {day.isoformat()}",
                f"    summary: {summary}",
                f"    category: {category}",
                f"    amount: {amount:.2f}",
                f"    voucher: {prefix}-{key}-{voucher:03d}",
            ]
            voucher += 1
    lines.append(f"closing_balance: {closing:.2f}")
    lines.append(f"published_on: {(end + timedelta(days=10)).isoformat()}")
    return "\n".join(lines) + "\n", opening


def _notice(day: date, topic: tuple[str, str, str], place: str, level: Level, k: int) -> str:
    kind, title, body = topic
    who = "居民" if level.word == "社区" else "村民"
    text = body.format(place=place + level.word, who=who)
    lines = [
        f"title: {_yaml_text(f'{place}{level.word}{title}（{day.year}年第{k}期）')}",
        f"kind: {kind}",
        f"published_on: {day.isoformat()}",
    ]
    if kind == "公示":
        lines += [f"starts_on: {day.isoformat()}", f"ends_on: {(day + timedelta(days=9)).isoformat()}"]
    lines += [
        "body: |",
        f"  {text}",
        "",
        f"  联系人：{place}{level.word}党群服务中心 {k % 9 + 1} 号窗口，工作日 8:30-17:30。",
    ]
    return "\n".join(lines) + "\n"


def _rename(text: str, place: str, level: Level) -> str:
    if level is CUN:
        text = text.replace("青山镇人民政府", f"{STREET}办事处").replace("青山镇", STREET)
        return text.replace("六合村", f"{place}村").replace("六合", place)
    return text.replace("幸福里", place)


# Rosters whose members' phones are published (a grid worker's work phone); every other member's
# phone is private, as most are: the privacy gate looks for each of them in every output file.
PUBLIC_PHONES = {"wanggeyuan"}


def _with_phones(text: str, rng: random.Random, public: bool) -> str:
    """``text`` (a roster) with a mobile number for each member."""

    def phone(member: re.Match[str]) -> str:
        number = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        return f'{member.group(0)}\n    phone: "{number}"' + ("\n    phone_public: 是" if public else "")

    return re.sub(r"^  - name: .+$", phone, text, flags=re.MULTILINE)


def _committee(out: Path, slug: str, place: str, level: Level, years: int, rng: random.Random) -> None:
    source = EXAMPLE / level.example
    target = out / "data" / slug
    for path in sorted(source.rglob("*.yml")):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = _rename(path.read_text(encoding="utf-8"), place, level)
        if path.parent.name == "rosters":
            text = _with_phones(text, random.Random(f"{slug}/{path.stem}"), public=path.stem in PUBLIC_PHONES)
        dest.write_text(text, encoding="utf-8")
    ledgers = sorted((target / "finance").glob("*.yml"))
    first = ledgers[0].stem
    earlier = max(0, years * level.per_year - len(ledgers))
    keys = _periods_before(first, earlier, level.per_year)
    opening_text = re.search(r"^opening_balance: (\S+)", ledgers[0].read_text(encoding="utf-8"), re.MULTILINE)
    assert opening_text is not None
    closing = Decimal(opening_text.group(1))
    # Written backwards from the example's first period: each closes where the next one opens.
    for key in reversed(keys):
        text, closing = _ledger(key, closing, level, rng)
        (target / "finance" / f"{key}.yml").write_text(text, encoding="utf-8")
    # About forty notices a year in the years before the example's (its last year), on working days.
    last_year = int(ledgers[-1].stem[:4])
    for year in range(last_year - (years - 1), last_year):
        for k in range(1, 41):
            day = date(year, 1, 5) + timedelta(days=k * 9)
            while day.weekday() >= 5:
                day += timedelta(days=1)
            topic = TOPICS[(k + year) % len(TOPICS)]
            path = target / "notices" / f"{day.isoformat()}-n{k:02d}.yml"
            path.write_text(_notice(day, topic, place, level, k), encoding="utf-8")


def generate(out: Path, committees: int = 12, years: int = 5, seed: int = 16, posters: bool = False) -> list[str]:
    """Write the project into ``out`` (emptied first); returns the committees' slugs."""
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    rng = random.Random(seed)
    slugs = []
    for n in range(committees):
        level = SHEQU if n % 2 == 0 else CUN
        place = PLACES[n % len(PLACES)] + (str(n // len(PLACES)) if n >= len(PLACES) else "")
        slug = f"{'sq' if level is SHEQU else 'cun'}{n + 1:02d}"
        _committee(out, slug, place, level, years, rng)
        slugs.append(slug)
    for name in ("posters.yml", "posters-logo.svg"):
        shutil.copy2(EXAMPLE / name, out / "data" / name)
    shutil.copytree(ROOT / "content", out / "content")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: theme_overrides", f"custom_dir: {ROOT / 'theme_overrides'}")
    config = re.sub(r"posters: (true|false)", f"posters: {'true' if posters else 'false'}", config)
    config = config.replace("site_name: 幸福里社区居务公开", f"site_name: {STREET}居务村务公开")
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    return slugs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--committees", type=int, default=12)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--posters", action="store_true", help="build wall posters too (off: the site alone)")
    args = parser.parse_args()
    slugs = generate(args.out, args.committees, args.years, args.seed, args.posters)
    files = sum(1 for _ in (args.out / "data").rglob("*.yml"))
    print(f"{args.out}: {len(slugs)} 个委员会，{args.years} 年，{files} 个数据文件")


if __name__ == "__main__":
    main()
