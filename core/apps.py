from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("School and places")

    def ready(self) -> None:
        # checks: the system checks; lookups: the bounded integer `in` lookup (registered).
        from core import audit, checks, lookups  # noqa: F401
        from core.choices import Role
        from core.models import (
            Building,
            Campus,
            Department,
            Holiday,
            Room,
            School,
            SchoolClass,
            Term,
            User,
            UserRole,
        )
        from core.navigation import NavItem, register

        # The district comparison reads every school's figures through core.metrics only.
        register(
            _("District"),
            NavItem(_("Compare schools"), "core:district", "", roles=frozenset({Role.DISTRICT})),
        )
        audit.register(
            School, Campus, Building, Room, Department, SchoolClass, Term, Holiday, UserRole
        )
        from core import resources
        from core.views import places

        resources.register(places.ALL)  # menu entries, before the other apps' ready()
        from auditlog.registry import auditlog

        if not auditlog.contains(User):
            auditlog.register(
                User, exclude_fields=["password", "last_login", "date_joined", "updated_at"]
            )
