"""API of the menus part: weekly menus with their generated workflow actions, and the dishes
of a menu (added and removed through the same service as the editor)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from canteen.filters_menus import MenuEntryFilterSet, WeeklyMenuFilterSet
from canteen.models import MenuEntry, WeeklyMenu
from canteen.services import menus as services
from canteen.workflow import MENU_WORKFLOW
from core.api.base import ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin


class MenuEntrySerializer(ScopedSerializer):
    dish_name = serializers.CharField(source="dish.name", read_only=True)

    class Meta:
        model = MenuEntry
        fields = ["id", "menu", "day", "meal", "dish", "dish_name", "created_at"]

    def get_validators(self):
        return []  # the service says "already on this meal" in a sentence, not a field set

    def validate(self, attrs):
        return attrs  # every rule (week, meal served, banned, twice, frozen) is the service's


class WeeklyMenuSerializer(ScopedSerializer):
    entries = MenuEntrySerializer(many=True, read_only=True)

    class Meta:
        model = WeeklyMenu
        fields = [
            "id",
            "week_start",
            "status",
            "notes",
            "return_note",
            "submitted_by",
            "approved_by",
            "published_at",
            "entries",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "return_note",
            "submitted_by",
            "approved_by",
            "published_at",
        ]

    def validate_week_start(self, value):
        services.validate_week_start(value)
        return value

    def validate(self, attrs):
        return attrs  # "the week has a menu already" is the service's sentence


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=300,
        error_messages={"required": _("Say why the menu goes back (a comment is required).")},
    )


class WeeklyMenuViewSet(WorkflowActionsMixin, ScopedViewSet):
    """Weekly menus; submit, approve and return are generated from canteen.workflow. A menu is
    created here (a Monday) and its dishes are added at /menu-dishes/; notes change while it is
    a draft."""

    model = WeeklyMenu
    workflow = MENU_WORKFLOW
    step_serializers = {"return_to_draft": ReturnSerializer}
    base_queryset = WeeklyMenu.objects.prefetch_related("entries__dish")
    serializer_class = WeeklyMenuSerializer
    filterset_class = WeeklyMenuFilterSet
    ordering_fields = ["week_start", "published_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.menu_create(
            school=self.member_school(),
            week_start=data["week_start"],
            actor=self.request.user,
            notes=data.get("notes", ""),
        )

    def perform_update(self, serializer):
        services.menu_update_notes(
            menu=serializer.instance,
            notes=serializer.validated_data.get("notes", serializer.instance.notes),
            week_start=serializer.validated_data.get("week_start"),
            actor=self.request.user,
        )

    def perform_step(self, transition, obj, data):
        return services.STEP_SERVICES[transition.name](menu=obj, actor=self.request.user, **data)


class MenuEntryViewSet(ScopedViewSet):
    """The dishes of menus (filter ?menu=<id>): POST adds one (a banned dish: 400 with the
    reason; a published menu: 409), DELETE removes one from a draft."""

    model = MenuEntry
    base_queryset = MenuEntry.objects.select_related("dish", "menu")
    serializer_class = MenuEntrySerializer
    filterset_class = MenuEntryFilterSet
    ordering_fields = ["day", "meal"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.menu_add_dish(
            menu=data["menu"],
            day=data["day"],
            meal=data["meal"],
            dish=data["dish"],
            actor=self.request.user,
        )

    def perform_destroy(self, instance):
        services.menu_remove_dish(entry=instance, actor=self.request.user)
