"""Django admin, scoped like every other view: a school admin sees only their own school.

Every admin page of a row — change, history, delete — answers 404 alike for another school's id,
an unknown id and a row the user may not see (Django would answer 403 for one and redirect with
a message for the other, telling which ids exist).
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from core import access, querycache
from core.choices import Role
from core.models import (
    Building,
    Campus,
    Department,
    ExportJob,
    Holiday,
    Notification,
    Room,
    School,
    SchoolClass,
    Term,
    User,
    UserRole,
)

# Django's own permission fields; the app's roles replace them for everyone but the superuser.
DJANGO_ONLY_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


# One product name everywhere (README: Zongwu 总务), the admin included.
admin.site.site_header = admin.site.site_title = _("Zongwu")
admin.site.index_title = _("Users and settings")


class MissingRowIsNotFound:
    """The row pages of an admin: a row outside the user's reach is simply not there (404)."""

    def get_object(self, request, object_id, from_field=None):
        found = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if found is None or not self.has_view_or_change_permission(request, found):  # type: ignore[attr-defined]
            raise Http404
        return found


class SchoolBoundAdminForm(forms.ModelForm):
    """The admin's form of a school admin: the new row's school is set before validation, so a
    (school, ...) uniqueness or constraint clash is a form error, not an IntegrityError (500)."""

    school_of_new_rows = None  # set per request by ScopedAdmin.get_form

    def _post_clean(self):
        if self.instance.pk is None and self.school_of_new_rows is not None:
            self.instance.school = self.school_of_new_rows
        # Private Django hooks, absent from django-stubs.
        super()._post_clean()  # type: ignore[misc]

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.discard("school")
        return exclusions


class ScopedAdmin(MissingRowIsNotFound, admin.ModelAdmin):
    """Rows and permissions come from core.access, not from Django's model permissions."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser or not hasattr(self.model, "school_id"):
            return form  # the superuser picks the school in the form: validated as usual
        attrs = {"school_of_new_rows": request.user.school}
        return type(form.__name__, (SchoolBoundAdminForm, form), attrs)

    def get_queryset(self, request):
        return access.scope(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, self.model, "view")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return access.can(request.user, self.model, "add")

    def has_change_permission(self, request, obj=None):
        return access.can(request.user, self.model, "change")

    def has_delete_permission(self, request, obj=None):
        # Permanent records are archived from the app, never deleted here.
        return request.user.is_superuser and not hasattr(self.model, "archived_at")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, "school")

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.school = request.user.school
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            field is not None
            and field.queryset is not None
            and hasattr(field.queryset.model, "access")
        ):
            field.queryset = access.scope(request.user, field.queryset)
        return field


class SuperuserOnlyAdmin(MissingRowIsNotFound, admin.ModelAdmin):
    """Rows of no single school's office (schools, everyone's notifications and exports)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_module_permission = has_view_permission

    def has_add_permission(self, request):
        return self.has_view_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request)


class SchoolSettingsAdmin(ScopedAdmin):
    """One settings row per school: once it exists it is changed, never added a second time."""

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        if request.user.is_superuser:
            return True  # adds the row of a school that has none; the form refuses a second
        return not self.get_queryset(request).exists()


@admin.register(School)
class SchoolAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code", "kind", "district"]
    search_fields = ["name", "code"]


class UserRoleInline(admin.TabularInline):
    """Roles are edited with the user, by whoever may change the user (the school's admin)."""

    model = UserRole
    extra = 1

    def has_view_permission(self, request, obj=None):
        return access.can(request.user, User, "view")

    def _can_change_users(self, request, obj=None):
        return access.can(request.user, User, "change")

    has_add_permission = has_change_permission = has_delete_permission = _can_change_users


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "school", "department", "is_active"]
    list_filter = ["is_active", "user_roles__role"]
    inlines = [UserRoleInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("School"), {"fields": ("school", "department", "phone", "district_schools")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("school", "district_schools")

    def get_fieldsets(self, request, obj=None):
        """A school's admin gives access through the app's roles (the inline below) only; Django's
        staff, superuser, groups and permissions would be a second, contradicting role system.
        """
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {*DJANGO_ONLY_FIELDS, "district_schools"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser:
            # The admin site is for the administrator role: staff follows the role (as in the demo).
            user = form.instance
            staff = user.user_roles.filter(role=Role.ADMIN).exists()
            if user.is_staff != staff:
                User.objects.filter(pk=user.pk).update(is_staff=staff)
                querycache.changed(User)  # update() sends no signal


@admin.register(Campus)
class CampusAdmin(ScopedAdmin):
    list_display = ["name", "school", "archived_at"]


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ["code", "name", "campus", "floors", "school"]
    list_select_related = ["campus", "school"]


@admin.register(Room)
class RoomAdmin(ScopedAdmin):
    list_display = ["code", "name", "building", "room_type", "school"]
    list_filter = ["room_type"]
    list_select_related = ["building", "school"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "head", "school"]


@admin.register(SchoolClass)
class SchoolClassAdmin(ScopedAdmin):
    list_display = ["__str__", "homeroom_teacher", "room", "school"]


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    list_display = ["name", "start", "end", "school"]


@admin.register(Holiday)
class HolidayAdmin(ScopedAdmin):
    list_display = ["name", "kind", "start", "end", "school"]
    list_filter = ["kind"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        school = request.user.school
        if obj is not None or request.user.is_superuser or school is None:
            return form

        class WithSchool(form):  # type: ignore[valid-type,misc]
            def _post_clean(self):
                # The overlap check of Holiday.clean needs the school before save_model sets it.
                self.instance.school = school
                super()._post_clean()

        return WithSchool


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "recipient", "created_at", "read_at", "emailed_at"]


@admin.register(ExportJob)
class ExportJobAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "requested_by", "status", "done_rows", "total_rows", "created_at"]


def hide_missing_rows_everywhere(site: admin.AdminSite = admin.site) -> None:
    """The admins of the libraries (auth groups, schedules, audit, tokens) registered before this
    module (INSTALLED_APPS order): the same 404 for their rows; the apps' admins after it are
    ScopedAdmin. tests/core/test_admin_scoping.py fails on any admin without it."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, MissingRowIsNotFound):
            site.unregister(model)
            base = type(model_admin)
            site.register(model, type(base.__name__, (MissingRowIsNotFound, base), {}))


hide_missing_rows_everywhere()
