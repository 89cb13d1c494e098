"""A large synthetic street office (about 3,000 pages) for the search and speed benches.

Twelve committees, each with a roster, three years of monthly accounts, three rules and about
two hundred notices, written as ordinary data files so the real loader validates them. A few
facts are planted on exactly one page each (a rare word, a unique amount, a unique name) and
returned as queries with the page they must find, including traditional-character forms.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "建国华明丽芳志强敏静秀英玉兰桂英俊杰雪梅德明晓燕永福国庆凤英文涛春燕海波红霞立新宏伟淑珍桂芳秀兰玉珍振华建军爱民"
)
PLACES = ["幸福", "和平", "光明", "建设", "文昌", "东湖", "新华", "春晖", "长安", "丰收", "锦绣", "前进"]
TOPICS = [
    ("低保", "最低生活保障申请民主评议结果公示", "经入户调查和民主评议，下列家庭符合最低生活保障条件，现予公示。"),
    ("消防", "关于开展冬季消防安全检查的通知", "请居民清理楼道杂物，电动自行车不进楼道，不飞线充电。"),
    ("路灯", "路灯更换与线路检修实施情况公开", "对小区内损坏路灯进行更换，并检修老化线路。"),
    ("议事", "居民代表会议决议", "会议应到居民代表，实到居民代表，符合议事规则规定。"),
    ("慰问", "春节走访慰问困难群众执行情况公示", "走访慰问困难群众，发放慰问金和慰问品。"),
    ("绿化", "小区绿化补植工作安排", "对小区绿地进行补植，补植期间请居民注意安全。"),
    ("停水", "关于小区临时停水的通知", "因供水管网改造，小区将临时停水，请提前储水。"),
    ("疫苗", "老年人免费接种流感疫苗的通知", "年满 60 周岁的老年人可携带身份证到社区卫生服务站接种。"),
]
NEEDLES = ["琉璃瓦修缮", "古银杏保护", "雨水花园", "无障碍坡道", "智能快递柜", "共享菜园", "口袋公园", "充电车棚"]
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def generate(root: Path, committees: int = 12, notices: int = 205, seed: int = 7) -> list[dict[str, Any]]:
    """Write ``root/data/…``; return planted queries ``[{query, pages}]``."""
    import opencc

    to_trad = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    queries: list[dict[str, Any]] = []
    used_names: set[str] = set()

    def person() -> str:
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
            if name not in used_names:
                used_names.add(name)
                return name

    for n in range(committees):
        place = PLACES[n % len(PLACES)] + ("" if n < len(PLACES) else str(n))
        slug = f"c{n:02d}"
        base = root / "data" / slug
        _dump(
            base / "profile.yml",
            {
                "name": f"{place}社区居民委员会",
                "short_name": f"{place}社区",
                "subdistrict": "清河市东湖区幸福街道",
                "households": 1000 + n,
            },
        )
        members = [{"name": person(), "role": role} for role in ("主任", "副主任", "委员", "委员", "委员")]
        _dump(
            base / "rosters" / "juweihui.yml", {"body": "居委会", "name": f"{place}社区居民委员会", "members": members}
        )
        if n < 4:
            queries.append({"query": members[0]["name"], "pages": [f"/{slug}/rosters/juweihui/"]})

        balance = Decimal("20000.00")
        for i, month in enumerate(MONTHS):
            year, mm = month.split("-")
            expense = [
                {
                    "date": f"{month}-{d:02d}",
                    "summary": f"{rng.choice(['办公用品', '活动物资', '维修材料', '宣传折页'])}采购",
                    "category": rng.choice(["办公费", "活动经费", "维修费", "宣传费"]),
                    "amount": Decimal(rng.randrange(100, 5000)) + Decimal(rng.randrange(0, 100)) / 100,
                }
                for d in (8, 15, 22)
            ]
            if i % 9 == 4 and len([q for q in queries if q.get("kind") == "amount"]) < 6:
                unique = Decimal(rng.randrange(10000, 99999)) + Decimal(rng.randrange(1, 99)) / 100
                expense.append(
                    {"date": f"{month}-25", "summary": "专项工程尾款", "category": "维修费", "amount": unique}
                )
                queries.append({"query": f"{unique}", "pages": [f"/{slug}/finance/{month}/"], "kind": "amount"})
            # Income just covers spending, so balances stay small and realistic.
            spent = sum((x["amount"] for x in expense), Decimal(0))
            income = [
                {
                    "date": f"{month}-05",
                    "summary": f"幸福街道拨付{year}年{int(mm)}月社区工作经费",
                    "category": "上级拨款",
                    "amount": spent + Decimal(rng.randrange(0, 500)),
                }
            ]
            closing = balance + sum(x["amount"] for x in income) - sum(x["amount"] for x in expense)
            for line in income + expense:
                line["amount"] = f"{line['amount']:.2f}"
            _dump(
                base / "finance" / f"{month}.yml",
                {
                    "period": month,
                    "opening_balance": f"{balance:.2f}",
                    "income": income,
                    "expense": expense,
                    "closing_balance": f"{closing:.2f}",
                },
            )
            balance = closing

        for r, name in enumerate(("财务管理制度", "居民公约", "议事规则")):
            articles = [f"{place}社区{name}第{k + 1}项要求：居民委员会应当依法办事，接受居民监督。" for k in range(8)]
            if r == 0 and n < 3:
                articles[4] = f"社区设立{NEEDLES[n]}专项管理小组，由居务监督委员会监督。"
                queries.append({"query": f"{NEEDLES[n]}", "pages": [f"/{slug}/rules/r{r}/"]})
            _dump(
                base / "rules" / f"r{r}.yml",
                {
                    "title": f"{place}社区{name}",
                    "adopted_by": "居民代表会议",
                    "adopted_on": "2022-03-20",
                    "articles": articles,
                },
            )

        for k in range(notices):
            word, title, body = TOPICS[k % len(TOPICS)]
            day = f"{MONTHS[k % len(MONTHS)]}-{(k % 27) + 1:02d}"
            text = f"{place}社区{body}\n\n联系人：{person()}，办公地点：{place}社区党群服务中心 {k} 号窗口。"
            if k == 100 and 3 <= n < 3 + len(NEEDLES) - 3:
                needle = NEEDLES[n]
                text += f"\n\n本期重点：{needle}项目已完成。"
                queries.append({"query": needle, "pages": [f"/{slug}/notices/n{k:03d}/"]})
                queries.append({"query": to_trad.convert(needle), "pages": [f"/{slug}/notices/n{k:03d}/"]})
            _dump(
                base / "notices" / f"n{k:03d}.yml",
                {"title": f"{place}社区{title}（{day}）", "published_on": day, "body": text},
            )
    # Two-character words and article numbers, each planted once.
    for word, (slug, k) in (("窨井", ("c05", 7)), ("蜂巢", ("c06", 9)), ("樟树", ("c07", 11))):
        path = root / "data" / slug / "notices" / f"n{k:03d}.yml"
        if not path.is_file():  # a smaller site than the default
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["body"] += f"\n\n另：{word}问题已处理。"
        _dump(path, data)
        queries.append({"query": word, "pages": [f"/{slug}/notices/n{k:03d}/"]})
    if committees > 1:
        queries.append({"query": "古银杏保护 第五条", "pages": ["/c01/rules/r0/"]})
    for q in queries:
        q.pop("kind", None)
    return queries
