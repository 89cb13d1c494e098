"""`gongkailan init`: a new committee's repository, the way ``mkdocs new`` starts a MkDocs project.

It writes the site settings, a profile form to fill in, the publishing workflows and installer
this project itself uses (``init_files/`` links to them, so what ``init`` writes is always the
project's current version), the JSON Schemas, the pinned requirement on this tool and the
editors' README. Nothing is written when any of those files already exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import urlsplit

from ..model.profile import Profile
from .guide import render_guide
from .scaffold import SLUG, ScaffoldError, form, render
from .schemas import install as install_schemas
from .schemas import modeline

FILES = Path(str(resources.files("generator") / "init_files"))

# What a level is called on the site: (full name suffix, profile level, what is published).
LEVELS = {
    "社区": ("居民委员会", "社区居委会", "居务公开"),
    "村": ("村民委员会", "村委会", "村务公开"),
}

# Files copied as they are: (file in init_files/, where it goes in the new repository).
COPIED = {
    "github-pages.yml": ".github/workflows/pages.yml",
    "github-pr.yml": ".github/workflows/pr.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "setup": "scripts/setup",
    "theme_overrides-README.md": "theme_overrides/README.md",
    # The finance pages link to the first (generator/templates/finance_index.md.j2), which links to the second.
    "guide-read-accounts.md": "content/guide/read-accounts.md",
    "guide-supervision.md": "content/guide/supervision.md",
}


@dataclass(frozen=True)
class Committee:
    name: str  # 幸福里社区 / 幸福村
    level: str  # 社区 / 村
    slug: str
    url: str

    @property
    def full_name(self) -> str:
        return self.name + LEVELS[self.level][0]

    @property
    def site_name(self) -> str:
        return self.name + LEVELS[self.level][2]


def tool_version() -> str:
    try:
        return version("gongkailan")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.0.0"


# A 街道's or 镇's repository: several committees, one site (generator/model/subdistrict.py).
AREA_LEVELS = ("街道", "镇", "乡")


@dataclass(frozen=True)
class Area:
    name: str  # 幸福街道 / 青山镇
    level: str  # 街道 / 镇 / 乡
    url: str
    committees: tuple[Committee, ...]

    @property
    def office(self) -> str:
        return self.name + ("办事处" if self.level == "街道" else "人民政府")

    @property
    def published(self) -> str:
        levels = {c.level for c in self.committees} or {"村" if self.level != "街道" else "社区"}
        return "居务村务公开" if len(levels) == 2 else LEVELS[levels.pop()][2]

    @property
    def site_name(self) -> str:
        return self.name + self.published


def area(name: str, level: str, url: str, members: list[str]) -> Area:
    """A 街道 or 镇 and its committees, each ``名称=文件夹名`` (a name ending in 村 is a village)."""
    name = name.strip()
    if not name:
        raise ScaffoldError("请用 --name 写明街道或镇的名称，例如 --name 幸福街道")
    probe = committee("示例社区", "社区", "x", url)  # checks the URL the same way
    found = []
    for member in members:
        label, _, slug = member.partition("=")
        if not slug:
            raise ScaffoldError(f"--committee“{member}”要写成 名称=文件夹名，例如 --committee 六合村=liuhe")
        level_of = "村" if label.strip().endswith("村") else "社区"
        found.append(committee(label, level_of, slug.strip(), probe.url))
    slugs = [c.slug for c in found]
    if len(set(slugs)) != len(slugs):
        raise ScaffoldError("两个 --committee 用了同一个文件夹名，请各用各的拼音")
    return Area(name, level, probe.url, tuple(found))


# A city's (市, 区 or 县) repository: several 街道 and 镇, one site with a portal page, built by a CI
# matrix (generator/tools/shards.py and the city workflows in init_files/).
CITY_LEVELS = ("市", "区", "县")
# GitLab runs from 1 up to 200 `parallel` jobs.
GITLAB_PARALLEL = (1, 200)


@dataclass(frozen=True)
class CityWide:
    """What a city's repositories (its one site, or its portal) share."""

    name: str  # 东湖区
    level: str  # 市 / 区 / 县
    url: str

    @property
    def owner(self) -> str:
        return self.name + "各街道、乡镇"


