"""Who may do what in finance (issue 12, point 11), in one place for the module's models."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from core.choices import Role
from finance.choices import ApprovalLevel

if TYPE_CHECKING:
    from core.models import User

# The director, the principal and the admin read everything of their school; the district reads;
# the logistics staff run the purchases (quotes, orders) and so read them too.
FINANCE_READERS = frozenset(
    {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
)
BUDGET_MANAGERS = frozenset({Role.DIRECTOR, Role.ADMIN})
PURCHASERS = frozenset({Role.LOGISTICS, Role.DIRECTOR})
PAYERS = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN})
# Everyone who works at the school may request, approve (when it is their turn) and accept goods.
STAFF = frozenset(Role.values) - {Role.DISTRICT}
# Office staff edit any draft of their school; the others only their own.
REQUEST_MANAGERS = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN})
OWN_REQUESTERS = STAFF - REQUEST_MANAGERS

# The approval tier each role takes (a head of department is a person, not a role).
LEVELS_OF_ROLE: dict[str, set[str]] = {
    Role.DIRECTOR: {ApprovalLevel.DIRECTOR},
    Role.PRINCIPAL: {ApprovalLevel.PRINCIPAL, ApprovalLevel.COLLECTIVE},
}


def levels_held(user: User) -> set[str]:
    """The approval tiers this person's roles take (the head tier is per department)."""
    held: set[str] = set()
    for role in user.role_codes:
        held |= LEVELS_OF_ROLE.get(role, set())
    return held


def request_rows_of(user: User, prefix: str = "") -> Q:
    """A person's purchase requests: their own, their department's (as its head), and those
    waiting at a tier their role takes. `prefix` reaches the request from a related model."""
    rows = Q(**{f"{prefix}requested_by": user}) | Q(**{f"{prefix}department__head": user})
    levels = levels_held(user)
    if levels:
        rows |= Q(**{f"{prefix}level__in": sorted(levels)})
    return rows
