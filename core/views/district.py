"""The district comparison (区域对比): the registry's metrics side by side for every school a
district viewer reads (a deployment superuser: every school), sortable, one bar chart per metric.

Each metric is computed once for all the schools (``Metric.values``: grouped by school), so the
page costs a constant number of queries per metric whatever the number of schools. Core never
imports the modules: the metrics come from core.metrics, registered by each module.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django.views.generic.base import ContextMixin

from core import metrics
from core.choices import Role
from core.metrics import Metric, Period, Value
from core.models import School
from core.views.generic import ScopedViewMixin


def may_compare(user) -> bool:
    return user.is_superuser or Role.DISTRICT in user.role_codes


def compared_schools(user) -> QuerySet:
    """The schools the user reads: a district viewer's district, every school for a superuser."""
    schools = School.objects.order_by("name")
    return schools if user.is_superuser else schools.filter(pk__in=user.school_ids)


def dashboard_url(school_id: int) -> str:
    """The school's dashboard (read-only for a district viewer), or "" where none exists."""
    try:
        return f"{reverse('core:dashboard')}?school={school_id}"
    except NoReverseMatch:
        return ""


def module_choices() -> list[tuple[str, str]]:
    """(app label, its name) of the modules that registered metrics (no import of them)."""
    codes = sorted({metric.module for metric in metrics.all_metrics()})
    return [(code, str(apps.get_app_config(code).verbose_name)) for code in codes]


def _sort_key(values: dict[int, Value], descending: bool):
    """Schools without data last, whichever the direction."""

    def key(school: School):
        found = values.get(school.pk)
        if found is None:
            return (1, 0)
        return (0, -found if descending else found)

    return key


def _number(found: Value) -> float | None:
    return None if found is None else float(found) if isinstance(found, Decimal) else found


class DistrictComparisonView(ScopedViewMixin, TemplateView):
    """Schools in rows, metrics in columns; ``?period=2026-11``, ``?module=repairs``,
    ``?sort=repairs.filed`` (``-`` first: descending)."""

    model = School  # School has no Access rule: the role check is may_compare()
    template_name = "core/district.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_compare(request.user):
            raise PermissionDenied(_("Only district viewers compare schools."))
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Not a list of one model: none of ScopedViewMixin's add/change/delete links apply.
        return ContextMixin.get_context_data(self, **kwargs)

    def get(self, request, *args, **kwargs):
        try:
            period = Period.parse(request.GET["period"]) if request.GET.get("period") else None
        except ValidationError as refused:
            context = self.get_context_data(
                error=" ".join(refused.messages),
                period=Period.current_month(),
                modules=module_choices(),
                module="",
                sort="",
            )
            return self.render_to_response(context, status=400)
        return self.render_to_response(
            self.get_context_data(**self.comparison(period or Period.current_month()))
        )

    def chosen_metrics(self) -> tuple[list[Metric], str]:
        shown = metrics.visible_to(self.request.user, metrics.all_metrics())
        modules = sorted({metric.module for metric in shown})
        module = self.request.GET.get("module", "")
        if module in modules:
            shown = [metric for metric in shown if metric.module == module]
        else:
            module = ""
        return shown, module

    def comparison(self, period: Period) -> dict:
        schools = list(compared_schools(self.request.user))
        shown, module = self.chosen_metrics()
        ids = [school.pk for school in schools]
        with metrics.shared():  # metrics read from one common query share it
            values = {metric.key: metric.values(ids, period) for metric in shown} if ids else {}
        sort = self.request.GET.get("sort", "")
        if sort.lstrip("-") in values:
            schools.sort(key=_sort_key(values[sort.lstrip("-")], sort.startswith("-")))
        else:
            sort = ""
        rows = [
            {
                "school": school,
                "dashboard": dashboard_url(school.pk),
                "values": [values[metric.key].get(school.pk) for metric in shown],
            }
            for school in schools
        ]
        return {
            "period": period,
            "metrics": shown,
            "modules": module_choices(),
            "module": module,
            "sort": sort,
            "rows": rows,
            "charts": self.charts(shown, schools, values),
        }

    def charts(self, shown: list[Metric], schools: list[School], values: dict) -> list[dict]:
        return [
            {
                "key": metric.key,
                "label": str(metric.label),
                "unit": str(metric.unit),
                "schools": [school.name for school in schools],
                "values": [_number(values[metric.key].get(school.pk)) for school in schools],
            }
            for metric in shown
        ]