@dataclass(frozen=True)
class City(CityWide):
    areas: tuple[Area, ...]

    @property
    def committees(self) -> tuple[Committee, ...]:
        return tuple(c for a in self.areas for c in a.committees)

    @property
    def published(self) -> str:
        levels = {c.level for c in self.committees}
        return "居务村务公开" if len(levels) != 1 else LEVELS[levels.pop()][2]

    @property
    def site_name(self) -> str:
        return self.name + self.published

    @property
    def jobs(self) -> int:
        """CI jobs: one per 街道 or 镇, within what GitLab's `parallel` accepts."""
        low, high = GITLAB_PARALLEL
        return max(low, min(high, len(self.areas)))


def city(name: str, level: str, url: str, members: list[str]) -> City:
    """A city and its 街道 and 镇, from ``街道或镇/委员会名称=文件夹名`` (镇 and 乡 hold villages)."""
    name = name.strip()
    if not name:
        raise ScaffoldError("请用 --name 写明市、区或县的名称，例如 --name 东湖区")
    if not members:
        raise ScaffoldError(
            "请用 --committee 列出各委员会：街道或镇/名称=文件夹名，例如 --committee 青山镇/六合村=liuhe"
        )
    by_area: dict[str, list[str]] = {}
    for member in members:
        where, slash, rest = member.partition("/")
        if not slash or not where.strip():
            raise ScaffoldError(
                f"--committee“{member}”要写成 街道或镇/名称=文件夹名，例如 --committee 青山镇/六合村=liuhe"
            )
        by_area.setdefault(where.strip(), []).append(rest)
    areas = []
    for where, listed in by_area.items():
        kind = next((k for k in ("街道", "镇", "乡") if where.endswith(k)), None)
        if kind is None:
            raise ScaffoldError(f"“{where}”不像街道、镇或乡的名称：名称应以“街道”“镇”或“乡”结尾，例如 幸福街道、青山镇")
        areas.append(area(where, kind, url, listed))
    slugs = [c.slug for a in areas for c in a.committees]
    if len(set(slugs)) != len(slugs):
        raise ScaffoldError("两个 --committee 用了同一个文件夹名：全市的委员会文件夹名不能重复，请各用各的拼音")
    return City(name, level, areas[0].url, tuple(areas))


# A city's portal over its 街道's own sites, when they no longer fit in one site
# (generator/outputs/portal.py): no committee data, only data/portal.yml naming the sites.
@dataclass(frozen=True)
class Portal(CityWide):
    sites: tuple[str, ...]

    @property
    def site_name(self) -> str:
        return self.name + "居务村务公开"


def portal(name: str, level: str, url: str, sites: list[str]) -> Portal:
    """A city's portal listing the 街道's and 镇's sites, all under the portal's own host."""
    name = name.strip()
    if not name:
        raise ScaffoldError("请用 --name 写明市、区或县的名称，例如 --name 东湖区")
    own = committee("示例社区", "社区", "x", url).url  # checks the URL the same way
    found: list[str] = []
    for site in sites:
        checked = committee("示例社区", "社区", "x", site.strip()).url
        if urlsplit(checked)[:2] != urlsplit(own)[:2]:
            raise ScaffoldError(
                f"--site“{site}”与 --url“{url}”不在同一个域名下：门户的搜索只向自己的域名取各网站的索引，"
                "请把各街道、镇的网站发布在同一个域名下的不同路径"
            )
        if checked in found:
            raise ScaffoldError(f"--site“{site}”写了两次")
        found.append(checked)
    return Portal(name, level, own, tuple(found))


def committee(name: str, level: str, slug: str, url: str) -> Committee:
    """Check the options the way an editor typed them; ScaffoldError says what to change."""
    name = name.strip()
    if not name:
        raise ScaffoldError("请用 --name 写明社区或村的名称，例如 --name 幸福里社区")
    if level not in LEVELS:
        raise ScaffoldError(f"--level 只能是 {'或'.join(LEVELS)}，不能是“{level}”")
    if not SLUG.fullmatch(slug):
        raise ScaffoldError(f"--slug“{slug}”只能用小写拼音、数字和“-”，例如 xingfu")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        raise ScaffoldError(f"--url“{url}”不是网址，例如 https://xingfu.example.org/")
    return Committee(name, level, slug, url if url.endswith("/") else url + "/")


