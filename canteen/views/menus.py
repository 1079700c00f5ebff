"""Menus part: dish library, banned foods, the weekly menu editor and its steps, the printable
and public menu, the canteen settings page and the inspector's monthly PDF."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from canteen import forms_menus as forms
from canteen import inspection, selectors_menus
from canteen.choices import MenuStatus
from canteen.filters_menus import BannedFoodFilterSet, DishFilterSet, WeeklyMenuFilterSet
from canteen.models import BannedFood, CanteenSettings, Dish, MenuEntry, WeeklyMenu
from canteen.selectors import canteen_settings
from canteen.services import menus as services
from canteen.tables_menus import BannedFoodTable, DishTable, WeeklyMenuTable
from canteen.views import public_menus
from canteen.views.public_menus import MENUS_CSS
from canteen.workflow import MENU_WORKFLOW
from core import access, pdf
from core.choices import Role
from core.models import School
from core.resources import Resource
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.views.workflow import TransitionView, steps_for
from core.workflow import TransitionRefused

dish = Resource(
    model=Dish,
    fields=["name", "category", "main_ingredients"],
    table=DishTable,
    filterset=DishFilterSet,
    form_base=forms.DishForm,
    url_prefix="dishes",
    api_prefix="dishes",
    api_ordering=["name", "category"],
)
banned_food = Resource(
    model=BannedFood,
    fields=["name", "keywords", "reason"],
    show=["name", "keywords", "reason", "national"],
    table=BannedFoodTable,
    filterset=BannedFoodFilterSet,
    form_base=forms.BannedFoodForm,
    url_prefix="banned-foods",
    api_prefix="banned-foods",
    api_read_only=["national"],  # the national list is seeded; a school adds its own
    api_ordering=["name"],
)
ALL = [dish, banned_food]


# ---- the weekly menu ----


class WeeklyMenuListView(ObjectListView):
    model = WeeklyMenu
    filterset_class = WeeklyMenuFilterSet
    table_class = WeeklyMenuTable


class WeeklyMenuCreateView(ScopedViewMixin, View):
    """A new week: the Monday it starts (a clear message for any other day) and a note."""

    model = WeeklyMenu
    action = "add"
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can add its records."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        monday = selectors_menus.monday_of(timezone.localdate()) + dt.timedelta(days=7)
        return self.render(forms.WeeklyMenuForm(user=request.user, initial={"week_start": monday}))

    def post(self, request):
        form = forms.WeeklyMenuForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                menu = services.menu_create(
                    school=request.user.school,
                    week_start=form.cleaned_data["week_start"],
                    actor=request.user,
                    notes=form.cleaned_data.get("notes", ""),
                )
            except ValidationError as exc:
                form.add_error("week_start", exc)
            else:
                messages.success(request, _("Menu created: add the dishes of each day."))
                return redirect(menu.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = self.get_context_data(form=form, object=form.instance)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class WeeklyMenuDetailView(ObjectDetailView):
    """The editor: days × the meals the school serves, dishes added and removed per meal."""

    model = WeeklyMenu
    queryset = WeeklyMenu.objects.select_related("submitted_by", "approved_by", "school")
    template_name = "canteen/menus/menu_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        menu, user = context["object"], access.signed_in(self.request.user)
        editable = menu.status == MenuStatus.DRAFT and access.can(user, MenuEntry, "add")
        context.update(
            css=MENUS_CSS,
            grid=selectors_menus.week_grid(menu),
            editable=editable and menu.school_id == user.school_id,
            dishes=list(
                Dish.objects.filter(school_id=menu.school_id, archived_at__isnull=True)
                .order_by("category", "name")
                .values_list("pk", "name")
            )
            if editable
            else [],
            steps=steps_for(MENU_WORKFLOW, user, menu),
            return_form=kwargs.get("return_form") or forms.ReturnForm(),
            add_error=kwargs.get("add_error"),
            public_url=reverse("canteen:menu_public", args=[menu.school.code]),
        )
        return context


class MenuEntryAddView(WeeklyMenuDetailView):
    """POST a dish onto a meal; a refusal (banned, twice, frozen) shows the editor with it."""

    action = "view"  # the entry's own rule (MenuEntry add) is checked below
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        menu = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not access.can(request.user, MenuEntry, "add"):
            raise PermissionDenied(_("Your role does not allow this."))
        form = forms.MenuEntryForm(request.POST, user=request.user, menu=menu)
        if not form.is_valid():
            return self.again(
                menu, " ".join(str(e) for errs in form.errors.values() for e in errs), 400
            )
        data = form.cleaned_data
        try:
            services.menu_add_dish(
                menu=menu, day=data["day"], meal=data["meal"], dish=data["dish"], actor=request.user
            )
        except TransitionRefused as exc:
            return self.again(menu, exc.messages[0], exc.status_code)
        except ValidationError as exc:
            return self.again(
                menu, " ".join(exc.messages), 400, where=f"{data['day']:%Y-%m-%d}-{data['meal']}"
            )
        messages.success(request, _("Added: %(dish)s") % {"dish": data["dish"].name})
        return redirect(f"{menu.get_absolute_url()}#day-{data['day']:%Y-%m-%d}")

    def again(self, menu, text, status, where=None):
        messages.error(self.request, text)
        self.kwargs["pk"] = menu.pk
        context = self.get_context_data(add_error={"where": where, "text": text})
        return TemplateResponse(self.request, self.template_name, context, status=status)


class MenuEntryRemoveView(MenuEntryAddView):
    def post(self, request, *args, **kwargs):
        menu = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not access.can(request.user, MenuEntry, "delete"):
            raise PermissionDenied(_("Your role does not allow this."))
        entry = get_object_or_404(
            access.scope(request.user, MenuEntry, "delete").filter(menu=menu), pk=kwargs["entry"]
        )
        try:
            services.menu_remove_dish(entry=entry, actor=request.user)
        except TransitionRefused as exc:
            return self.again(menu, exc.messages[0], exc.status_code)
        messages.success(request, _("Removed: %(dish)s") % {"dish": entry.dish.name})
        return redirect(f"{menu.get_absolute_url()}#day-{entry.day:%Y-%m-%d}")


class WeeklyMenuStepView(TransitionView, WeeklyMenuDetailView):
    """POST one declared step (canteen.workflow): submit, approve, return to draft."""

    workflow = MENU_WORKFLOW

    def take(self, transition, obj):
        data = {}
        if transition.name == "return_to_draft":
            form = forms.ReturnForm(self.request.POST)
            if not form.is_valid():
                messages.error(self.request, " ".join(str(e) for e in form.errors["comment"]))
                self.kwargs["pk"] = obj.pk
                context = self.get_context_data(return_form=form)
                return TemplateResponse(self.request, self.template_name, context, status=400)
            data = form.cleaned_data
        try:
            services.STEP_SERVICES[transition.name](menu=obj, actor=self.request.user, **data)
        except TransitionRefused:
            raise
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.render_refused(obj, status=400)
        messages.success(self.request, str(transition.event_label or transition.label))
        return redirect(obj.get_absolute_url())


class WeeklyMenuPrintView(ScopedViewMixin, View):
    """The published menu on one A4 page (WeasyPrint)."""

    model = WeeklyMenu

    def get(self, request, pk):
        menu = get_object_or_404(self.get_queryset().select_related("school"), pk=pk)
        if menu.status != MenuStatus.PUBLISHED:
            messages.error(request, _("Only a published menu is printed."))
            return redirect(menu.get_absolute_url())
        week = selectors_menus.weeks([menu])[0]
        data = pdf.render_pdf("canteen/pdf/menu.html", {"week": week, "school": menu.school})
        return pdf.pdf_response(data, f"{menu.school.code}-menu-{menu.week_start:%Y%m%d}.pdf")


# ---- settings ----


class CanteenSettingsView(ScopedViewMixin, View):
    """食堂设置: the director and the admin edit, the canteen's other readers read."""

    model = CanteenSettings
    template_name = "canteen/menus/settings.html"

    def get(self, request):
        return self.render(self._form(None))

    def post(self, request):
        if not access.can(request.user, CanteenSettings, "change"):
            raise PermissionDenied(_("Your role does not allow this."))
        form = self._form(request.POST)
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("canteen:settings")
        return self.render(form, status=400)

    def _rows(self):
        user = access.signed_in(self.request.user)
        if user.school_id:
            return [canteen_settings(user.school_id)]
        return list(self.get_queryset().select_related("school"))

    def _form(self, data):
        user = access.signed_in(self.request.user)
        if not user.school_id or not access.can(user, CanteenSettings, "change"):
            return None
        return forms.CanteenSettingsForm(data, instance=self._rows()[0], user=user)

    def render(self, form, status=200):
        if form is None and self.request.method == "POST":
            raise PermissionDenied(_("Your role does not allow this."))
        rows = self._rows()
        shown = [forms.CanteenSettingsForm(instance=row, user=self.request.user) for row in rows]
        context = self.get_context_data(form=form, rows=zip(rows, shown, strict=True))
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def url_name(self, suffix: str) -> str:
        return "canteen:weeklymenu_list" if suffix == "list" else super().url_name(suffix)


