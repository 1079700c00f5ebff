"""The reports page: the school's monthly reports, their files (served through the record's
access rule), and "generate" for a past month as a background job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.http import require_POST

from core import access, reports
from core.models import MonthlyReport

FILE_FIELDS = {"pdf": "pdf", "xlsx": "xlsx"}


class ReportListView(LoginRequiredMixin, View):
    """The reports of the user's school(s); a role that may not read them gets 403."""

    model = MonthlyReport

    def get(self, request):
        if not access.can(request.user, MonthlyReport, "view"):
            raise PermissionDenied
        found = access.scope(request.user, MonthlyReport).select_related("school", "generated_by")
        return render(request, "core/report_list.html", _context(request, found))


def _context(request, found, **extra):
    may_generate = bool(request.user.school_id) and access.can(request.user, MonthlyReport, "add")
    return {
        "reports": found,
        "may_generate": may_generate,
        "default_month": reports.last_month().code,
        **extra,
    }


@login_required
@require_POST
def report_generate(request):
    """Queue the month's report; a malformed or future month is refused (400), nothing queued."""
    if not request.user.school_id or not access.can(request.user, MonthlyReport, "add"):
        raise PermissionDenied
    month = request.POST.get("month", "")
    try:
        period = reports.parse_month(month)
    except ValidationError as refused:
        found = access.scope(request.user, MonthlyReport).select_related("school")
        context = _context(request, found, error=refused.messages[0], month=month)
        return render(request, "core/report_list.html", context, status=400)
    job = reports.report_job_start(school=request.user.school, actor=request.user, period=period)
    return redirect(job.get_absolute_url())


@login_required
def report_download(request, pk: int, kind: str):
    """A report's PDF or workbook, only when the user's role may read that report."""
    report = get_object_or_404(access.scope(request.user, MonthlyReport), pk=pk)
    stored = getattr(report, FILE_FIELDS.get(kind, ""), None)
    if not stored:
        raise Http404
    name = f"{report.school.code}-{report.code}.{kind}"
    return FileResponse(stored.open("rb"), as_attachment=kind == "xlsx", filename=name)