def _mkdocs_yml(c: Committee | Area | City | Portal) -> str:
    plugins = """plugins:
  - gongkailan:
      data_dir: data
      posters: true      # 同时生成公开栏海报（PDF）"""
    nav = """nav:
  - 关于本站: about.md
  - guide/read-accounts.md
  - guide/supervision.md"""
    if isinstance(c, Portal):
        described, owner = f"{c.owner}的居务村务", c.owner
        plugins = "plugins: []   # 门户不读委员会的数据：gongkailan portal 读 data/portal.yml 列出的各网站"
        nav = "nav:\n  - 关于本站: about.md"
    elif isinstance(c, City):
        described, owner = f"{c.owner}{c.published}", c.owner
    elif isinstance(c, Area):
        described, owner = c.office + "辖区" + c.published, c.office
    else:
        described, owner = c.full_name + LEVELS[c.level][2], c.full_name
    where = "门户列出的各网站在 data/portal.yml 里" if isinstance(c, Portal) else "委员会数据在 data/ 里"
    return f"""# 网站设置（由 gongkailan init 生成）。{where}，手写页面在 content/ 里。
site_name: {c.site_name}
site_description: {described}、财务公开
site_url: {c.url}
docs_dir: content
strict: true

theme:
  name: material
  custom_dir: theme_overrides   # 本委员会自己的主题定制，见 theme_overrides/README.md
  language: zh
  font: false            # 不用境外字体，国内网络打开更快
  features:
    - navigation.prune
    - navigation.indexes
    - navigation.top
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: red
      accent: red
      toggle:
        icon: material/brightness-7
        name: 切换到深色模式
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: red
      accent: red
      toggle:
        icon: material/brightness-4
        name: 切换到浅色模式

{plugins}

validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn

markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: false

{nav}

extra:
  generator: false
copyright: {owner} · 本站内容依法公开，欢迎监督
"""


def _profile(c: Committee, root: Path, subdistrict: str | None = None) -> str:
    path = root / "data" / c.slug / "profile.yml"
    values = {"name": c.full_name, "short_name": c.name, "level": LEVELS[c.level][1]}
    if subdistrict:
        values["subdistrict"] = subdistrict
    header = [
        modeline(path, root),
        f"# {c.full_name} 基本情况。每行 # 后面是说明：写什么、能不能空着。",
        "# 填好空着的必填项后运行 .venv/bin/gongkailan check 检查；只公开办公电话，不要写个人手机号。",
    ]
    return render(form(Profile, values), header)


def _requirements() -> str:
    return f"""# 本网站使用的公开栏程序版本。scripts/setup 用它安装：
#   python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
# 升级程序时改这里的版本号，提交后自动发布流程会用新版本生成网站。
gongkailan=={tool_version()}
"""


# What a city's README adds: how the matrix build works and where the site is hosted (the
# project README's “全市网站” section says why, with the measured sizes).
CITY_README = """## 全市网站怎样生成和发布

每个委员会是一个生成单位。发布流程（`.github/workflows/pages.yml` 或 `.gitlab-ci.yml`）分三步，
由 GitHub Actions 或 GitLab 自己安排同时运行：

1. **检查和分配**：`gongkailan check` 检查全部数据；`gongkailan shards` 按各委员会的数据量把委员会分给几个任务
   （输出 JSON，GitHub 的 matrix 直接使用；GitLab 的每个并行任务用 `--job` 取自己的那一份）。
2. **生成**：每个任务运行 `gongkailan build --units xingfu,liuhe --units-out units/`（委员会文件夹名），只生成分给它的委员会
   （读完整的提交历史，每页的公开日期和修改记录才对）。
3. **合成和发布**：`gongkailan assemble units/` 生成总门户首页（按街道、镇列出每个社区和村）和合并的全站搜索，
   再部署。任何一步失败，线上网站保持原样。

本地试一遍：`.venv/bin/gongkailan shards` 看分配结果，再按它逐个运行第 2 步的命令，最后运行第 3 步。

**放在哪里**：整个市（区）一个网站，只要网站不超过 Pages 的上限（GitHub Pages 每个网站 1 GB；GitLab.com 同样是 1 GB，
自建 GitLab 默认只有 100 MB，需管理员在“管理中心 → 设置 → 偏好设置 → Pages”里调大）。一个 12 个委员会、5 年数据的
街道约占 150 MB（含上墙的海报），每多一年约多 30 MB，所以一个网站按最多 4 个这样的街道计划。超过时改为每个街道、镇一个仓库和网站
（`gongkailan init --level 街道`），再建一个门户仓库（`gongkailan init --level 区 --site 各街道网站的网址`）：
门户列出各网站的每个委员会，首页的搜索框一次搜索所有网站。

"""


