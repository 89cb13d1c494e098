"""The registry of data kinds: one declaration per kind of file a committee publishes.

Every layer reads this list instead of naming the kinds itself: the loader (which folder,
which model, which checks, in what order), the JSON Schemas and the editors' guide, the
site (pages and navigation, ``generator/site/sections/``), ``gongkailan diff`` and open
data. Adding a kind is one ``Kind(...)`` here plus the module of its model; a kind with no
page module of its own gets plain pages (an index and one page per record).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from . import catalogue, finance, notices, rosters, rules
from .budgets import Budget, BudgetItem
from .catalogue import Catalogue, CatalogueItem
from .disclosures import Donations, Fee, Gift, PropertyDisclosure, Use
from .finance import Ledger, Line
from .funds import Fund
from .notices import Notice
from .portal import LinkedSite, PortalConfig
from .profile import Contact, Grid, Profile
from .rosters import Member, Roster
from .rules import Chapter, Rule
from .subdistrict import CommitteePoster, PosterDetails, SiteConfig, Subdistrict
from .worklists import ITEM_MODELS, WorkList

if TYPE_CHECKING:
    from ..errors import Collector
    from ..source.document import Document


@dataclass(frozen=True)
class Part:
    """Records nested inside a file, explained in the guide under their own heading."""

    heading: str
    model: type[BaseModel]
    inner: str  # where they sit in the file: "members", or "income|expense" for two lists


@dataclass(frozen=True)
class Kind:
    folder: str  # data/<committee>/<folder>/*.yml; also the name of its JSON Schema
    title: str  # what editors and residents call it
    model: type[BaseModel]  # validates one file
    parts: tuple[Part, ...] = ()  # nested records, for the guide
    check: Callable[[Document[Any], Collector], None] | None = None  # one file, once it is valid
    check_all: Callable[[list[Document[Any]], Collector], None] | None = None  # all files of one committee
    order: Callable[[Document[Any]], Any] | None = None  # sort key of the records (None: by file name)
    newest_first: bool = False
    # Items validated by the model that the file's ``kind:`` names (work lists): value -> model.
    variants: Mapping[str, type[BaseModel]] = field(default_factory=dict)
    after: str = ""  # on the site and in the guide, shown right after this kind (budgets after finance)
    # Records also published as data files: a table in the committee's datapackage.json
    # (generator/outputs/opendata.py's TABLES), else one JSON file per record.
    open_data: bool = False

    @property
    def pattern(self) -> str:
        if any(self is kind for kind in SITE_WIDE):
            return f"../{self.folder}.yml"  # beside the committees' folders, in data/ itself
        return "profile.yml" if self is PROFILE else f"{self.folder}/*.yml"


PROFILE = Kind(
    "profile",
    "基本情况",
    Profile,
    parts=(
        Part("公开联系方式（profile.yml 的 contacts 每一项）", Contact, "contacts"),
        Part("网格（profile.yml 的 grids 每一项）", Grid, "grids"),
    ),
)


def _check_catalogue(doc: Document[Any], errors: Collector) -> None:
    catalogue.check(doc, errors, known_sources())


def _newest(doc: Document[Any]) -> Any:
    return (doc.model.published_on, doc.slug)


# data/jiedao.yml: the 街道 or 镇 of a site with several committees (generator/model/subdistrict.py).
# Not a committee's kind: the loader reads it once per site; the guide and the schemas list it.
SITE = Kind(
    "jiedao",
    "街道和镇（data/jiedao.yml）",
    SiteConfig,
    parts=(
        Part("街道或镇（subdistricts 每一项）", Subdistrict, "subdistricts"),
        Part("街道或镇的海报样式（subdistricts 每一项的 poster）", PosterDetails, "poster"),
        Part("委员会的海报信息（poster 的 committees 里每个委员会）", CommitteePoster, "committees"),
    ),
)

# data/portal.yml: a city's portal over its 街道's own sites (generator/model/portal.py), in a
# repository of its own with no committees; read by ``gongkailan portal`` only.
PORTAL = Kind(
    "portal",
    "全市（区）门户（data/portal.yml）",
    PortalConfig,
    parts=(Part("门户列出的网站（sites 每一项）", LinkedSite, "sites"),),
)

SITE_WIDE = (SITE, PORTAL)  # files of a whole site, in data/ itself: their kind is their file name


# In the order the loader reads folders and error messages list them.
KINDS: list[Kind] = [
    Kind(
        "rosters",
        "组织名册",
        Roster,
        parts=(Part("名册成员（members 每一项）", Member, "members"),),
        check=rosters.check,
        check_all=rosters.check_all,
        open_data=True,  # the public fields only (generator/privacy/open_fields.py)
        order=lambda d: (rosters.body_rank(d.model), d.slug),
    ),
    Kind(
        "finance",
        "财务账目",
        Ledger,
        parts=(Part("收支明细（income、expense 每一项）", Line, "income|expense"),),
        check=finance.check,
        order=lambda d: d.model.period,
        open_data=True,
    ),
    Kind("lists", "工作事项清单", WorkList, variants=ITEM_MODELS, open_data=True),
    Kind(
        "rules",
        "规章制度",
        Rule,
        parts=(Part("章（chapters 每一项）", Chapter, "chapters"),),
        check=rules.check,
        order=lambda d: (d.model.status != "有效", d.model.kind, d.slug),
    ),
    Kind("notices", "公告公示", Notice, check=notices.check, order=_newest, newest_first=True),
    Kind(
        "budgets",
        "年度预算",
        Budget,
        parts=(Part("支出预算（budgets 的 expense 每一项）", BudgetItem, "expense"),),
        order=lambda d: d.model.year,
        after="finance",
        open_data=True,
    ),
    Kind("funds", "专项资金", Fund, after="budgets", open_data=True),
    Kind(
        "donations",
        "捐赠公示",
        Donations,
        parts=(Part("捐赠明细（gifts 每一项）", Gift, "gifts"),),
        order=_newest,
        newest_first=True,
        after="funds",
        open_data=True,
    ),
    Kind(
        "property",
        "物业四公开",
        PropertyDisclosure,
        parts=(
            Part("收费项目（property 的 fees 每一项）", Fee, "fees"),
            Part("收支项目（property 的 income、expense 每一项）", Use, "income|expense"),
        ),
        order=_newest,
        newest_first=True,
        after="donations",
        open_data=True,
    ),
    Kind(
        "catalogue",
        "公开目录",
        Catalogue,
        parts=(Part("目录事项（items 每一项）", CatalogueItem, "items"),),
        check=_check_catalogue,
    ),
]


def known_sources() -> dict[str, tuple[str, type[BaseModel]]]:
    """Folder -> (title, model) of every kind a catalogue item may name as its source."""
    return {kind.folder: (kind.title, kind.model) for kind in KINDS}


def register(kind: Kind) -> Kind:
    """Add a kind of data; every layer sees it from then on."""
    if any(k.folder == kind.folder for k in [PROFILE, *KINDS]):
        raise ValueError(f"data kind {kind.folder!r} is declared twice")
    KINDS.append(kind)
    return kind


def by_folder(folder: str) -> Kind:
    return next(k for k in KINDS if k.folder == folder)


def shown() -> list[Kind]:
    """The kinds in the order residents meet them: each ``after`` kind right after its anchor."""
    out = [k for k in KINDS if not k.after]
    pending = [k for k in KINDS if k.after]
    while pending:
        placed = [k for k in pending if any(o.folder == k.after for o in out)]
        if not placed:
            raise ValueError(f"data kind {pending[0].folder!r} is shown after an unknown kind {pending[0].after!r}")
        for kind in placed:
            at = next(i for i, o in enumerate(out) if o.folder == kind.after)
            out.insert(at + 1, kind)
            pending.remove(kind)
    return out


def record_title(model: BaseModel) -> str:
    """What a record is called in lists and summaries: its title, its name, or its year."""
    for attribute in ("title", "name"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    year = getattr(model, "year", None)
    return f"{year}年" if year else ""
