"""工作事项清单: duties, assistance items, certificates, services and the year's projects.

Each list kind has its own item model so that a typo is caught against the keys that kind
really has, and the keys a norm requires (a certificate's legal basis, N7) are required.
"""

from __future__ import annotations

from typing import Any, Literal

from .fields import Money, Year
from .record import Record, optional, text

ListKind = Literal["履职事项", "协助政府事项", "负面清单", "证明事项", "公共服务事项", "为民办实事"]


class ItemBase(Record):
    title: str = text("事项名称", min_length=1)
    content: str | None = optional("内容", "可用 Markdown")
    note: str | None = optional("备注")


class DutyItem(ItemBase):
    basis: str | None = optional("依据", "法律法规条款")


class AssistItem(ItemBase):
    department: str = text("主管部门", "提出协助要求的政府部门", min_length=1)
    basis: str = text("依据", "法律法规条款", min_length=1)
    funding: str | None = optional("经费保障", "权随责走、费随事转：写明经费来源")


class NegativeItem(ItemBase):
    basis: str | None = optional("依据")


class CertificateItem(ItemBase):
    basis: str = text("法律依据", "没有法律法规依据的证明不得出具", min_length=1)
    purpose: str | None = optional("用途")
    procedure: str | None = optional("办理流程")
    template: str | None = optional("证明样式", "证明模板的名称或内容")
    materials: list[str] = text("所需材料", default_factory=list)


class ServiceItem(ItemBase):
    basis: str | None = optional("依据")
    materials: list[str] = text("所需材料", default_factory=list)
    steps: list[str] = text("办理步骤", default_factory=list)
    time_limit: str | None = optional("办理时限")
    fee: str | None = optional("收费标准", default="不收费")
    window: str | None = optional("办理窗口")
    hours: str | None = optional("办理时间")


class ProjectItem(ItemBase):
    status: Literal["未开始", "进行中", "已完成", "已取消"] = text("进度状态")
    progress: str | None = optional("进展说明")
    budget: Money | None = optional("预算金额")
    responsible: str | None = optional("责任人或责任单位")
    due: str | None = optional("计划完成时间")
    resolution: str | None = optional(
        "依据决议", "决定办这件实事的会议决议公告的文件名（不含 .yml）；决议的页面会列出它"
    )


ITEM_MODELS: dict[str, type[ItemBase]] = {
    "履职事项": DutyItem,
    "协助政府事项": AssistItem,
    "负面清单": NegativeItem,
    "证明事项": CertificateItem,
    "公共服务事项": ServiceItem,
    "为民办实事": ProjectItem,
}

TITLES = {
    "履职事项": "依法履行职责事项清单",
    "协助政府事项": "依法协助政府工作事项清单",
    "负面清单": "不应由居（村）委会承担的事项（负面清单）",
    "证明事项": "证明事项清单",
    "公共服务事项": "公共服务事项与办事指南",
    "为民办实事": "为民办实事项目",
}


class WorkList(Record):
    kind: ListKind = text("清单类别")
    title: str | None = optional("标题", "不写时按类别自动命名")
    year: Year | None = optional("年度")
    intro: str | None = optional("说明", "可用 Markdown")
    items: list[Any] = text("事项", min_length=1)

    @property
    def display_title(self) -> str:
        base = self.title or TITLES[self.kind]
        return f"{self.year}年{base}" if self.year and not self.title else base


def item_model(kind: str) -> type[ItemBase]:
    return ITEM_MODELS[kind]
