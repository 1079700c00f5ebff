"""Requests written through the services (the requests part's tests)."""

from __future__ import annotations

from decimal import Decimal

from core.models import User
from finance.models import BudgetLine, PurchaseRequest
from finance.services import requests as services


def items(*rows: tuple[str, str, str]) -> list[services.ItemInput]:
    return [
        services.ItemInput(name=name, quantity=Decimal(q), unit="个", unit_price=Decimal(p))
        for name, q, p in rows
    ]


def draft(
    requester: User, line: BudgetLine | None, *rows: tuple[str, str, str], **fields
) -> PurchaseRequest:
    data = services.RequestInput(
        title=fields.pop("title", "教学用品"),
        reason=fields.pop("reason", "教学需要"),
        budget_line_id=line.pk if line is not None else None,
        items=items(*(rows or (("白板笔", "10", "5.50"),))),
        **fields,
    )
    return services.request_create(actor=requester, data=data)


def submitted(requester: User, line: BudgetLine, *rows) -> PurchaseRequest:
    return services.request_submit(request=draft(requester, line, *rows), actor=requester)


def approved_through(request: PurchaseRequest, *approvers: User) -> PurchaseRequest:
    for person in approvers:
        request = services.request_approve(request=request, actor=person, note="同意")
    return request
