"""What waits on the home page of the office (core.todo): disposals to approve, stock to reorder."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.choices import DisposalStatus
from assets.selectors import below_reorder_level
from core.choices import Role
from core.todo import TodoItem, register

register(
    TodoItem(
        key="assets.disposals_to_approve",
        label=_("Disposals to approve"),
        roles=frozenset({Role.DIRECTOR}),
        model="assets.DisposalRequest",
        count=lambda user, rows: rows.filter(status=DisposalStatus.PENDING).count(),
        link=lambda: reverse("assets:disposalrequest_list") + "?status=pending",
        order=30,
    ),
    TodoItem(
        key="assets.below_reorder_level",
        label=_("Consumables below their reorder level"),
        roles=frozenset({Role.DIRECTOR, Role.LOGISTICS}),
        model="assets.Consumable",
        count=lambda user, rows: below_reorder_level(rows).count(),
        link=lambda: reverse("assets:consumables_low"),
        order=31,
    ),
)