def _readme(c: Committee | Area | City) -> str:
    if isinstance(c, City):
        whose, where = f"{c.owner}各社区、村的{c.published}", "`data/<委员会文件夹>/`"
        first = (
            "先打开 `data/jiedao.yml` 核对各街道、镇和所辖委员会，再按每行的说明填好各委员会的 `profile.yml`，"
            "然后运行 `check`。发布时各委员会分成几个任务同时生成（见下面“全市网站怎样生成和发布”）。"
        )
        folder = "| `data/jiedao.yml` | 各街道、镇的名称、所辖委员会、海报样式 |\n| `data/<委员会文件夹>/` | 各委员会的数据（YAML） |"
    elif isinstance(c, Area):
        whose, where = f"{c.office}辖区各社区、村的{c.published}", "`data/<委员会文件夹>/`"
        first = (
            "先打开 `data/jiedao.yml` 核对所辖委员会，再按每行的说明填好各委员会的 `profile.yml`，然后运行 `check`。"
        )
        folder = "| `data/jiedao.yml` | 街道或镇的名称、所辖委员会、海报样式 |\n| `data/<委员会文件夹>/` | 各委员会的数据（YAML） |"
    else:
        whose, where = f"{c.full_name}的{LEVELS[c.level][2]}", f"`data/{c.slug}/`"
        first = f"先打开 `data/{c.slug}/profile.yml`，按每行的说明填好基本情况，再运行 `check`。"
        folder = f"| `data/{c.slug}/` | 本委员会的数据（YAML） |"
    head = f"""# {c.site_name}

{whose}网站：数据写在 {where} 里的 YAML 文件中，
提交后由自动流程检查并生成网站，发布到 {c.url}。

## 第一次使用

| 命令 | 作用 |
| --- | --- |
| `bash scripts/setup` | 安装（Debian/Ubuntu；安装字体等系统软件包和 `requirements.txt` 里的公开栏程序） |
| `.venv/bin/gongkailan check` | 只检查数据，列出所有错误（文件名：行号 和改法） |
| `.venv/bin/gongkailan build` | 检查并生成网站到 `site/`；有错时原有网站不变 |
| `.venv/bin/gongkailan new ledger 2026-11` | 新建一期账目（`new notice`、`new rule` 同理），每个键都带中文说明 |
| `.venv/bin/gongkailan schema --modelines` | 让编辑器（VS Code 装 YAML 扩展）自动补全、标出写错的键 |

{first}

## 目录

| 目录 | 内容 |
| --- | --- |
{folder}
| `content/` | 手写页面（关于本站等） |
| `theme_overrides/` | 本委员会自己的主题定制（平时为空） |
| `schemas/` | 编辑器用的数据格式说明（自动生成，不要手改） |
| `published-urls.list` | 网站发布过的网址，生成网站时自动记下，请一起提交（二维码上的旧网址靠它继续有效） |
| `.github/workflows/`、`.gitlab-ci.yml` | 自动检查和发布流程（GitHub 或 GitLab，用哪个保留哪个） |

## 数据填写说明

"""
    # Between its markers, so `gongkailan guide --write README.md` refreshes it after an upgrade.
    return head + (CITY_README if isinstance(c, City) else "") + render_guide(None) + "\n"


