"""`id__in=[...]` with a number no integer column can hold matches nothing.

Django already answers `id=99999999999999999999` with "no rows" (IntegerFieldExact); its `in`
lookup sends the number as is, and SQLite raises OverflowError — a 500 for any multiple choice
(rooms of a checklist, a filter) given a huge id. Out-of-range values are dropped, as `exact` does.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().process_rhs(compiler, connection)
        low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
        given = self.rhs
        self.rhs = [value for value in given if not _outside(value, low, high)]
        try:
            return super().process_rhs(compiler, connection)  # none left: matches nothing
        finally:
            self.rhs = given


def _outside(value, low, high) -> bool:
    if not isinstance(value, int):
        return False
    return (low is not None and value < low) or (high is not None and value > high)
