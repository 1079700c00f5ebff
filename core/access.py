"""The one permission mechanism: role → allowed actions, and every queryset scoped to the user's school.

Every model that holds school data declares an :class:`Access` rule. Views and API endpoints never
build their own querysets for such models: they call :func:`scope`, which returns only the rows the
user may act on. A row of another school is therefore simply absent (404), never "forbidden" (403).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from django.db.models import Manager, Model, Q, QuerySet

from core.choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from core.models import User

Action = Literal["view", "add", "change", "delete"]

ALL_ROLES = frozenset(Role.values)
# Roles that read everything of their school (the district viewer: of its schools).
READERS = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT})
# Roles that run the office's records.
MANAGERS = frozenset({Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN})


@dataclass(frozen=True)
class Access:
    """Who may do what with a model's rows.

    view:  roles that read every row of their school(s);
    manage: roles that add, change and delete rows of their own school;
    own:   roles that read (and, with own_manage, write) only the rows `own_rows(user)` selects,
           e.g. a teacher's own repair requests.
    """

    view: frozenset[str]
    manage: frozenset[str]
    own: frozenset[str] = frozenset()
    own_rows: Callable[[User], Q] | None = None
    own_manage: frozenset[str] = frozenset()
    school_path: str = "school"
    extra_actions: dict[str, frozenset[str]] = field(default_factory=dict)

    def roles_for(self, action: str) -> frozenset[str]:
        if action == "view":
            return self.view | self.manage | self.own
        if action in ("add", "change", "delete"):
            return self.manage | self.own_manage
        return self.extra_actions.get(action, frozenset())


def rule_for(model: type[Model]) -> Access:
    rule = getattr(model, "access", None)
    if not isinstance(rule, Access):
        raise TypeError(f"{model.__name__} declares no Access rule; add `access = Access(...)`.")
    return rule


def signed_in(user: User | AnonymousUser) -> User:
    """The user of a request past the login check (LoginRequiredMixin, @login_required,
    RolePermission), as the User it then always is."""
    from core.models import User

    assert isinstance(user, User), "only a view behind the login check asks"
    return user


def can(user: User | AnonymousUser, model: type[Model], action: str) -> bool:
    """May this user perform `action` on some rows of `model` (role check only)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    allowed = rule_for(model).roles_for(action)
    if action != "view" and Role.DISTRICT in user.role_codes and not user.school_id:
        return False  # district viewers only read
    return bool(user.role_codes & allowed)


def scope(
    user: User | AnonymousUser, model: type[Model] | QuerySet, action: str = "view"
) -> QuerySet:
    """The rows of `model` this user may perform `action` on; empty when none."""
    if isinstance(model, Manager):
        model = model.all()
    queryset = model if isinstance(model, QuerySet) else model._default_manager.all()
    rule = rule_for(queryset.model)
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    roles = user.role_codes
    school_ids = user.school_ids if action == "view" else {user.school_id} - {None}
    if not school_ids:
        return queryset.none()
    in_school = queryset.filter(**{f"{rule.school_path}__in": school_ids})
    broad = (
        rule.view | rule.manage if action == "view" else rule.roles_for(action) - rule.own_manage
    )
    if roles & broad:
        return in_school
    narrow = rule.own if action == "view" else rule.own_manage
    if roles & narrow and rule.own_rows is not None:
        return in_school.filter(rule.own_rows(user))
    return queryset.none()


# Suppliers' bank accounts are shown in full only to the roles that pay them (finance's PAYERS;
# core cannot import finance, so the rule lives here) and blacklisting is the director's or the
# admin's decision. Everyone else who reads the register sees the account masked ("****1234").
BANK_DETAIL_READERS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.LOGISTICS})
BLACKLISTERS = frozenset({Role.ADMIN, Role.DIRECTOR})


def may_read_bank_details(user: User | AnonymousUser) -> bool:
    """Whether this user sees (and may edit) suppliers' bank accounts in full."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user.role_codes & BANK_DETAIL_READERS)


def may_blacklist(user: User | AnonymousUser) -> bool:
    """Whether this user may put a supplier on (or take it off) the blacklist."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user.role_codes & BLACKLISTERS)


def mask_account(value: str) -> str:
    """A bank account as a casual reader sees it: its last four characters only."""
    return f"****{value[-4:]}" if value else ""


# The role the system reads a school's records as, when it works for the school with no one signed
# in (the monthly report's rows): the director's, who runs the school's general affairs and gets
# the report.
SYSTEM_READER_ROLE = Role.DIRECTOR


def school_reader(school) -> User:
    """A user nobody signs in as, who reads exactly what the school's director reads: give it
    to :func:`scope` (and to a list's FilterSet) where work runs without a request. It is never
    saved (no pk): it cannot be an actor, an owner or a row's author."""
    from core.models import User

    reader = User(username=f"system-reader-{school.pk}", school=school, is_active=True)
    # role_codes and school_ids are cached properties read from the database for a saved user;
    # this one holds them itself: one role, one school.
    reader.__dict__["role_codes"] = frozenset({SYSTEM_READER_ROLE})
    reader.__dict__["school_ids"] = frozenset({school.pk})
    return reader
