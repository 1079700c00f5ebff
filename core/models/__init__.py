"""The shared foundation: schools, places, people, roles, calendar, notifications, jobs, reports,
group robots and suppliers, one module each. Import them from here (`from core.models import X`):
the modules are a layout, not an interface."""

from core.models.base import (
    ArchivableModel,
    ArchivableQuerySet,
    PermanentRecordError,
    School,
    SchoolScopedModel,
)
from core.models.calendar import (
    CALENDAR_FIRST_DAY,
    CALENDAR_LAST_DAY,
    CALENDAR_YEARS_AROUND,
    MAX_HOLIDAY_DAYS,
    MAX_TERM_DAYS,
    Holiday,
    Term,
)
from core.models.jobs import ExportJob
from core.models.notifications import Notification
from core.models.people import Department, User, UserRole
from core.models.places import Building, Campus, Room, SchoolClass
from core.models.reports import REPORT_READERS, MonthlyReport
from core.models.robots import ROBOT_MANAGERS, Robot, RobotKind, RobotMessage
from core.models.suppliers import SUPPLIER_MANAGERS, SUPPLIER_READERS, Supplier

__all__ = [
    "CALENDAR_FIRST_DAY",
    "CALENDAR_LAST_DAY",
    "CALENDAR_YEARS_AROUND",
    "MAX_HOLIDAY_DAYS",
    "MAX_TERM_DAYS",
    "REPORT_READERS",
    "ROBOT_MANAGERS",
    "SUPPLIER_MANAGERS",
    "SUPPLIER_READERS",
    "ArchivableModel",
    "ArchivableQuerySet",
    "Building",
    "Campus",
    "Department",
    "ExportJob",
    "Holiday",
    "MonthlyReport",
    "Notification",
    "PermanentRecordError",
    "Robot",
    "RobotKind",
    "RobotMessage",
    "Room",
    "School",
    "SchoolClass",
    "SchoolScopedModel",
    "Supplier",
    "Term",
    "User",
    "UserRole",
]
