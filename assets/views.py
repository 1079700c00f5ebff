"""Screens of the property ledger: the generic views of core plus the workflow pages.

Every view subclasses core.views.generic (role check + access.scope); writes call assets.services.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from assets import depreciation, filters, forms, imports, services, tables
from assets.choices import AssetStatus, DisposalStatus, StockSlipKind, StocktakeResult
from assets.models import (
    Asset,
    AssetAttachment,
    AssetCategory,
    AssetMovement,
    Compensation,
    Consumable,
    DisposalRequest,
    PropertyCheck,
    Stocktake,
    StocktakeLine,
)
from core import access, qr
from core.models import Room
from core.pdf import pdf_response, render_pdf
from core.views.generic import (
    Crud,
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)


class LimitedLinksMixin:
    """For records written only through workflow pages: hide the generic add/edit/delete links
    that have no URL (the role check itself is unchanged)."""

    links: frozenset[str] = frozenset()

    def permitted(self, action: str) -> bool:
        if action in ("add", "change", "delete") and action not in self.links:
            return False
        return super().permitted(action)


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


# ---------------------------------------------------------------------------------------------
# Asset cards


class AssetListView(ObjectListView):
    """The asset ledger: filters, sorting, paging, Excel (with depreciation computed in SQL)."""

    model = Asset
    filterset_class = filters.AssetFilterSet
    table_class = tables.AssetTable
    extra_actions_template = "assets/includes/asset_list_actions.html"

    def _sorted(self, queryset):
        sort = self.request.GET.get("sort", "").lstrip("-")
        if sort in tables.AssetTable.computed:
            queryset = depreciation.annotate_depreciation(queryset, timezone.localdate())
        return super()._sorted(queryset)

    def get(self, request, *args, **kwargs):
        """Page through primary keys first (one narrow query, cheap even deep in 100,000 rows),
        then read the 50 rows of the page with their joins and depreciation: a deep page costs
        about what the first does, and the query count stays constant."""
        if request.GET.get("export") == "xlsx":
            return super().get(request, *args, **kwargs)
        try:
            queryset = self._filtered()
        except ValidationError:
            return super().get(request, *args, **kwargs)  # the 400 page
        table = self.table_class()
        keys = queryset.values_list("pk", flat=True)
        page = Paginator(keys, self.paginate_by).get_page(request.GET.get("page"))
        wanted = list(page.object_list)
        by_pk = dict(table.rows(queryset.filter(pk__in=wanted)))
        rows = [(pk, by_pk[pk]) for pk in wanted if pk in by_pk]
        columns = table.headers()
        cells = [(pk, list(zip(values, columns, strict=True))) for pk, values in rows]
        context = self.get_context_data(table=table, rows=rows, cells=cells, page=page)
        return self.render_to_response(context)


class AssetDetailView(ObjectDetailView):
    model = Asset
    queryset = Asset.objects.select_related(
        "category", "room__building", "custodian", "responsible_class", "responsible_department"
    )
    template_name = "assets/asset_detail.html"
    detail_fields = [
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
        "status",
        "is_fixed_asset",
        "disposed_on",
        "notes",
    ]

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
            repairs=_repairs_of(user, asset),
            repair_url=f"/repairs/new/?asset={asset.pk}",
            qr_url=qr.absolute(asset.get_qr_path()),
            attachments=access.scope(user, AssetAttachment.objects.filter(asset=asset)),
            attachment_form=forms.AttachmentForm(),
            can_dispose=access.can(user, Asset, "change")
            and asset.status not in (AssetStatus.DISPOSED, AssetStatus.LENT),
        )
        return context


def _repairs_of(user, asset) -> list:
    """The asset's repair requests, when the repairs module is installed (read through its rule)."""
    try:
        model = apps.get_model("repairs", "RepairRequest")
    except LookupError:
        return []
    if not hasattr(model, "access") or not access.can(user, model, "view"):
        return []
    rows = list(access.scope(user, model.objects.filter(asset=asset)).order_by("-pk")[:20])
    for row in rows:
        try:
            row.url = row.get_absolute_url()
        except (AttributeError, NoReverseMatch):
            row.url = ""
    return rows


class AssetCreateView(ObjectCreateView):
    model = Asset
    form_class = forms.AssetForm

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


asset = Crud(
    model=Asset,
    filterset=filters.AssetFilterSet,
    table=tables.AssetTable,
    form=forms.AssetForm,
    detail_fields=AssetDetailView.detail_fields,
)
asset.list = AssetListView
asset.detail = AssetDetailView
asset.add = AssetCreateView


