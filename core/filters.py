"""FilterSet base: one FilterSet per model serves the HTML list, the API and the export."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core import access, search
from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term

ANY_LABEL = _("Any")


class AnyYesNoSelect(forms.Select):
    """A yes/no filter whose empty choice reads "any", not Django's "unknown"."""

    def __init__(self, attrs=None):
        super().__init__(attrs, choices=(("", ANY_LABEL), ("true", _("Yes")), ("false", _("No"))))

    def format_value(self, value):
        return {True: ["true"], False: ["false"], "true": ["true"], "false": ["false"]}.get(
            value, [""]
        )

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return {"true": True, "false": False, "True": True, "False": False}.get(value)


def offer_any_choice(flt: django_filters.Filter) -> None:
    """Every single-choice filter starts with "any" (不限), so that pressing 筛选 on an untouched
    form hides nothing: a select without an empty option submits its first choice, which is how
    the hazard list silently narrowed to 一般. (Multiple choice: nothing selected is any.)
    """
    if isinstance(flt, django_filters.ChoiceFilter):  # incl. model choices
        flt.extra["empty_label"] = ANY_LABEL
    elif isinstance(flt, django_filters.TypedChoiceFilter):
        choices = list(flt.extra.get("choices") or [])
        if not any(value in ("", None) for value, _label in choices):
            flt.extra["choices"] = [("", ANY_LABEL), *choices]


class ScopedFilterSet(django_filters.FilterSet):
    """Choices of related filters only offer the user's own school's rows; every choice filter
    offers "any" (see offer_any_choice).
    """

    search_fields: tuple[str, ...] = ()
    search_indexed = False  # core.search.AddSearchIndex made trigram indexes over search_fields
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for flt in self.filters.values():
            # A field built earlier on the class-level filter (e.g. by the API schema) would keep
            # its choices and queryset; each filterset builds its own from what is set here.
            flt.__dict__.pop("_field", None)
            offer_any_choice(flt)
            if isinstance(flt, django_filters.BooleanFilter):
                flt.extra.setdefault("widget", AnyYesNoSelect)
            related = getattr(flt, "queryset", None)
            model = getattr(related, "model", None)  # None for a filter without a queryset
            if user is not None and related is not None and hasattr(model, "access"):
                flt.queryset = access.scope(user, related)

    def filter_search(self, queryset, name, value):
        # core.search: indexed on PostgreSQL; the list, the API and the export all come here.
        return search.search(queryset, self.search_fields, value, indexed=self.search_indexed)


class ArchivedFilterMixin(django_filters.FilterSet):
    archived = django_filters.BooleanFilter(
        label=_("Archived"), field_name="archived_at", lookup_expr="isnull", exclude=True
    )


class CampusFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "address")

    class Meta:
        model = Campus
        fields = ["q"]


class BuildingFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "code")
    campus = django_filters.ModelChoiceFilter(queryset=Campus.objects.all(), label=_("Campus"))

    class Meta:
        model = Building
        fields = ["q", "campus"]


class RoomFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("code", "name", "building__name")
    building = django_filters.ModelChoiceFilter(
        queryset=Building.objects.all(), label=_("Building")
    )
    campus = django_filters.ModelChoiceFilter(
        queryset=Campus.objects.all(), label=_("Campus"), field_name="building__campus"
    )

    class Meta:
        model = Room
        fields = ["q", "campus", "building", "room_type", "floor"]


class DepartmentFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Department
        fields = ["q"]


class SchoolClassFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("homeroom_teacher__last_name", "homeroom_teacher__first_name")

    class Meta:
        model = SchoolClass
        fields = ["q", "grade"]


class TermFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Term
        fields = ["q"]


class HolidayFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Holiday
        fields = ["q"]
