"""Stocktakes (盘点): start, the room-by-room walk on a phone, the result, confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assets import filters, forms, services, tables
from assets.choices import StocktakeResult
from assets.models import (
    Asset,
    Stocktake,
    StocktakeLine,
)
from assets.views.common import LimitedLinksMixin, _errors
from core import access
from core.models import Room
from core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)


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
                mark = forms.StocktakeMarkForm(request.POST)
                if not mark.is_valid():  # a tampered or truncated tap: say so, change nothing
                    messages.error(request, _("That line could not be marked; try again."))
                    return self.show(form, status=400)
                line = get_object_or_404(
                    access.scope(request.user, StocktakeLine, "change").filter(stocktake=stocktake),
                    pk=mark.cleaned_data["line"],
                )
                services.stocktake_mark(
                    line=line,
                    actor=request.user,
                    result=mark.cleaned_data["result"],
                    note=mark.cleaned_data["note"][:200],
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
        # Back to the line just marked, not to the top of a long room list.
        line_pk = request.POST.get("line", "")
        return redirect(f"{request.path}#line-{line_pk}" if line_pk.isdigit() else request.path)

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
        if request.POST.get("sure") != "on":
            # Confirming rewrites the ledger and cannot be undone: never on one stray tap.
            messages.error(request, _("Tick the box to confirm that the result was checked."))
            return redirect(stocktake.get_absolute_url())
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
