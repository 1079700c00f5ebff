"""The requests part's demo: requests of 语文教研组 (teacher1 刘芳 asks; the head teacher3 吴静,
the director and the principal approve) at each stage up to "approved", written through the
services so that the budget lines' committed amounts are the real ones. Idempotent: a request
already there (by title) is left as it is."""

from __future__ import annotations

from decimal import Decimal

from core.models import User
from finance.models import BudgetLine, PurchaseRequest
from finance.services import requests as services

# title, budget line, items (name, specification, quantity, unit, price), stage
DEMO_REQUESTS = [
    ("作文比赛奖品", "语文组教学用品", [("获奖证书", "A4 烫金", "60", "张", "2.50")], "draft"),
    ("古诗词挂图", "语文组教学用品", [("古诗词挂图", "全开 12 幅/套", "4", "套", "150")], "head"),
    ("朗读录音笔", "语文组教学用品", [("录音笔", "32G 降噪", "3", "支", "450")], "director"),
    (
        "语文组打印机",
        "语文组教学用品",
        [("激光打印机", "A4 黑白 双面", "2", "台", "1600"), ("硒鼓", "原装", "4", "个", "280")],
        "approved",
    ),
    ("图书角书架", "语文组教学用品", [("书架", "五层 钢木", "2", "个", "680")], "returned"),
    (
        "语文组电子白板",
        "办公设备购置",
        [("交互式电子白板", "86 英寸", "1", "台", "12800")],
        "approved",
    ),
]


def _people() -> dict[str, User] | None:
    people = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    return people if len(people) == len(USERNAMES) else None


USERNAMES = ("teacher1", "teacher3", "director", "principal")


def _advance(request: PurchaseRequest, stage: str, people: dict[str, User]) -> None:
    if stage == "draft":
        return
    teacher = people["teacher1"]
    request = services.request_submit(request=request, actor=teacher)
    if stage == "head":
        return
    if stage == "returned":
        services.request_return(
            request=request, actor=people["teacher3"], note="请写明书架尺寸，是否与图书角相配。"
        )
        return
    request = services.request_approve(request=request, actor=people["teacher3"], note="同意")
    for who in ("director", "principal"):
        if request.status != "pending" or stage == "director":
            return
        request = services.request_approve(request=request, actor=people[who], note="同意")


def seed_requests_demo(school_id: int) -> None:
    people = _people()
    if people is None:
        return
    teacher = people["teacher1"]
    lines = {line.name: line for line in BudgetLine.objects.filter(school_id=school_id)}
    done = set(
        PurchaseRequest.objects.filter(school_id=school_id, requested_by=teacher).values_list(
            "title", flat=True
        )
    )
    for title, line_name, items, stage in DEMO_REQUESTS:
        if title in done or line_name not in lines:
            continue
        data = services.RequestInput(
            title=title,
            reason="语文教研组教学需要。",
            budget_line_id=lines[line_name].pk,
            items=[
                services.ItemInput(
                    name=name,
                    specification=spec,
                    quantity=Decimal(quantity),
                    unit=unit,
                    unit_price=Decimal(price),
                )
                for name, spec, quantity, unit, price in items
            ],
        )
        _advance(services.request_create(actor=teacher, data=data), stage, people)
