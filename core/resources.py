"""One declaration per plain record: its fields feed the form, the serializer, the detail page,
the list and export (its Table), the five HTML views and their URLs, the API viewset and its
router entry, and the menu entry.

    room = Resource(
        model=Room,
        fields=["building", "code", "name", "floor", "room_type", "area"],
        table=tables.RoomTable,
        filterset=filters.RoomFilterSet,
        url_prefix="places/rooms",
        api_prefix="rooms",
        api_ordering=["code", "name"],
        menu=(PLACES, _("Rooms")),
    )

`fields` are what a person edits (form and writable API fields); `show` what the detail page
lists (default: `fields`). A custom form or serializer is a base class (`form_base`,
`serializer_base`) that keeps its widgets and `clean()`; the field list still comes from here.
An API with workflow actions passes `viewset_base` (a ScopedViewSet subclass with its @actions);
`api_read_only` fields are shown by the API but never written through it; `page_only` fields are
edited on the page but left out of the API (a photo upload). `locked` fields are given when the
record is made and fixed afterwards: the edit form leaves them out and an API update ignores them.
Overriding a view is ordinary subclassing: `views={"edit": RoomEditView}` where `RoomEditView`
subclasses `core.views.generic.ObjectEditView`; the generated view class then subclasses it, and
what the override sets itself (a template, a queryset, a method) wins over the declaration.
The asset card (assets/views/cards.py) is the fullest example: key-paged list, detail page with
depreciation and movements, create view with its own message, all three passed as `views=`.

Every declaration lands in `REGISTRY` (model label → Resource): the generated tests
(tests/test_resources.py) walk it, and a test fails for a model with an `Access` rule that
no resource declares.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from core import navigation
from core.api.base import ScopedSerializer, ScopedViewSet
from core.filters import ScopedFilterSet
from core.forms import ScopedModelForm
from core.tables import Table
from core.views import generic

REGISTRY: dict[str, Resource] = {}

API_COMMON = ["id", "created_at", "updated_at"]
VIEW_BASES: dict[str, type] = {
    "list": generic.ObjectListView,
    "detail": generic.ObjectDetailView,
    "add": generic.ObjectCreateView,
    "edit": generic.ObjectEditView,
    "delete": generic.ObjectDeleteView,
}
VIEW_SUFFIXES = {
    "list": "ListView",
    "detail": "DetailView",
    "add": "CreateView",
    "edit": "EditView",
    "delete": "DeleteView",
}


class Resource(generic.Crud):
    """A plain record declared once; see the module docstring."""

    def __init__(
        self,
        *,
        model: type[Model],
        fields: Sequence[str],
        table: type[Table],
        filterset: type[ScopedFilterSet],
        url_prefix: str,
        api_prefix: str | None = None,
        show: Sequence[str] | None = None,
        queryset: QuerySet | None = None,
        form_base: type[ScopedModelForm] = ScopedModelForm,
        serializer_base: type[ScopedSerializer] = ScopedSerializer,
        viewset_base: type[ScopedViewSet] = ScopedViewSet,
        api_read_only: Sequence[str] = (),
        api_ordering: Sequence[str] = (),
        api_basename: str | None = None,
        menu: tuple[str | Promise, str | Promise] | None = None,
        menu_daily_for: frozenset[str] = frozenset(),
        page_only: Sequence[str] = (),
        locked: Sequence[str] = (),
        views: dict[str, type] | None = None,
        list_actions_template: str = "",
        related_template: str = "",
    ) -> None:
        self.model = model
        self.fields = list(fields)
        self.show = list(show if show is not None else fields)
        self.url_prefix = url_prefix
        self.api_prefix = api_prefix
        self.api_basename = api_basename or model._meta.model_name
        self.locked = tuple(locked)
        self.page_only = tuple(page_only)
        stray = sorted((set(self.locked) | set(self.page_only)) - set(self.fields))
        if stray:
            raise ValueError(f"{model.__name__}: locked / page_only {stray} are not in `fields`")
        self.form = self._form(form_base)
        self.serializer = self._serializer(serializer_base, api_read_only)
        self._build_views(
            views or {},
            queryset=queryset,
            list={
                "filterset_class": filterset,
                "table_class": table,
                "extra_actions_template": list_actions_template,
            },
            detail={"detail_fields": self.show, "related_template": related_template},
            add={"form_class": self.form},
            edit={"form_class": self.form},
            delete={},
        )
        self.viewset = self._viewset(viewset_base, queryset, filterset, api_ordering)
        self.menu = menu
        self.menu_daily_for = menu_daily_for  # roles that see the entry first (NavItem.daily_for)
        REGISTRY[model._meta.label] = self

    def _form(self, base: type[ScopedModelForm]) -> type[ScopedModelForm]:
        meta_base = getattr(base, "Meta", object)
        meta = type("Meta", (meta_base,), {"model": self.model, "fields": self.fields})
        name = f"{self.model.__name__}Form"
        attrs = {"Meta": meta, "locked": self.locked, "__module__": self.model.__module__}
        return type(name, (base,), attrs)

    def _serializer(self, base: type[ScopedSerializer], read_only: Sequence[str]) -> type:
        extra = ["archived_at"] if hasattr(self.model, "archived_at") else []
        edited = [name for name in self.fields if name not in self.page_only]
        names = [*API_COMMON, *edited, *read_only, *extra]
        meta = type(
            "Meta",
            (),
            {"model": self.model, "fields": names, "read_only_fields": list(read_only)},
        )
        name = f"{self.model.__name__}Serializer"  # the OpenAPI component name: keep it stable
        attrs = {"Meta": meta, "locked": self.locked, "__module__": self.model.__module__}
        return type(name, (base,), attrs)

    def _build_views(self, overrides: dict[str, type], *, queryset, **attrs: dict) -> None:
        unknown = set(overrides) - set(VIEW_BASES)
        if unknown:
            raise ValueError(f"{self.model.__name__}: no generated view named {sorted(unknown)}")
        common = {"model": self.model, "queryset": queryset}
        for key, base in VIEW_BASES.items():
            parent = overrides.get(key, base)
            if not issubclass(parent, base):
                raise TypeError(f"views[{key!r}] must subclass {base.__name__}")
            name = f"{self.model.__name__}{VIEW_SUFFIXES[key]}"
            # An override's own attributes (a detail page's queryset) win over the declaration's:
            # that is what it is for.
            declared = {**common, **attrs[key]}
            kept = {k: v for k, v in declared.items() if not _defined_below(parent, base, k)}
            kept["__module__"] = self.model.__module__
            setattr(self, key, type(name, (parent,), kept))

    def _viewset(
        self, base: type[ScopedViewSet], queryset, filterset, ordering: Sequence[str]
    ) -> type[ScopedViewSet]:
        attrs: dict[str, Any] = {
            "model": self.model,
            "base_queryset": queryset,
            "serializer_class": self.serializer,
            "filterset_class": filterset,
            "ordering_fields": list(ordering),
            "__module__": self.model.__module__,
        }
        return type(f"{self.model.__name__}ViewSet", (base,), attrs)

    def register_api(self, router) -> None:
        if self.api_prefix is not None:
            router.register(self.api_prefix, self.viewset, basename=self.api_basename)

    def register_menu(self) -> None:
        if self.menu is not None:
            group, label = self.menu
            meta = self.model._meta
            url_name = f"{meta.app_label}:{meta.model_name}_list"
            item = navigation.NavItem(label, url_name, meta.label, daily_for=self.menu_daily_for)
            navigation.add(group, item)

    def urlpatterns(self, prefix: str | None = None) -> list:
        return super().urlpatterns(prefix or self.url_prefix)


def _defined_below(cls: type, base: type, name: str) -> bool:
    """Whether a subclass of `base` in `cls`'s ancestry (not `base` itself) sets `name`."""
    return any(
        name in vars(klass)
        for klass in cls.__mro__
        if klass is not base and issubclass(klass, base)
    )


def urlpatterns(resources: Sequence[Resource]) -> list:
    """The HTML routes of several resources, for an app's urls.py."""
    return [pattern for resource in resources for pattern in resource.urlpatterns()]


def register(resources: Sequence[Resource], *, router=None) -> None:
    """From an AppConfig.ready() (menu entries, in declaration order) or an api/urls.py (router)."""
    for resource in resources:
        if router is not None:
            resource.register_api(router)
        else:
            resource.register_menu()