# ---- the inspector's monthly PDF ----

INSPECTION_ROLES = frozenset(
    {Role.DIRECTOR, Role.CANTEEN_MANAGER, Role.PRINCIPAL, Role.DISTRICT, Role.ADMIN}
)


class InspectionPdfView(ScopedViewMixin, View):
    """The month's canteen records, every registered section (canteen.inspection), one PDF."""

    model = WeeklyMenu
    template_name = "canteen/menus/inspection_form.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_superuser
            and not user.role_codes & INSPECTION_ROLES
        ):
            raise PermissionDenied(_("Your role does not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        schools = list(School.objects.filter(pk__in=request.user.school_ids).order_by("name"))
        if not request.GET.get("month"):
            last_month = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
            form = forms.MonthForm(initial={"month": f"{last_month:%Y-%m}"})
            return self.render(form, schools)
        form = forms.MonthForm(request.GET)
        school = self._school(schools)
        if not form.is_valid() or school is None:
            return self.render(form, schools, status=400)
        month = form.first_day()
        context = {
            "school": school,
            "month": month,
            "sections": inspection.rendered_sections(school, month),
        }
        data = pdf.render_pdf("canteen/pdf/inspection_month.html", context)
        return pdf.pdf_response(data, f"{school.code}-canteen-{month:%Y%m}.pdf")

    def _school(self, schools: list[School]) -> School | None:
        wanted = self.request.GET.get("school", "")
        if not wanted:
            return schools[0] if len(schools) == 1 else None
        return next((s for s in schools if str(s.pk) == wanted), None)

    def render(self, form, schools, status=200):
        context = self.get_context_data(form=form, schools=schools, sections=inspection.sections())
        return TemplateResponse(self.request, self.template_name, context, status=status)


def menus_urlpatterns() -> list:
    return [
        *dish.urlpatterns(),
        *banned_food.urlpatterns(),
        path("menus/", WeeklyMenuListView.as_view(), name="weeklymenu_list"),
        path("menus/add/", WeeklyMenuCreateView.as_view(), name="weeklymenu_add"),
        path("menus/<int:pk>/", WeeklyMenuDetailView.as_view(), name="weeklymenu_detail"),
        path("menus/<int:pk>/print/", WeeklyMenuPrintView.as_view(), name="weeklymenu_print"),
        path("menus/<int:pk>/dishes/", MenuEntryAddView.as_view(), name="menuentry_add"),
        path(
            "menus/<int:pk>/dishes/<int:entry>/remove/",
            MenuEntryRemoveView.as_view(),
            name="menuentry_remove",
        ),
        path("menus/<int:pk>/<slug:step>/", WeeklyMenuStepView.as_view(), name="weeklymenu_step"),
        path("menu/", public_menus.MyMenuView.as_view(), name="menu_mine"),
        path("menu/<slug:code>/", public_menus.PublicMenuView.as_view(), name="menu_public"),
        path("settings/", CanteenSettingsView.as_view(), name="settings"),
        path("inspection/", InspectionPdfView.as_view(), name="inspection_pdf"),
    ]