MOVES = {
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
        # A teacher scanning the class projector: the repair form for it, one tap from done.
        return redirect(f"/repairs/new/?asset={found.pk}")


class AssetQrSvgView(ScopedViewMixin, View):
    model = Asset

    def get(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponse(
            qr.qr_svg(qr.absolute(found.get_qr_path())), content_type="image/svg+xml"
        )


class AssetQrSheetView(AssetListView):
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
            {"asset": a, "svg": qr.qr_svg_data_uri(qr.absolute(a.get_qr_path()))} for a in rows
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
        try:
            created = imports.import_ledger(
                school=request.user.school, actor=request.user, upload=form.cleaned_data["file"]
            )
        except imports.ImportRefused as exc:
            return self.show(form, status=400, problems=exc.problems, message=exc.message)
        messages.success(request, _("%(n)s assets imported.") % {"n": len(created)})
        return redirect("assets:asset_list")

    def show(self, form, status=200, problems=(), message=""):
        context = self.get_context_data(
            form=form, problems=problems, message=message, columns=imports.COLUMNS
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)


# ---------------------------------------------------------------------------------------------
# Movements, loans, disposals


class MovementListView(LimitedLinksMixin, ObjectListView):
    model = AssetMovement
    queryset = AssetMovement.objects.all()
    filterset_class = filters.MovementFilterSet
    table_class = tables.MovementTable


class OverdueLoansView(MovementListView):
    """Loans past their due date and not returned."""

    def base_queryset(self):
        return services.overdue_loans(AssetMovement.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name_plural"] = _("Overdue loans")
        return context


class MovementDetailView(LimitedLinksMixin, ObjectDetailView):
    model = AssetMovement
    detail_fields = [
        "asset",
        "kind",
        "date",
        "actor",
        "from_room",
        "to_room",
        "from_custodian",
        "to_custodian",
        "to_class",
        "status_before",
        "status_after",
        "due_date",
        "returned",
        "reason",
    ]


class DisposalListView(LimitedLinksMixin, ObjectListView):
    model = DisposalRequest
    filterset_class = filters.DisposalRequestFilterSet
    table_class = tables.DisposalRequestTable


class DisposalDetailView(LimitedLinksMixin, ObjectDetailView):
    model = DisposalRequest
    template_name = "assets/disposal_detail.html"
    detail_fields = [
        "asset",
        "reason",
        "requested_by",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = (
            access.can(self.request.user, DisposalRequest, "approve")
            and context["object"].status == DisposalStatus.PENDING
        )
        context["decision_form"] = forms.DecisionForm(user=self.request.user)
        return context


class DisposalDecideView(ScopedViewMixin, View):
    """The director approves or rejects a disposal request."""

    model = DisposalRequest
    action = "approve"

    def post(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.DecisionForm(request.POST, user=request.user)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.disposal_decide(
                request=found,
                actor=request.user,
                approve=request.POST.get("decision") == "approve",
                note=note,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect(found.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# Consumables

consumable = Crud(
    model=Consumable,
    filterset=filters.ConsumableFilterSet,
    table=tables.ConsumableTable,
    form=forms.ConsumableForm,
    queryset=Consumable.objects.select_related("storeroom"),
    detail_fields=[
        "name",
        "spec",
        "unit",
        "quantity_on_hand",
        "reorder_level",
        "unit_price",
        "storeroom",
        "exchange_required",
    ],
    related_template="assets/includes/consumable_stock.html",
)


class LowStockView(consumable.list):
    def base_queryset(self):
        return services.below_reorder_level(Consumable.objects.select_related("storeroom"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name_plural"] = _("Consumables below their reorder level")
        return context


class StockSlipView(ScopedViewMixin, TemplateView):
    """Receive (入库) or issue (领用) one consumable; issuing more than is on hand is refused."""

    model = Consumable
    action = "change"
    template_name = "assets/move_form.html"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.show(forms.StockSlipForm(user=request.user))

    def post(self, request, *args, **kwargs):
        form = forms.StockSlipForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(form, status=400)
        item, data = self.get_object(), form.cleaned_data
        exchange = self.kwargs["kind"] != StockSlipKind.IN and item.exchange_required
        if exchange and not data["old_returned"]:
            form.add_error(
                "old_returned", _("This item is issued only against the old one returned.")
            )
            return self.show(form, status=400)
        try:
            if self.kwargs["kind"] == StockSlipKind.IN:
                slip = services.consumable_stock_in(
                    school=item.school,
                    actor=request.user,
                    lines=[(item, data["quantity"])],
                    supplier=data["supplier"],
                    reason=data["reason"],
                )
            else:
                slip = services.consumable_issue(
                    school=item.school,
                    actor=request.user,
                    lines=[(item, data["quantity"])],
                    recipient=data["recipient"],
                    reason=data["reason"],
                )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.show(form, status=400)
        messages.success(request, _("Slip %(number)s saved.") % {"number": slip.number})
        return redirect(item.get_absolute_url())

    def show(self, form, status=200):
        title = _("Stock-in") if self.kwargs["kind"] == StockSlipKind.IN else _("Issue")
        context = self.get_context_data(form=form, object=self.get_object(), title=title)
        return TemplateResponse(self.request, self.template_name, context, status=status)


category = Crud(
    model=AssetCategory,
    filterset=filters.AssetCategoryFilterSet,
    table=tables.AssetCategoryTable,
    form=forms.CategoryForm,
    queryset=AssetCategory.objects.select_related("parent"),
    detail_fields=["code", "name", "parent", "useful_life_years", "depreciable", "specialist"],
)


# ---------------------------------------------------------------------------------------------
# Stocktakes


class StocktakeListView(LimitedLinksMixin, ObjectListView):
    links = frozenset({"add"})
    model = Stocktake
    filterset_class = filters.StocktakeFilterSet
    table_class = tables.StocktakeTable


class StocktakeStartView(ScopedViewMixin, TemplateView):
    model = Stocktake
    action = "add"
    template_name = "assets/move_form.html"

    def get(self, request, *args, **kwargs):
        initial = {"title": _("Stocktake %(date)s") % {"date": timezone.localdate()}}
        return self.show(forms.StocktakeStartForm(user=request.user, initial=initial))

    def post(self, request, *args, **kwargs):
        form = forms.StocktakeStartForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(form, status=400)
        try:
            stocktake = services.stocktake_start(
                school=request.user.school,
                actor=request.user,
                title=form.cleaned_data["title"],
                rooms=list(form.cleaned_data["rooms"]),
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.show(form, status=400)
        return redirect(stocktake.get_absolute_url())

    def show(self, form, status=200):
        context = self.get_context_data(form=form, title=_("Start a stocktake"))
        return TemplateResponse(self.request, self.template_name, context, status=status)


class StocktakeDetailView(LimitedLinksMixin, ObjectDetailView):
    """Progress room by room, then the result: missing, damaged, wrong room, unregistered."""

    model = Stocktake
    template_name = "assets/stocktake_detail.html"
    detail_fields = [
        "title",
        "started_on",
        "started_by",
        "status",
        "whole_school",
        "confirmed_by",
        "confirmed_at",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stocktake = context["object"]
        lines = access.scope(self.request.user, StocktakeLine.objects.filter(stocktake=stocktake))
        rooms = (
            lines.filter(expected_room__isnull=False)
            .values(
                "expected_room",
                "expected_room__name",
                "expected_room__code",
                "expected_room__building__name",
            )
            .annotate(total=Count("pk"), done=Count("pk", filter=~Q(result="pending")))
            .order_by("expected_room__building__name", "expected_room__code")
        )
        listed = set(stocktake.rooms.values_list("pk", flat=True))
        counted = {r["expected_room"] for r in rooms}
        empty_rooms = Room.objects.filter(pk__in=listed - counted).select_related("building")
        groups = services.stocktake_report(stocktake)
        context.update(
            rooms=rooms,
            empty_rooms=empty_rooms,
            report=[
                (StocktakeResult(key).label, groups[key])
                for key in (
                    StocktakeResult.MISSING,
                    StocktakeResult.DAMAGED,
                    StocktakeResult.WRONG_ROOM,
                    StocktakeResult.UNREGISTERED,
                    StocktakeResult.PENDING,
                )
            ],
            found_count=len(groups[StocktakeResult.FOUND]),
            is_open=stocktake.status == "open",
            can_walk=access.can(self.request.user, Stocktake, "change"),
            can_confirm=access.can(self.request.user, Stocktake, "confirm"),
        )
        return context


class StocktakeRoomView(ScopedViewMixin, TemplateView):
    """The phone page of one room: tick each listed asset, add what is not on the list."""

    model = Stocktake
    action = "change"
    template_name = "assets/stocktake_room.html"

    def objects(self):
        stocktake = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        room = get_object_or_404(
            access.scope(self.request.user, Room).select_related("building"),
            pk=self.kwargs["room"],
        )
        return stocktake, room

    def get(self, request, *args, **kwargs):
        return self.show(forms.SurplusForm(user=request.user))

    def post(self, request, *args, **kwargs):
        stocktake, room = self.objects()
        form = forms.SurplusForm(user=request.user)
        try:
            if "line" in request.POST:
                line = get_object_or_404(
                    access.scope(request.user, StocktakeLine, "change").filter(stocktake=stocktake),
                    pk=request.POST["line"],
                )
                services.stocktake_mark(
                    line=line,
                    actor=request.user,
                    result=request.POST.get("result", ""),
                    note=request.POST.get("note", "")[:200],
                )
            else:
                form = forms.SurplusForm(request.POST, user=request.user)
                if not form.is_valid():
                    return self.show(form, status=400)
                found = None
                if form.cleaned_data["code"]:
                    found = (
                        access.scope(request.user, Asset)
                        .filter(code=form.cleaned_data["code"].strip())
                        .first()
                    )
                    if found is None:
                        form.add_error("code", _("No asset has this code."))
                        return self.show(form, status=400)
                services.stocktake_record_surplus(
                    stocktake=stocktake,
                    actor=request.user,
                    room=room,
                    asset=found,
                    description=form.cleaned_data["description"],
                )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        return redirect(request.path)

    def show(self, form, status=200):
        stocktake, room = self.objects()
        lines = (
            access.scope(self.request.user, StocktakeLine.objects.filter(stocktake=stocktake))
            .filter(Q(expected_room=room) | Q(found_room=room))
            .select_related("asset", "expected_room", "found_room")
            .order_by("asset__code", "pk")
        )
        context = self.get_context_data(
            stocktake=stocktake,
            room=room,
            lines=lines,
            form=form,
            is_open=stocktake.status == "open",
            results=StocktakeResult,
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)


class StocktakeConfirmView(ScopedViewMixin, View):
    model = Stocktake
    action = "confirm"

    def post(self, request, pk):
        stocktake = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            moves = services.stocktake_confirm(stocktake=stocktake, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(
                request,
                _("Stocktake confirmed; %(n)s ledger changes recorded.") % {"n": len(moves)},
            )
        return redirect(stocktake.get_absolute_url())


class StocktakeLineListView(LimitedLinksMixin, ObjectListView):
    """A stocktake's result as a list (and its Excel export): ?stocktake=<id>."""

    model = StocktakeLine
    queryset = StocktakeLine.objects.all()
    filterset_class = filters.StocktakeLineFilterSet
    table_class = tables.StocktakeLineTable


class StocktakeLineDetailView(LimitedLinksMixin, ObjectDetailView):
    model = StocktakeLine
    detail_fields = [
        "stocktake",
        "asset",
        "description",
        "expected_room",
        "found_room",
        "result",
        "note",
        "checked_by",
        "checked_at",
    ]


# ---------------------------------------------------------------------------------------------
# Class property (班级公物)


class PropertyCheckListView(LimitedLinksMixin, ObjectListView):
    links = frozenset({"add"})
    model = PropertyCheck
    queryset = PropertyCheck.objects.all()
    filterset_class = filters.PropertyCheckFilterSet
    table_class = tables.PropertyCheckTable


class PropertyCheckDetailView(LimitedLinksMixin, ObjectDetailView):
    model = PropertyCheck
    template_name = "assets/propertycheck_detail.html"
    detail_fields = ["school_class", "kind", "date", "checked_by", "notes"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check = context["object"]
        context["property"] = access.scope(
            self.request.user, Asset.objects.filter(responsible_class=check.school_class)
        ).select_related("room")[:200]
        context["compensations"] = access.scope(
            self.request.user, Compensation.objects.filter(property_check=check)
        )
        return context


class PropertyCheckCreateView(ScopedViewMixin, TemplateView):
    model = PropertyCheck
    action = "add"
    template_name = "assets/move_form.html"

    def get(self, request, *args, **kwargs):
        return self.show(forms.PropertyCheckForm(user=request.user))

    def post(self, request, *args, **kwargs):
        form = forms.PropertyCheckForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        damages = []
        if data["damage"]:
            damages.append((data["damage_asset"], data["damage"], data["amount"]))
        try:
            check = services.property_check_record(
                school_class=data["school_class"],
                actor=request.user,
                kind=data["kind"],
                date=data["date"],
                notes=data["notes"],
                damages=damages,
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.show(form, status=400)
        return redirect(check.get_absolute_url())

    def show(self, form, status=200):
        context = self.get_context_data(form=form, title=_("Record a class property check"))
        return TemplateResponse(self.request, self.template_name, context, status=status)


class CompensationListView(LimitedLinksMixin, ObjectListView):
    model = Compensation
    queryset = Compensation.objects.all()
    filterset_class = filters.CompensationFilterSet
    table_class = tables.CompensationTable


class CompensationDetailView(LimitedLinksMixin, ObjectDetailView):
    model = Compensation
    template_name = "assets/compensation_detail.html"
    detail_fields = [
        "school_class",
        "description",
        "asset",
        "amount",
        "status",
        "property_check",
        "settled_on",
        "settled_by",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_settle"] = (
            access.can(self.request.user, Compensation, "change")
            and context["object"].status == "due"
        )
        context["settle_form"] = forms.SettleForm(user=self.request.user)
        return context


class CompensationSettleView(ScopedViewMixin, View):
    model = Compensation
    action = "change"

    def post(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.SettleForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Mark it paid or waived."))
            return redirect(found.get_absolute_url())
        try:
            services.compensation_settle(
                compensation=found, actor=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        return redirect(found.get_absolute_url())
