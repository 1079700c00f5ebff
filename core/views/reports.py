"""The reports page: the school's monthly reports, their files (served through the record's
access rule), and "generate" for a past month as a background job."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from core import access, reports
from core.models import MonthlyReport
from core.views.generic import ScopedViewMixin

FILE_FIELDS = {"pdf": "pdf", "xlsx": "xlsx"}


def _context(request, found, **extra):
    may_generate = bool(request.user.school_id) and access.can(request.user, MonthlyReport, "add")
    return {
        "reports": found,
        "may_generate": may_generate,
        "default_month": reports.last_month().code,
        **extra,
    }


class ReportListView(ScopedViewMixin, View):
    """The reports of the user's school(s); a role that may not read them gets 403."""

    model = MonthlyReport

    def get(self, request):
        found = self.get_queryset().select_related("school", "generated_by")
        return render(request, "core/report_list.html", _context(request, found))


class ReportGenerateView(ScopedViewMixin, View):
    """Queue the month's report; a malformed or future month is refused (400), nothing queued."""

    model = MonthlyReport
    action = "add"
    http_method_names = ["post"]

    def post(self, request):
        if not request.user.school_id:
            raise Http404
        month = request.POST.get("month", "")
        try:
            period = reports.parse_month(month)
        except ValidationError as refused:
            found = access.scope(request.user, MonthlyReport).select_related("school")
            context = _context(request, found, error=refused.messages[0], month=month)
            return render(request, "core/report_list.html", context, status=400)
        job = reports.report_job_start(
            school=request.user.school, actor=request.user, period=period
        )
        return redirect(job.get_absolute_url())


class ReportDownloadView(ScopedViewMixin, View):
    """A report's PDF or workbook, only when the user's role may read that report."""

    model = MonthlyReport

    def get(self, request, pk: int, kind: str):
        report = get_object_or_404(self.get_queryset(), pk=pk)
        stored = getattr(report, FILE_FIELDS.get(kind, ""), None)
        if not stored:
            raise Http404
        name = f"{report.school.code}-{report.code}.{kind}"
        return FileResponse(stored.open("rb"), as_attachment=kind == "xlsx", filename=name)
