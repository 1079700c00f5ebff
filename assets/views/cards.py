"""Asset cards: list, detail, create, movement forms, attachments, QR labels, import."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from assets import depreciation, filters, forms, import_jobs, imports, navigation, services, tables
from assets.api.serializers import AssetFields
from assets.api.views import AssetActions
from assets.choices import AssetStatus
from assets.models import (
    Asset,
    AssetAttachment,
    AssetMovement,
    DisposalRequest,
)
from assets.views.common import _errors
from core import access, jobs, qr, related
from core.choices import ExportStatus, Role
from core.forms import ScopedForm
from core.pdf import pdf_response, render_pdf
from core.resources import Resource
from core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)


class LedgerListView(ObjectListView):
    """The asset ledger: filters, sorting, paging, Excel (with depreciation computed in SQL)."""

    key_paging = True  # 100,000 cards: page through keys (core.views.generic.page_rows)

    def _sorted(self, queryset):
        sort = self.request.GET.get("sort", "").lstrip("-")
        if sort in tables.AssetTable.computed:
            queryset = depreciation.annotate_depreciation(queryset, timezone.localdate())
        return super()._sorted(queryset)


class CardDetailView(ObjectDetailView):
    """The card: its fields, depreciation, QR label, movements, disposals and attachments."""

    queryset = Asset.objects.select_related(
        "category", "room__building", "custodian", "responsible_class", "responsible_department"
    )
    template_name = "assets/asset_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = context["object"]
        user = self.request.user
        context.update(
            depreciation=depreciation.depreciation(asset),
            movements=access.scope(user, AssetMovement.objects.filter(asset=asset))
            .select_related("actor", "from_room", "to_room", "to_custodian", "to_class")
            .order_by("-date", "-pk")[:100],
            disposals=access.scope(user, DisposalRequest.objects.filter(asset=asset))
            .select_related("requested_by", "decided_by")
            .order_by("-pk")[:20],
            can_move=access.can(user, Asset, "change") and asset.status != AssetStatus.DISPOSED,
            qr_url=qr.absolute(asset.get_qr_path()),
            attachments=access.scope(user, AssetAttachment.objects.filter(asset=asset)),
            attachment_form=forms.AttachmentForm(),
            can_dispose=access.can(user, Asset, "change")
            and asset.status not in (AssetStatus.DISPOSED, AssetStatus.LENT),
        )
        return context


class CardCreateView(ObjectCreateView):
    """Registers a card through services.asset_create and names its (maybe generated) code."""

    def post(self, request, *args, **kwargs):
        form = self.get_form(self.get_instance())
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            asset = form.save()
        except ValidationError:
            return self.render(form, status=400)
        messages.success(request, _("Asset %(code)s registered.") % {"code": asset.code})
        return HttpResponseRedirect(asset.get_absolute_url())


# The card's facts, in the order its page shows them; the form asks the category first
# (forms.AssetForm.field_order).
CARD = [
    "code",
    "category",
    "name",
    "brand",
    "model_number",
    "spec",
    "unit",
    "unit_price",
    "quantity",
    "purchase_date",
    "source",
    "funding_source",
    "supplier",
    "warranty_end",
    "room",
    "custodian",
    "responsible_class",
    "responsible_department",
]

asset = Resource(
    model=Asset,
    # durable_batch is no model field: the form's and the serializer's bases declare it.
    fields=[*CARD, "photo", "notes", "durable_batch"],
    show=[*CARD, "status", "is_fixed_asset", "disposed_on", "notes"],  # the page lists no photo
    # The ledger's facts: changed through movements (place, holder) or by the office in the admin.
    locked=[
        "code",
        "category",
        "unit_price",
        "quantity",
        "purchase_date",
        "room",
        "custodian",
        "durable_batch",
    ],
    table=tables.AssetTable,
    filterset=filters.AssetFilterSet,
    form_base=forms.AssetForm,
    serializer_base=AssetFields,
    viewset_base=AssetActions,
    views={"list": LedgerListView, "detail": CardDetailView, "add": CardCreateView},
    url_prefix="assets",
    api_prefix="assets",
    page_only=["photo"],  # the API takes JSON: a card's photo is uploaded on its page
    api_read_only=[
        "category_code",
        "amount",
        "status",  # set by movements and disposal
        "is_fixed_asset",  # by the fixed-asset rule (services.asset_create)
        "disposed_on",
        "qr_token",
        "accumulated_depreciation",
        "net_value",
    ],
    api_ordering=["code", "name", "unit_price", "purchase_date", "status"],
    menu=(navigation.ASSETS, gettext_lazy("Asset ledger")),
    menu_daily_for=frozenset({Role.LOGISTICS}),
    list_actions_template="assets/includes/asset_list_actions.html",
)


MOVES: dict[str, tuple[type[ScopedForm], Promise, Callable[..., object]]] = {
    "issue": (forms.IssueForm, gettext_lazy("Issue"), services.asset_issue),
    "lend": (forms.LendForm, gettext_lazy("Lend"), services.asset_lend),
    "return": (forms.ReturnForm, gettext_lazy("Return"), services.asset_return),
    "transfer": (forms.TransferForm, gettext_lazy("Transfer"), services.asset_transfer),
    "dispose": (forms.DisposalForm, gettext_lazy("Request disposal"), services.disposal_request),
}


class AssetMoveView(ScopedViewMixin, TemplateView):
    """One form per movement (issue, lend, return, transfer, disposal request)."""

    model = Asset
    action = "change"
    template_name = "assets/move_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs.get("kind") not in MOVES:
            from django.http import Http404

            raise Http404
        self.form_class, self.title, self.service = MOVES[kwargs["kind"]]

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.show(self.form_class(user=request.user))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(form, status=400)
        try:
            self.service(asset=self.get_object(), actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.show(form, status=400)
        messages.success(request, _("Saved."))
        return redirect(self.get_object().get_absolute_url())

    def show(self, form, status=200):
        context = self.get_context_data(form=form, object=self.get_object(), title=self.title)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class AssetAttachView(ScopedViewMixin, View):
    """Upload a document to keep with the card."""

    model = Asset
    action = "change"

    def post(self, request, pk):
        asset = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to attach."))
            return redirect(asset.get_absolute_url())
        try:
            services.asset_attach(
                asset=asset,
                actor=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("Attached."))
        return redirect(asset.get_absolute_url())


class AttachmentDownloadView(ScopedViewMixin, View):
    """Attachments are served through the access rule, never as public media files."""

    model = AssetAttachment

    def get(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        return FileResponse(
            found.file.open("rb"), as_attachment=True, filename=found.file.name.rsplit("/", 1)[-1]
        )


class AssetQrScanView(ScopedViewMixin, View):
    """The address printed on an asset's label (/q/asset/<token>/): opens its page. Never changes."""

    model = Asset
    action = "scan"

    def get(self, request, token):
        found = get_object_or_404(self.get_queryset(), qr_token=token)
        if access.scope(request.user, Asset).filter(pk=found.pk).exists():
            return redirect(found.get_absolute_url())
        # A teacher scanning the class projector: what a module offers for it (the repair form).
        fallback = related.first_action_url(request.user, found)
        if fallback is None:
            raise Http404
        return redirect(fallback)