def _about(c: Committee) -> str:
    return f"""# 关于本站

本站是{c.full_name}的{LEVELS[c.level][2]}网站，与公开栏上张贴的内容一致，方便居民随时在手机上查看。

本站不收集访问者的任何个人信息。对公开内容有疑问或异议，请按首页的联系方式联系我们。
"""


GITIGNORE = """/site/
/.venv/
/posters/
__pycache__/
"""


def _subdistrict_lines(a: Area) -> list[str]:
    return [
        f"  - name: {a.name}",
        f"    level: {a.level}",
        f"    office: {a.office}",
        "    committees:" + ("" if a.committees else " []"),
        *(f"      - {c.slug}  # {c.full_name}" for c in a.committees),
        "    contacts: []  # 街道或镇对外公开的电话、地址：- label: 名称  phone: 电话",
        "    poster:",
        f"      footer: {a.office}统一监制",
    ]


def _jiedao(c: Area | City, root: Path) -> str:
    """data/jiedao.yml: the 街道 or 镇 (a city: each of them), its committees and its poster style."""
    areas = c.areas if isinstance(c, City) else (c,)
    whose = f"{c.owner}" if isinstance(c, City) else c.office
    lines = [
        modeline(root / "data" / "jiedao.yml", root),
        f"# {whose}的网站设置：所辖委员会和公开栏海报的统一样式（由 gongkailan init 生成）。",
        "# 新增一个社区或村：在 data/ 里建它的文件夹（带 profile.yml），再把文件夹名加到 committees 下面。",
        f"site_name: {c.site_name}",
        "subdistricts:",
        *(line for a in areas for line in _subdistrict_lines(a)),
    ]
    return "\n".join(lines) + "\n"


def _area_about(a: Area | City) -> str:
    whose = a.owner if isinstance(a, City) else a.office + "辖区"
    return f"""# 关于本站

本站是{whose}各社区、村的{a.published}网站，与各委员会公开栏上张贴的内容一致，方便随时在手机上查看。

本站不收集访问者的任何个人信息。对公开内容有疑问或异议，请按各委员会首页的联系方式联系。
"""


def files_for(c: Committee | Area | City | Portal, root: Path) -> dict[str, str]:
    """Every file of the new repository, by its path relative to ``root``."""
    from ..outputs.redirects import HEADER, MANIFEST

    if isinstance(c, Portal):
        return portal_files(c, root)
    written = {"mkdocs.yml": _mkdocs_yml(c)}
    if isinstance(c, (Area, City)):
        written["data/jiedao.yml"] = _jiedao(c, root)
        for unit in c.areas if isinstance(c, City) else (c,):
            for member in unit.committees:
                written[f"data/{member.slug}/profile.yml"] = _profile(member, root, unit.name)
        written["content/about.md"] = _area_about(c)
    else:
        written[f"data/{c.slug}/profile.yml"] = _profile(c, root)
        written["content/about.md"] = _about(c)
    written |= {
        "requirements.txt": _requirements(),
        "README.md": _readme(c),
        ".gitignore": GITIGNORE,
        MANIFEST: HEADER,  # every address the site serves from now on is kept (outputs/redirects.py)
    }
    for source, target in COPIED.items():
        written[target] = (FILES / source).read_text(encoding="utf-8")
    if isinstance(c, City):
        written |= city_workflows(c)
    return written


def city_workflows(c: City) -> dict[str, str]:
    """The matrix workflows in place of the one-job ones; GitLab's job count set to the city's."""
    gitlab = (FILES / "gitlab-city.yml").read_text(encoding="utf-8")
    for fixed in ("parallel: {}", "--jobs {}"):
        assert gitlab.count(fixed.format(4)) == 1, fixed  # the shipped file's placeholder count
        gitlab = gitlab.replace(fixed.format(4), fixed.format(c.jobs))
    return {
        ".github/workflows/pages.yml": (FILES / "github-city.yml").read_text(encoding="utf-8"),
        ".gitlab-ci.yml": gitlab,
    }


