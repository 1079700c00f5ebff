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
            MonthlyReport,
            Room,
            School,
            SchoolClass,
            Term,
            User,
            UserRole,
        )

        audit.register(
            School,
            Campus,
            Building,
            Room,
            Department,
            SchoolClass,
            Term,
            Holiday,
            UserRole,
            MonthlyReport,
        )
        audit.register_event_labels({"report_regenerated": _("Report regenerated")})
        from auditlog.registry import auditlog

        from core import reports  # noqa: F401  (the report job's runner)

        if not auditlog.contains(User):
            auditlog.register(
                User, exclude_fields=["password", "last_login", "date_joined", "updated_at"]
            )