class AssetQrSvgView(ScopedViewMixin, View):
    model = Asset

    def get(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponse(
            qr.qr_svg(qr.absolute(found.get_qr_path())), content_type="image/svg+xml"
        )


# mypy takes no class held in an attribute (Resource builds it) as a base.
class AssetQrSheetView(asset.list):  # type: ignore[name-defined]
    """A4 sheet of QR labels for the assets of the list's current filter."""

    max_labels = 400

    def get(self, request, *args, **kwargs):
        try:
            queryset = self._filtered()
        except ValidationError:
            return HttpResponse(_("The filter is not valid."), status=400)
        if queryset.count() > self.max_labels:
            message = _("At most %(n)s labels fit in one print run; please narrow the filter.")
            return HttpResponse(message % {"n": self.max_labels}, status=400)
        rows = queryset.select_related("room__building").only(
            "code", "name", "qr_token", "room__name", "room__code", "room__building__name"
        )
        labels = [
            {"asset": a, "svg": qr.qr_label_data_uri(qr.absolute(a.get_qr_path()))} for a in rows
        ]
        pdf = render_pdf(
            "assets/pdf/asset_qr_sheet.html", {"labels": labels, "school": request.user.school}
        )
        return pdf_response(pdf, "asset-qr-labels.pdf")


class AssetImportView(ScopedViewMixin, TemplateView):
    """Upload an existing Excel ledger: all rows are checked; saved all together or not at all."""

    model = Asset
    action = "add"
    template_name = "assets/import.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            handle = imports.template_workbook(request.user.school)
            return FileResponse(
                handle,
                as_attachment=True,
                filename="资产台账导入模板.xlsx",
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        return self.show(forms.ImportForm())

    def post(self, request, *args, **kwargs):
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            imports.refuse_oversized(upload)
        except imports.ImportRefused as exc:
            return self.show(form, status=400, message=exc.message)
        job = import_jobs.import_job_start(
            school=request.user.school, actor=request.user, upload=upload
        )
        if upload.size > settings.IMPORT_INLINE_MAX_BYTES:
            jobs.enqueue(job)  # a large file: checked and saved by a worker, with progress
            return redirect(job.get_absolute_url())
        jobs.run(job.pk)  # a small one: the same job, run here so the report shows at once
        job.refresh_from_db()
        if job.status != ExportStatus.DONE:
            return redirect(job.get_absolute_url())  # failed: its page offers a retry
        if job.result.get("refused"):
            problems = import_jobs.problems_of(job)
            return self.show(form, status=400, problems=problems, message=job.result["message"])
        messages.success(request, job.result["message"])
        return redirect("assets:asset_list")

    def show(self, form, status=200, problems=(), message=""):
        context = self.get_context_data(
            form=form, problems=problems, message=message, columns=imports.COLUMNS
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)
