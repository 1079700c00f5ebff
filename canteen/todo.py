"""What today still needs in the canteen: items of the canteen staff's home page (core.todo)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import todo

# ---- part: menus (begin) ----
# todo.register(TodoItem(...))  (menus)
# ---- part: menus (end) ----
# ---- part: samples (begin) ----
# todo.register(TodoItem(...))  (samples)
# ---- part: samples (end) ----
# ---- part: acceptance (begin) ----
from core.choices import Role as _Role
from core.todo import TodoItem

_ACCEPTORS = frozenset({_Role.CANTEEN, _Role.CANTEEN_MANAGER, _Role.DIRECTOR})


def _deliveries_today(user, rows):
    from django.utils import timezone

    return rows.filter(date=timezone.localdate(), archived_at__isnull=True).count()


def _licences_due(user, rows):
    from core.views.suppliers import licence_due

    return licence_due(rows).count()


todo.register(
    TodoItem(
        key="canteen.deliveries_today",
        label=_("Today's deliveries accepted"),
        roles=_ACCEPTORS,
        model="canteen.Delivery",
        count=_deliveries_today,
        link=lambda: reverse("canteen:delivery_list") + "?today=true",
        order=30,
        hint=_("Record each delivery at the door, with its certificates: tap to add one."),
    ),
    TodoItem(
        key="canteen.licences_due",
        label=_("Supplier licences expired or expiring within 30 days"),
        roles=frozenset({_Role.CANTEEN_MANAGER, _Role.DIRECTOR}),
        model="core.Supplier",
        count=_licences_due,
        link=lambda: reverse("core:supplier_list") + "?licence_due=true",
        order=60,
    ),
)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# todo.register(TodoItem(...))  (hygiene)
# ---- part: hygiene (end) ----
