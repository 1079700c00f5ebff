"""Finance: Home-page to-do items. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.todo import TodoItem
from core.todo import register as _register
from finance.models.common import STAFF


def _waiting_count(user, rows) -> int:
    from finance.services.requests import waiting_for

    return rows.filter(waiting_for(user)).count()


_register(
    TodoItem(
        key="finance.approvals_waiting",
        label=_("Purchase requests waiting for my approval"),
        roles=STAFF,
        model="finance.PurchaseRequest",
        count=_waiting_count,
        link=lambda: reverse("finance:approvals_inbox"),
        order=5,
    )
)
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
from django.urls import reverse as _reverse
from django.utils.translation import gettext_lazy as _

from core import todo as _todo
from core.choices import Role as _Role
from finance.choices import DisclosureStatus as _DisclosureStatus

_todo.register(
    _todo.TodoItem(
        key="finance.disclosures_to_approve",
        label=_("Expenditure disclosures to approve"),
        roles=frozenset({_Role.PRINCIPAL}),
        model="finance.ExpenditureDisclosure",
        count=lambda user, rows: rows.filter(status=_DisclosureStatus.SUBMITTED).count(),
        link=lambda: _reverse("finance:disclosure_list") + "?status=submitted",
        order=40,
    )
)
# ---- part: suppliers (end) ----
