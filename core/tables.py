"""Column specs shared by an HTML list and its Excel export.

A Table names ORM paths; rows are read with one `values_list` query, so a list page and an export
run a fixed number of queries whatever the number of rows, and show exactly the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

KINDS = {"text", "int", "decimal", "money", "date", "datetime", "bool", "choice"}


@dataclass(frozen=True)
class Column:
    path: str
    header: str | Promise
    kind: str = ""  # guessed from the model field when empty
    link: bool = False
    sortable: bool = True
    width: int = 16


class Table:
    """Subclass and set `model` and `columns`; pass it a queryset to read rows from."""

    model: type[Model]
    columns: list[Column]

    def __init__(self) -> None:
        self.resolved = [self._resolve(col) for col in self.columns]

    def _resolve(self, column: Column) -> tuple[Column, str, dict | None]:
        field = field_at(self.model, column.path)
        choices = dict(field.flatchoices) if field is not None and field.choices else None
        kind = column.kind or guess_kind(field, choices)
        return column, kind, choices

    @property
    def paths(self) -> list[str]:
        return [col.path for col in self.columns]

    def headers(self) -> list[tuple[Column, str]]:
        return [(col, kind) for col, kind, _ in self.resolved]

    def sortable_paths(self) -> set[str]:
        return {col.path for col in self.columns if col.sortable}

    def rows(self, queryset: QuerySet, *, chunk_size: int | None = None) -> Iterator[tuple]:
        """(pk, [display values...]) for each row, in the queryset's order."""
        values = queryset.values_list("pk", *self.paths)
        source = values.iterator(chunk_size=chunk_size) if chunk_size else values
        for pk, *raw in source:
            yield pk, [self.display(i, value) for i, value in enumerate(raw)]

    def display(self, index: int, value: Any) -> Any:
        _column, kind, choices = self.resolved[index]
        if choices is not None and value is not None:
            return str(choices.get(value, value))
        if kind == "datetime" and isinstance(value, dt.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if kind in ("decimal", "money") and value is not None and not isinstance(value, Decimal):
            return Decimal(str(value))
        return value


def field_at(model: type[Model], path: str):
    """The model field at the end of a `a__b__c` path, or None for annotations."""
    field = None
    current = model
    for part in path.split("__"):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        # related_model is a model class once the apps are loaded (never None or "self" then).
        if field.is_relation and isinstance(field.related_model, type):
            current = field.related_model
    return field


def guess_kind(field, choices: dict | None) -> str:
    if choices is not None:
        return "choice"
    if field is None:
        return "text"
    internal = field.get_internal_type()
    return {
        "DateField": "date",
        "DateTimeField": "datetime",
        "DecimalField": "decimal",
        "IntegerField": "int",
        "PositiveIntegerField": "int",
        "PositiveSmallIntegerField": "int",
        "SmallIntegerField": "int",
        "BigIntegerField": "int",
        "BooleanField": "bool",
    }.get(internal, "text")


# ---- the places tables (core's own records) ----
from django.utils.translation import gettext_lazy as _  # noqa: E402

from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term  # noqa: E402


class CampusTable(Table):
    model = Campus
    columns = [
        Column("name", _("Name"), link=True, width=24),
        Column("address", _("Address"), width=40),
    ]


class BuildingTable(Table):
    model = Building
    columns = [
        Column("code", _("Code"), link=True, width=10),
        Column("name", _("Name"), link=True, width=20),
        Column("campus__name", _("Campus"), width=20),
        Column("floors", _("Floors"), width=8),
        Column("year_built", _("Year built"), width=10),
    ]


class RoomTable(Table):
    model = Room
    columns = [
        Column("building__name", _("Building"), width=18),
        Column("code", _("Room number"), link=True, width=12),
        Column("name", _("Name"), link=True, width=20),
        Column("floor", _("Floor"), width=8),
        Column("room_type", _("Room type"), width=12),
        Column("area", _("Area (m²)"), width=10),
    ]


class DepartmentTable(Table):
    model = Department
    columns = [
        Column("name", _("Name"), link=True, width=24),
        Column("head__last_name", _("Head (family name)"), width=14),
        Column("head__first_name", _("Head (given name)"), width=14),
    ]


class SchoolClassTable(Table):
    model = SchoolClass
    columns = [
        Column("grade", _("Grade"), link=True, width=8),
        Column("number", _("Class number"), link=True, width=8),
        Column("homeroom_teacher__last_name", _("Homeroom teacher (family name)"), width=14),
        Column("homeroom_teacher__first_name", _("Homeroom teacher (given name)"), width=14),
        Column("room__code", _("Classroom"), width=12),
    ]


class TermTable(Table):
    model = Term
    columns = [
        Column("name", _("Name"), link=True, width=28),
        Column("start", _("First day"), width=12),
        Column("end", _("Last day"), width=12),
    ]


class HolidayTable(Table):
    model = Holiday
    columns = [
        Column("name", _("Name"), link=True, width=28),
        Column("kind", _("Kind of day"), width=12),
        Column("start", _("First day"), width=12),
        Column("end", _("Last day"), width=12),
    ]
