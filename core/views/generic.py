"""Generic list / detail / create / edit / delete views driven by a few declarations per model.

Each concrete view sets `model` plus `filterset_class` and `table_class` (lists), `form_class`
(forms) or `detail_fields` (detail). The role check and the school scoping happen here, once: a
view of this module cannot be built without them.
"""

from __future__ import annotations

from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db import transaction
from django.db.models import Field, Model, ProtectedError, QuerySet
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.base import ContextMixin

from core import access, audit, exports, paging, services
from core.filters import ScopedFilterSet
from core.forms import ScopedModelForm
from core.models import ArchivableModel, ExportJob
from core.tables import Table


class ScopedViewMixin(LoginRequiredMixin, ContextMixin):
    """Login, then the role check for `action`, then every row read through `access.scope`."""

    model: type[Model]
    action: str = "view"
    queryset: QuerySet | None = None
    # Set by View.setup (every concrete view is also a View).
    request: HttpRequest
    kwargs: dict[str, Any]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access.can(request.user, self.model, self.action):
            raise PermissionDenied(_("Your role does not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self) -> QuerySet:
        return (
            self.queryset.all() if self.queryset is not None else self.model._default_manager.all()
        )

    def get_queryset(self) -> QuerySet:
        return access.scope(self.request.user, self.base_queryset(), self.action)

    def url_name(self, suffix: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}:{meta.model_name}_{suffix}"

    def permitted(self, action: str) -> bool:
        return access.can(self.request.user, self.model, action)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = self.model._meta
        context.update(
            model_meta=meta,
            verbose_name=meta.verbose_name,
            verbose_name_plural=meta.verbose_name_plural,
            list_url=reverse(self.url_name("list")),
            can_add=self.permitted("add"),
            can_change=self.permitted("change"),
            can_delete=self.permitted("delete"),
            archivable=issubclass(self.model, ArchivableModel),
        )
        return context


class ObjectListView(ScopedViewMixin, TemplateView):
    filterset_class: type[ScopedFilterSet]
    table_class: type[Table]
    template_name = "core/object_list.html"
    paginate_by = 50
    extra_actions_template: str = ""
    key_paging = False  # see page_rows: for large tables

    @classmethod
    def filtered_queryset(cls, user, params) -> QuerySet:
        """Scope, filter and sort as the list page does; raises ValidationError on bad filters."""
        view = cls()
        # A stand-in holding what the FilterSet and the scoping read (user, GET).
        view.request = _RequestLike(user, params)  # type: ignore[assignment]
        return view._filtered()

    def _filtered(self) -> QuerySet:
        queryset = self.get_queryset()
        params = self.request.GET
        if issubclass(self.model, ArchivableModel) and params.get("archived") in (None, ""):
            queryset = queryset.filter(archived_at__isnull=True)
        filterset = self.filterset_class(params, queryset, request=self.request)
        self.filterset = filterset
        if not filterset.is_valid():
            raise ValidationError(filterset.errors.as_text())
        return self._sorted(filterset.qs)

    def _sorted(self, queryset: QuerySet) -> QuerySet:
        sort = self.request.GET.get("sort", "")
        if sort.lstrip("-") in self.table_class().sortable_paths():
            return queryset.order_by(sort, "pk")
        ordering = list(queryset.query.order_by or self.model._meta.ordering or [])
        return queryset.order_by(*ordering, "pk")

    def get(self, request, *args, **kwargs):
        try:
            queryset = self._filtered()
        except ValidationError:
            context = self.get_context_data(rows=[], page=None, filter_error=True)
            return self.render_to_response(context, status=400)
        if request.GET.get("export") == "xlsx":
            return self.export(queryset)
        table = self.table_class()
        page, rows = self.page_rows(table, queryset)
        columns = table.headers()
        cells = [(pk, list(zip(values, columns, strict=True))) for pk, values in rows]
        context = self.get_context_data(table=table, rows=rows, cells=cells, page=page)
        return self.render_to_response(context)

    def page_rows(self, table: Table, queryset: QuerySet) -> tuple[Page, list[tuple]]:
        """The page and its (pk, values) rows. A text search is counted only up to a cap
        (core.paging). With `key_paging` the page walks primary keys first (one narrow query,
        cheap even deep in 100,000 rows), then reads its rows with their joins and computed
        columns: a deep page costs about what the first does, the query count stays constant."""
        paginator = paging.paginator_class(self.request.GET)
        number = self.request.GET.get("page")
        if not self.key_paging:
            page = paginator(queryset, self.paginate_by).get_page(number)
            return page, list(table.rows(page.object_list))  # type: ignore[arg-type]
        page = paginator(queryset.values_list("pk", flat=True), self.paginate_by).get_page(number)
        wanted = list(page.object_list)
        by_pk = dict(table.rows(queryset.filter(pk__in=wanted)))
        return page, [(pk, by_pk[pk]) for pk in wanted if pk in by_pk]

    def export(self, queryset: QuerySet) -> HttpResponseBase:
        title = str(self.model._meta.verbose_name_plural)
        total = queryset.count()
        from django.conf import settings

        if total > settings.EXPORT_INLINE_MAX_ROWS:
            return self.start_export_job(title, total)
        handle = exports.temporary_xlsx()
        exports.write_table(
            handle,
            table=self.table_class(),
            title=title,
            rows=self.table_class().rows(queryset, chunk_size=exports.CHUNK_ROWS),
        )
        handle.seek(0)
        filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE
        )

    def start_export_job(self, title: str, total: int) -> HttpResponse:
        from core import jobs

        params = self.request.GET.copy()
        params.pop("export", None)
        match = self.request.resolver_match
        assert match is not None  # a routed request: the job re-runs the same view
        user = access.signed_in(self.request.user)
        with transaction.atomic():
            job = ExportJob.objects.create(
                school=user.school,
                requested_by=user,
                view_name=match.view_name,
                query_string=params.urlencode(),
                title=title,
                total_rows=total,
            )
            jobs.enqueue(job)
        messages.info(self.request, _("The export runs in the background; it will be ready here."))
        return redirect(job.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("table", self.table_class())
        context.update(
            filterset=getattr(self, "filterset", None),
            add_url=reverse(self.url_name("add")) if context["can_add"] else "",
            detail_url_name=self.url_name("detail"),
            extra_actions_template=self.extra_actions_template,
        )
        return context


def list_at(user, url: str) -> tuple[type[ObjectListView], QuerySet]:
    """The list page at ``url`` (path and query string) as ``user`` would see it: its view class
    and the rows it lists, scoped, filtered and sorted as the page and its export do. ValueError
    if the URL is not a list page; PermissionDenied if the user's role may not read it;
    ValidationError if the query string is not a valid filter."""
    path, _sep, query = url.partition("?")
    view_class = getattr(resolve(path).func, "view_class", None)
    if not (isinstance(view_class, type) and issubclass(view_class, ObjectListView)):
        raise ValueError(f"{path} is not a list page")
    if not access.can(user, view_class.model, "view"):
        raise PermissionDenied(_("Your role does not allow this."))
    return view_class, view_class.filtered_queryset(user, QueryDict(query))


class _RequestLike:
    """What a FilterSet needs of a request when an export job re-runs a list outside the web."""

    def __init__(self, user, params):
        self.user = user
        self.GET = params


class ObjectDetailView(ScopedViewMixin, TemplateView):
    template_name = "core/object_detail.html"
    detail_fields: list[str] = []
    related_template: str = ""

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(
            object=obj,
            fields=[describe_field(obj, name) for name in self.detail_fields],
            history=audit.history_for(obj)[:50],
            related_template=self.related_template,
        )
        return context


def describe_field(obj: Model, name: str) -> tuple[str, object]:
    field = obj._meta.get_field(name)
    assert isinstance(field, Field)  # detail_fields name the model's own fields
    # Choices (and lists of choices such as room types) show their labels, never stored codes.
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(obj, name)
    return str(field.verbose_name), value


class ObjectFormMixin(ScopedViewMixin):
    form_class: type[ScopedModelForm]
    template_name = "core/object_form.html"

    def get_instance(self) -> Model:
        raise NotImplementedError  # the create and the edit view say which row the form edits

    def get_form(self, instance):
        return self.form_class(
            self.request.POST or None,
            self.request.FILES or None,
            instance=instance,
            user=self.request.user,
        )

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form(self.get_instance()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(self.get_instance())
        if not form.is_valid():
            return self.render(form, status=400)
        with transaction.atomic():
            obj = form.save()
        messages.success(request, _("Saved."))
        for notice in getattr(form, "notices", []):
            messages.info(request, notice)
        return HttpResponseRedirect(obj.get_absolute_url())

    def render(self, form, status=200):
        context = self.get_context_data(form=form, object=form.instance)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class ObjectCreateView(ObjectFormMixin, View):
    action = "add"

    def get_instance(self):
        return self.model()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can add its records."))
        return super().dispatch(request, *args, **kwargs)


class ObjectEditView(ObjectFormMixin, View):
    action = "change"

    def get_instance(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])


class ObjectDeleteView(ScopedViewMixin, View):
    """Deletes, or for records that must be kept, archives."""

    action = "delete"
    template_name = "core/object_confirm_delete.html"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(object=self.get_object())
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            services.record_remove(record=obj, actor=request.user)
        except ProtectedError:
            messages.error(request, _("Other records still refer to this one; it was kept."))
            return redirect(obj.get_absolute_url())
        messages.success(
            request, _("Archived.") if isinstance(obj, ArchivableModel) else _("Deleted.")
        )
        return redirect(self.url_name("list"))


_View = TypeVar("_View", bound=View)


def _subclass(base: type[_View], name: str, attrs: dict[str, Any]) -> type[_View]:
    """`class <name>(base)` with these attributes (what Crud declares for each model)."""
    return cast("type[_View]", type(name, (base,), attrs))


class Crud:
    """The five views of a plain record, declared once.

    `Crud(model=Room, filterset=..., table=..., form=..., detail_fields=[...])` builds list, detail,
    add, edit and delete views (subclasses of the ones above) and `urlpatterns(prefix)` routes them
    as `<app>:<model>_list|_detail|_add|_edit|_delete`.
    """

    def __init__(
        self,
        *,
        model,
        filterset,
        table,
        form,
        detail_fields,
        queryset=None,
        list_actions_template: str = "",
        related_template: str = "",
    ):
        common = {"model": model, "queryset": queryset, "__module__": model.__module__}
        name = model.__name__
        self.model = model
        self.list = _subclass(
            ObjectListView,
            f"{name}ListView",
            {
                **common,
                "filterset_class": filterset,
                "table_class": table,
                "extra_actions_template": list_actions_template,
            },
        )
        self.detail = _subclass(
            ObjectDetailView,
            f"{name}DetailView",
            {**common, "detail_fields": detail_fields, "related_template": related_template},
        )
        self.add = _subclass(ObjectCreateView, f"{name}CreateView", {**common, "form_class": form})
        self.edit = _subclass(ObjectEditView, f"{name}EditView", {**common, "form_class": form})
        self.delete = _subclass(ObjectDeleteView, f"{name}DeleteView", common)

    def urlpatterns(self, prefix: str) -> list:
        from django.urls import path

        model_name = self.model._meta.model_name
        return [
            path(f"{prefix}/", self.list.as_view(), name=f"{model_name}_list"),
            path(f"{prefix}/add/", self.add.as_view(), name=f"{model_name}_add"),
            path(f"{prefix}/<int:pk>/", self.detail.as_view(), name=f"{model_name}_detail"),
            path(f"{prefix}/<int:pk>/edit/", self.edit.as_view(), name=f"{model_name}_edit"),
            path(f"{prefix}/<int:pk>/delete/", self.delete.as_view(), name=f"{model_name}_delete"),
        ]
