"""基本情况: who the committee is and how to reach it."""

from __future__ import annotations

from typing import Literal

from .markers import OFFICE, PUBLIC
from .record import Record, optional, text


class Contact(Record):
    label: str = text("名称", "例如 社区服务中心、书记信箱", min_length=1)
    phone: str | None = optional(
        "电话", "只填对外公开的办公电话；手机号码要同时写进 public_numbers 才完整显示", json_schema_extra=OFFICE
    )
    email: str | None = optional("电子邮箱", "对外公开的邮箱；别处写到这个邮箱也照常显示", json_schema_extra=OFFICE)
    address: str | None = optional("地址", json_schema_extra=OFFICE)
    hours: str | None = optional("时间", "例如 工作日 8:30-17:30")


class Grid(Record):
    name: str = text("网格名称", min_length=1)
    area: str | None = optional("范围", "例如 1-8 号楼")
    households: int | None = optional("户数", ge=0)


class Profile(Record):
    name: str = text("全称", "例如 幸福里社区居民委员会", min_length=1)
    short_name: str | None = optional("简称", "例如 幸福里社区")
    level: Literal["社区居委会", "村委会"] = text("类别", default="社区居委会")
    subdistrict: str = text("所属街道或乡镇", min_length=1)
    address: str | None = optional("办公地址", json_schema_extra=OFFICE)
    households: int | None = optional("户数", ge=0)
    population: int | None = optional("人口", ge=0)
    area: str | None = optional("辖区范围")
    office_hours: str | None = optional("办公时间", "例如 周一至周日 8:30-17:30")
    introduction: str | None = optional("简介", "可用 Markdown")
    contacts: list[Contact] = text("公开联系方式", default_factory=list)
    facilities: list[str] = text("服务设施", "例如 党群服务中心、居民议事室", default_factory=list)
    grids: list[Grid] = text("网格划分", default_factory=list)
    public_numbers: list[str] = text(
        "公开号码",
        "同意完整公开的手机号码、对公账号、邮箱（例如值班手机）；其余手机号、固定电话、身份证号、银行卡号在网站上一律打码",
        default_factory=list,
        json_schema_extra=PUBLIC,
    )
    public_addresses: list[str] = text(
        "公开地址",
        "可以写到门牌号、室号的公共场所地址（例如 幸福里一区3幢101室 社区卫生服务站）；"
        "其余写到室号、门牌号的住址在网站上一律隐去楼栋、单元和室号",
        default_factory=list,
        json_schema_extra=PUBLIC,
    )

    @property
    def display_name(self) -> str:
        return self.short_name or self.name
