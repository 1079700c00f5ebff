"""Finance: Home-page to-do items. Each part adds inside its own section."""

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
# ---- part: suppliers (end) ----