PORTAL_COPIED = {
    "github-portal.yml": ".github/workflows/pages.yml",
    "gitlab-portal.yml": ".gitlab-ci.yml",
    "setup": "scripts/setup",
    "theme_overrides-README.md": "theme_overrides/README.md",
}


def portal_files(p: Portal, root: Path) -> dict[str, str]:
    """A portal's repository: its settings, data/portal.yml, an about page and the portal workflows."""
    listed = "".join(f"  - url: {site}\n" for site in p.sites) or "  - url: " + p.url + "xingfu/\n"
    written = {
        "mkdocs.yml": _mkdocs_yml(p),
        "data/portal.yml": (
            modeline(root / "data" / "portal.yml", root) + "\n"
            "# 门户列出的各街道、镇网站（由 gongkailan init 生成）。每个网站由各自的仓库发布，\n"
            "# 门户生成时读它们发布的 gkl-site.json 和搜索索引，所以这里只写网址：委员会的名称从各网站来。\n"
            "# 各网站要与门户在同一个域名下（居民手机上的搜索只向这个域名取数据），并用同一版本的公开栏生成。\n"
            f"site_name: {p.site_name}\n"
            "sites:\n" + listed
        ),
        "content/about.md": f"""# 关于本站

本站是{p.owner}居务、村务公开网站的门户：列出各街道、镇的网站和所辖的每个社区、村，
首页的搜索框一次搜索所有网站。各网站的内容由各街道、镇和委员会发布，与公开栏上张贴的一致。

本站不收集访问者的任何个人信息。对公开内容有疑问或异议，请按各委员会首页的联系方式联系。
""",
        "requirements.txt": _requirements(),
        "README.md": _portal_readme(p),
        ".gitignore": GITIGNORE,
    }
    for source, target in PORTAL_COPIED.items():
        written[target] = (FILES / source).read_text(encoding="utf-8")
    return written


def _portal_readme(p: Portal) -> str:
    return f"""# {p.site_name}

{p.owner}公开网站的门户，发布到 {p.url}。各街道、镇的网站由各自的仓库发布（`gongkailan init --level 街道`），
这个仓库只有门户：`data/portal.yml` 列出各网站的网址，`.venv/bin/gongkailan portal` 读取各网站发布的
`gkl-site.json` 和搜索索引，生成门户首页（按街道、镇列出每个社区和村）和一次搜索所有网站的搜索框。

| 命令 | 作用 |
| --- | --- |
| `bash scripts/setup` | 安装 |
| `.venv/bin/gongkailan portal` | 读取各网站，生成门户到 `site/`；有网站读不到时原有门户不变 |

编辑 `data/portal.yml` 时，支持 YAML 的编辑器（如 VS Code 的 YAML 插件）按第一行指向的 `schemas/portal.json`
补全键名、显示每个键的说明、标出写错的键。

**要求**：各街道、镇的网站与门户在同一个域名下（例如 GitHub 组织的 `<组织>.github.io/<仓库>/`，或组织的自定义域名下的路径），
因为居民手机上的搜索只向门户的域名取数据；各仓库的 `requirements.txt` 用同一版本的公开栏，搜索索引才能合在一起。
升级公开栏时先升级并重新发布各街道、镇的网站，再升级门户。

**发布**：`.github/workflows/pages.yml`（GitHub）或 `.gitlab-ci.yml`（GitLab）在 `main` 有新提交时和每天北京时间 0:40
重新生成门户，新加的委员会第二天出现在门户上。
"""


def create(root: Path, c: Committee | Area | City | Portal) -> list[Path]:
    """Write the repository into ``root``; refuse, writing nothing, if any of its files exists."""
    files = files_for(c, root)
    existing = [name for name in [*files, "schemas"] if (root / name).exists()]
    if existing:
        raise ScaffoldError(
            "这些文件已经存在，没有覆盖任何文件：" + "、".join(existing) + "。请换一个空文件夹，或先移走这些文件"
        )
    written = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if name == "scripts/setup":
            path.chmod(0o755)
        written.append(path)
    return written + install_schemas(root)
