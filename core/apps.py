from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("School and places")

    def ready(self) -> None:
        # checks: the system checks; lookups: the bounded integer `in` lookup (registered).
        from core import audit, checks, lookups  # noqa: F401
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

        audit.register(
            School, Campus, Building, Room, Department, SchoolClass, Term, Holiday, UserRole
        )
        from auditlog.registry import auditlog

        from core.models_robots import Robot

        if not auditlog.contains(Robot):
            # The webhook address and the secret are secrets: never in the history's values.
            secrets = ["webhook_url", "secret", "sending_since", "recent_sends"]
            auditlog.register(Robot, exclude_fields=[*audit.NOT_WORTH_LOGGING, *secrets])

        if not auditlog.contains(User):
            auditlog.register(
                User, exclude_fields=["password", "last_login", "date_joined", "updated_at"]
            )
