"""Food samples (留样): the register of sample refrigerators, their temperature log, the sample
log, the phone page of the meal just served, the label PDF, disposal and the check's flags."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from canteen import filters_samples as filters
from canteen import forms_samples as forms
from canteen import selectors_samples as selectors
from canteen import tables_samples as tables
from canteen.api.samples import (
    FoodSampleActions,
    FoodSampleSerializerBase,
    FridgeTemperatureActions,
)
from canteen.models import (
    FoodSample,
    FridgeTemperature,
    ReadingPeriod,
    SampleFlag,
    SampleFridge,
)
from canteen.navigation import CANTEEN
from canteen.selectors import ServedMeal, settings_by_school
from canteen.services import samples as services
from core import access
from core.models import School, User
from core.pdf import pdf_response, render_pdf
from core.resources import Resource
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin

fridge = Resource(
    model=SampleFridge,
    fields=["number", "name", "room", "active"],
    table=tables.SampleFridgeTable,
    filterset=filters.SampleFridgeFilterSet,
    form_base=forms.SampleFridgeForm,
    queryset=SampleFridge.objects.select_related("room__building"),
    url_prefix="samples/fridges",
    api_prefix="fridges",
    api_ordering=["number", "name"],
    menu=(CANTEEN, gettext_lazy("Sample refrigerators")),
)

temperature = Resource(
    model=FridgeTemperature,
    fields=["fridge", "day", "period", "celsius", "note"],
    show=[
        "fridge",
        "day",
        "period",
        "celsius",
        "out_of_range",
        "recorded_by",
        "recorded_at",
        "note",
    ],
    table=tables.FridgeTemperatureTable,
    filterset=filters.FridgeTemperatureFilterSet,
    form_base=forms.FridgeTemperatureForm,
    viewset_base=FridgeTemperatureActions,
    queryset=FridgeTemperature.objects.select_related("fridge", "recorded_by"),
    url_prefix="samples/temperatures",
    api_prefix="temperatures",
    api_read_only=["out_of_range", "recorded_by", "recorded_at"],
    api_ordering=["day", "celsius"],
    menu=(CANTEEN, gettext_lazy("Refrigerator temperatures")),
    list_actions_template="canteen/samples/temperature_list_actions.html",
)

sample = Resource(
    model=FoodSample,
    fields=["day", "meal", "dish", "weight_grams", "fridge", "taken_at", "photo"],
    # The dish is in the page's title (the sample's name): Dish.get_absolute_url names the menus
    # part's list, which this branch does not have yet.
    show=[
        "day",
        "meal",
        "weight_grams",
        "min_grams",
        "underweight",
        "taken_at",
        "sampler",
        "fridge",
        "disposed_at",
        "disposed_by",
    ],
    table=tables.FoodSampleTable,
    filterset=filters.FoodSampleFilterSet,
    form_base=forms.FoodSampleForm,
    serializer_base=FoodSampleSerializerBase,
    viewset_base=FoodSampleActions,
    queryset=FoodSample.objects.select_related("dish", "fridge", "sampler", "disposed_by"),
    url_prefix="samples",
    api_prefix="samples",
    api_read_only=["min_grams", "underweight", "sampler", "disposed_at", "disposed_by"],
    api_ordering=["day", "taken_at", "weight_grams"],
    menu=(CANTEEN, gettext_lazy("Food samples")),
    list_actions_template="canteen/samples/sample_list_actions.html",
    related_template="canteen/samples/sample_related.html",
)

ALL = [fridge, temperature, sample]


class SampleFlagListView(ObjectListView):
    """What the check found (written by the task only: no add, no change)."""

    model = SampleFlag
    queryset = SampleFlag.objects.all()
    filterset_class = filters.SampleFlagFilterSet
    table_class = tables.SampleFlagTable


class SampleFlagDetailView(ObjectDetailView):
    model = SampleFlag
    queryset = SampleFlag.objects.select_related("dish", "sample", "fridge")
    detail_fields = ["kind", "day", "meal", "dish", "fridge", "detail", "notified_at"]


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class MealSamplesView(ScopedViewMixin, TemplateView):
    """The phone page of the meal just served: each dish with one big button (weight, fridge,
    photo; the sampler is the user and the time now), and "record all" for what is left."""

    model = FoodSample
    template_name = "canteen/samples/meal.html"

    def _meal(self) -> tuple[ServedMeal | None, list[ServedMeal]]:
        user = access.signed_in(self.request.user)
        if user.school_id is None:
            return None, []
        return selectors.meal_just_served(
            user.school_id,
            day=parse_date(self.request.GET.get("day") or ""),
            meal=self.request.GET.get("meal"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meal, meals = kwargs.get("meal"), kwargs.get("meals", [])
        if "meal" not in kwargs:
            meal, meals = self._meal()
        user = access.signed_in(self.request.user)
        rows, minimum = [], None
        if meal is not None:
            minimum = settings_by_school([meal.school_id])[meal.school_id].sample_min_grams
            taken = {s.dish_id: s for s in self.get_queryset().filter(day=meal.day, meal=meal.meal)}
            failed = kwargs.get("failed") or {}
            for dish_id, name in meal.dishes:
                form = failed.get(dish_id) or forms.QuickSampleForm(
                    user=user, initial={"dish": dish_id}
                )
                rows.append(
                    {"dish_id": dish_id, "name": name, "sample": taken.get(dish_id), "form": form}
                )
        missing = sum(1 for row in rows if row["sample"] is None)
        context.update(
            meal=meal,
            meals=meals,
            rows=rows,
            missing=missing,
            minimum=minimum,
            can_record=self.permitted("add"),
            all_form=kwargs.get("all_form") or forms.RecordAllForm(user=user),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.permitted("add"):
            raise PermissionDenied(_("Your role does not allow this."))
        meal, meals = self._meal()
        if meal is None:
            messages.error(request, _("No meal is served today."))
            return redirect("canteen:sample_meal")
        if "record_all" in request.POST:
            return self._record_all(meal, meals)
        return self._record_one(meal, meals)

    def _back(self, meal: ServedMeal) -> HttpResponseRedirect:
        query = f"?day={meal.day.isoformat()}&meal={meal.meal}"
        return redirect(reverse("canteen:sample_meal") + query)

    def _record_one(self, meal: ServedMeal, meals: list[ServedMeal]):
        user = access.signed_in(self.request.user)
        form = forms.QuickSampleForm(self.request.POST, self.request.FILES, user=user)
        dishes = dict(meal.dishes)
        dish_id = str(form.data.get("dish") or "")
        dish_pk = int(dish_id) if dish_id.isdigit() else None
        if dish_pk not in dishes:
            messages.error(self.request, _("This dish is not on the meal's menu."))
            return self._back(meal)
        if not form.is_valid():
            return self._again(meal, meals, failed={dish_pk: form})
        from canteen.models import Dish

        try:
            sample, created = services.sample_record(
                school=_school_of(user),
                day=meal.day,
                meal=meal.meal,
                dish=Dish.objects.get(pk=dish_pk),
                weight_grams=form.cleaned_data["weight_grams"],
                fridge=form.cleaned_data["fridge"],
                actor=user,
                photo=form.cleaned_data.get("photo") or None,
                checked=True,  # the dish is one of the served meal's; the form checked the fridge
            )
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
            return self._again(meal, meals, failed={dish_pk: form})
        self._told(sample, created)
        return self._back(meal)

    def _told(self, sample: FoodSample, created: bool) -> None:
        said = {"dish": sample.dish.name, "grams": sample.weight_grams}
        if created:
            messages.success(self.request, _("Sample of %(dish)s recorded: %(grams)s g.") % said)
        else:
            messages.info(self.request, _("Sample of %(dish)s corrected: %(grams)s g.") % said)
        sample.refresh_from_db(fields=["underweight", "min_grams"])
        if sample.underweight:
            messages.warning(
                self.request,
                _("%(grams)s g is under the minimum of %(minimum)s g: the sample is flagged.")
                % {"grams": sample.weight_grams, "minimum": sample.min_grams},
            )

    def _record_all(self, meal: ServedMeal, meals: list[ServedMeal]):
        user = access.signed_in(self.request.user)
        form = forms.RecordAllForm(self.request.POST, user=user)
        if not form.is_valid():
            return self._again(meal, meals, all_form=form)
        try:
            created = services.samples_record_meal(
                school=_school_of(user),
                meal=meal,
                weight_grams=form.cleaned_data["weight_grams"],
                fridge=form.cleaned_data["fridge"],
                actor=user,
            )
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
            return self._again(meal, meals, all_form=form)
        messages.success(self.request, _("%(n)s samples recorded.") % {"n": len(created)})
        return self._back(meal)

    def _again(self, meal, meals, **kwargs):
        context = self.get_context_data(meal=meal, meals=meals, **kwargs)
        return self.render_to_response(context, status=400)


def _school_of(user: User) -> School:
    """The school of a user who records (a district viewer has none and may not record)."""
    if user.school is None:
        raise PermissionDenied(_("Only members of a school can add its records."))
    return user.school


class SampleLabelsView(ScopedViewMixin, View):
    """The labels of a meal's samples (meal, dish, date and time, sampler), one small PDF to print
    and stick on the boxes. `?day=&meal=`; `?sample=<id>` for one label."""

    model = FoodSample

    def get(self, request):
        rows = self.get_queryset().select_related("dish", "sampler", "fridge")
        one = request.GET.get("sample", "")
        if one.isdigit():
            rows = rows.filter(pk=int(one))
        else:
            day = parse_date(request.GET.get("day") or "") or timezone.localdate()
            rows = rows.filter(day=day, meal=request.GET.get("meal") or "")
        labels = [{"sample": s, "keep_until": services.keep_until(s.taken_at)} for s in rows]
        if not labels:
            messages.error(request, _("No sample of that meal has been recorded yet."))
            return redirect("canteen:sample_meal")
        pdf = render_pdf(
            "canteen/pdf/sample_labels.html",
            {"labels": labels, "school": access.signed_in(request.user).school},
        )
        first = labels[0]["sample"]
        return pdf_response(pdf, f"sample-labels-{first.day:%Y%m%d}-{first.meal}.pdf")


class SampleDisposeView(ScopedViewMixin, View):
    model = FoodSample
    action = "dispose"

    def post(self, request, pk):
        row = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            services.sample_dispose(sample=row, actor=access.signed_in(request.user))
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, _("Disposal recorded."))
        return redirect(row.get_absolute_url())


class TemperatureTodayView(ScopedViewMixin, TemplateView):
    """Today's readings of the sample refrigerators in use, the one due first, one field each."""

    model = FridgeTemperature
    template_name = "canteen/samples/temperatures_today.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        fridges = access.scope(self.request.user, SampleFridge).filter(active=True)
        readings: dict[tuple[int, str], FridgeTemperature] = {
            (r.fridge_id, r.period): r for r in self.get_queryset().filter(day=today)
        }
        posted = self.request.POST.get("period")
        period = posted if posted in ReadingPeriod.values else selectors.current_period()
        failed = kwargs.get("failed", {})
        rows = [
            {
                "fridge": f,
                "morning": readings.get((f.pk, ReadingPeriod.MORNING)),
                "afternoon": readings.get((f.pk, ReadingPeriod.AFTERNOON)),
                "form": failed.get(f.pk),
            }
            for f in fridges.select_related("room")
        ]
        context.update(
            rows=rows,
            today=today,
            period=period,
            period_label=ReadingPeriod(period).label,
            can_record=self.permitted("add"),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.permitted("add"):
            raise PermissionDenied(_("Your role does not allow this."))
        data = request.POST.copy()
        data.setdefault("day", timezone.localdate().isoformat())
        data.setdefault("period", selectors.current_period())
        form = temperature.form(data, user=request.user)
        if not form.is_valid():
            fridge_id = data.get("fridge", "")
            failed = {int(fridge_id): form} if fridge_id.isdigit() else {}
            if not failed:
                messages.error(request, " ".join(str(e) for e in form.errors.values()))
            return self.render_to_response(self.get_context_data(failed=failed), status=400)
        reading = form.save()
        reading.refresh_from_db(fields=["out_of_range"])
        messages.success(request, _("Reading saved: %(c)s °C.") % {"c": reading.celsius})
        if reading.out_of_range:
            messages.warning(
                request, _("Outside 0–8 °C: the reading is flagged; check the fridge.")
            )
        return redirect("canteen:temperature_today")
