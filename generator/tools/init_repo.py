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


def _mkdocs_yml(c: Committee) -> str:
    return f"""# 网站设置（由 gongkailan init 生成）。委员会数据在 data/ 里，手写页面在 content/ 里。
site_name: {c.site_name}
site_description: {c.full_name}{LEVELS[c.level][2]}、财务公开
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

plugins:
  - gongkailan:
      data_dir: data
      posters: true      # 同时生成公开栏海报（PDF）

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

nav:
  - 关于本站: about.md
  - guide/read-accounts.md
  - guide/supervision.md

extra:
  generator: false
copyright: {c.full_name} · 本站内容依法公开，欢迎监督
"""


def _profile(c: Committee, root: Path) -> str:
    path = root / "data" / c.slug / "profile.yml"
    values = {"name": c.full_name, "short_name": c.name, "level": LEVELS[c.level][1]}
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


def _readme(c: Committee) -> str:
    head = f"""# {c.site_name}

{c.full_name}的{LEVELS[c.level][2]}网站：数据写在 `data/{c.slug}/` 里的 YAML 文件中，
提交后由自动流程检查并生成网站，发布到 {c.url}。

## 第一次使用

| 命令 | 作用 |
| --- | --- |
| `bash scripts/setup` | 安装（Debian/Ubuntu；安装字体等系统软件包和 `requirements.txt` 里的公开栏程序） |
| `.venv/bin/gongkailan check` | 只检查数据，列出所有错误（文件名：行号 和改法） |
| `.venv/bin/gongkailan build` | 检查并生成网站到 `site/`；有错时原有网站不变 |
| `.venv/bin/gongkailan new ledger 2026-11` | 新建一期账目（`new notice`、`new rule` 同理），每个键都带中文说明 |
| `.venv/bin/gongkailan schema --modelines` | 让编辑器（VS Code 装 YAML 扩展）自动补全、标出写错的键 |

先打开 `data/{c.slug}/profile.yml`，按每行的说明填好基本情况，再运行 `check`。

## 目录

| 目录 | 内容 |
| --- | --- |
| `data/{c.slug}/` | 本委员会的数据（YAML） |
| `content/` | 手写页面（关于本站等） |
| `theme_overrides/` | 本委员会自己的主题定制（平时为空） |
| `schemas/` | 编辑器用的数据格式说明（自动生成，不要手改） |
| `.github/workflows/`、`.gitlab-ci.yml` | 自动检查和发布流程（GitHub 或 GitLab，用哪个保留哪个） |

## 数据填写说明

"""
    # Between its markers, so `gongkailan guide --write README.md` refreshes it after an upgrade.
    return head + render_guide(None) + "\n"


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


def files_for(c: Committee, root: Path) -> dict[str, str]:
    """Every file of the new repository, by its path relative to ``root``."""
    written = {
        "mkdocs.yml": _mkdocs_yml(c),
        f"data/{c.slug}/profile.yml": _profile(c, root),
        "content/about.md": _about(c),
        "requirements.txt": _requirements(),
        "README.md": _readme(c),
        ".gitignore": GITIGNORE,
    }
    for source, target in COPIED.items():
        written[target] = (FILES / source).read_text(encoding="utf-8")
    return written


def create(root: Path, c: Committee) -> list[Path]:
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
