from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("School and places")

    def ready(self) -> None:
        # checks: the system checks; lookups: the bounded integer `in` lookup (registered).
        from django.db.backends.signals import connection_created

        from core import aggregates, audit, checks, lookups, querycache  # noqa: F401

        # The median aggregate on SQLite (PostgreSQL has its own percentile_cont).
        connection_created.connect(aggregates.register_sqlite, dispatch_uid="core_sqlite_median")
        from core.choices import Role
        from core.models import (
            Building,
            Campus,
            Department,
            Holiday,
            MonthlyReport,
            Room,
            School,
            SchoolClass,
            Supplier,
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
            Supplier,
        )
        from core import resources
        from core.navigation import DASHBOARD_ROLES, SCHOOL, NavItem, add, register
        from core.views import places, suppliers

        register(
            _("Overview"),
            NavItem(
                _("Dashboard"),
                "core:dashboard",
                "",
                daily_for=frozenset({Role.PRINCIPAL, Role.DIRECTOR, Role.DISTRICT}),
                roles=DASHBOARD_ROLES,
            ),
        )
        resources.register(places.ALL)  # menu entries, before the other apps' ready()
        resources.register(suppliers.ALL)

        add(SCHOOL, NavItem(_("Monthly reports"), "core:report_list", "core.MonthlyReport"))
        add(SCHOOL, NavItem(_("Group robots"), "core:robot_list", "core.Robot"))
        # The district comparison reads every school's figures through core.metrics only.
        register(
            _("District"),
            NavItem(_("Compare schools"), "core:district", "", roles=frozenset({Role.DISTRICT})),
        )
        audit.register_event_labels({"report_regenerated": _("Report regenerated")})
        from auditlog.registry import auditlog

        from core import reports, robots  # the report job's runner; robots told of reports

        querycache.connect()  # saves and deletes retire the cached drop-downs and counts

        reports.report_ready.connect(robots.announce_report, dispatch_uid="robots-report-ready")
        from core.models import Robot

        if not auditlog.contains(Robot):
            # The webhook address and the secret are secrets: never in the history's values.
            secrets = ["webhook_url", "secret", "sending_since", "recent_sends"]
            auditlog.register(Robot, exclude_fields=[*audit.NOT_WORTH_LOGGING, *secrets])

        if not auditlog.contains(User):
            auditlog.register(
                User, exclude_fields=["password", "last_login", "date_joined", "updated_at"]
            )
