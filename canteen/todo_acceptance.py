"""The acceptance part's items of the canteen's home to-do (imported from canteen/todo.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import todo
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
