"""Finance: Home-page to-do items. Each part adds inside its own section."""

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
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
