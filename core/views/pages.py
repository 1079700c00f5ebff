"""Pages of the shell: landing page per role, health check, notifications, exports, QR codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import access, jobs, metrics, qr, services, todo
from core.choices import ExportStatus, Role
from core.models import ExportJob, Room
from core.pdf import pdf_response, render_pdf
from core.views.dashboard import headline, may_see_dashboard
from core.views.places import room


@login_required
def home(request):
    """The landing page shows work: the user's to-do with counts, the principal's headline figures.

    A teacher first sees "report a repair" (core.related) and their open requests; a worker their
    jobs and hazards; the office its to-do (core.todo, registered by each module). One query per
    to-do item and per figure, whatever the number of rows.
    """
    user = request.user
    roles = user.role_codes
    leads = bool(roles & {Role.PRINCIPAL, Role.DISTRICT})
    context = {
        "show_report": user.school_id is not None and Role.DISTRICT not in roles,
        "report_first": not roles & {Role.LOGISTICS, Role.DIRECTOR, Role.WORKER},
        "roles": [Role(code).label for code in sorted(roles)],
        "todo": todo.todo_for(user),
        "show_office": bool(roles & {Role.LOGISTICS, Role.DIRECTOR, Role.WORKER}),
        "show_dashboard": may_see_dashboard(user),
        "headline": headline(user, metrics.Period.current_month()) if leads else [],
        "show_admin": Role.ADMIN in roles or user.is_superuser,
        "show_canteen": Role.CANTEEN in roles,
    }
    return render(request, "core/home.html", context)


@never_cache
def healthz(request):
    """Database and broker reachability, for load balancers and docker healthchecks."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


def _check_broker() -> str:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"


@login_required
def notification_list(request):
    notes = request.user.notifications.all()[:100]
    return render(request, "core/notifications.html", {"notifications": notes})


@login_required
@require_POST
def notification_open(request, pk: int):
    note = get_object_or_404(request.user.notifications, pk=pk)
    services.notifications_mark_read(user=request.user, ids=[note.pk])
    safe = url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
    return redirect(note.url if note.url and safe else "core:notification_list")


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_read(user=request.user)
    return redirect("core:notification_list")


@login_required
def export_detail(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    return render(request, "core/export_detail.html", {"job": job})


@login_required
@require_POST
def export_retry(request, pk: int):
    """失败，请重试: queue a failed job of the user's again (a second press changes nothing)."""
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user)
    if jobs.job_retry(job=job, actor=request.user):
        messages.info(request, _("The job was started again."))
    return redirect(job.get_absolute_url())


@login_required
def export_download(request, pk: int):
    job = get_object_or_404(
        ExportJob, pk=pk, requested_by=request.user, status=ExportStatus.DONE, kind="export"
    )
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1]
    )


@login_required
def room_qr_scan(request, token):
    """The address printed on a room's label: opens the room's page (never changes)."""
    found = get_object_or_404(access.scope(request.user, Room), qr_token=token)
    return redirect(found.get_absolute_url())


@login_required
def room_qr_svg(request, pk: int):
    found = get_object_or_404(access.scope(request.user, Room), pk=pk)
    return HttpResponse(qr.qr_svg(qr.absolute(found.get_qr_path())), content_type="image/svg+xml")


# mypy takes no class held in an attribute (Crud builds it) as a base.
class RoomQrSheetView(room.list):  # type: ignore[name-defined]
    """A4 sheet of QR labels for the rooms of the list's current filter (at most one sheet run)."""

    max_labels = 400

    def get(self, request, *args, **kwargs):
        try:
            queryset = self._filtered()
        except ValidationError:
            return HttpResponse(_("The filter is not valid."), status=400)
        if queryset.count() > self.max_labels:
            message = _("At most %(n)s labels fit in one print run; please narrow the filter.")
            return HttpResponse(message % {"n": self.max_labels}, status=400)
        rooms = list(queryset.select_related("building"))
        labels = [
            {"room": r, "svg": qr.qr_label_data_uri(qr.absolute(r.get_qr_path()))} for r in rooms
        ]
        pdf = render_pdf(
            "core/pdf/room_qr_sheet.html", {"labels": labels, "school": request.user.school}
        )
        return pdf_response(pdf, "room-qr-labels.pdf")
