"""Forms of the repair screens. They parse and check input; the services do the writing."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, Consumable
from core import access
from core.choices import Role
from core.forms import people_of_school, related, related_choices
from core.input_bounds import EARLIEST, LATEST
from core.models import Room, User
from core.uploads import PhotoFormField, clean_photo
from repairs.choices import Category, PhotoKind, Priority
from repairs.models import RepairRequest
from repairs.services import MAX_PHOTOS


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(PhotoFormField):
    """Several photos in one input; each is cleaned like any photo (core.uploads.clean_photo)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/*", "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS})
        return [clean_photo(forms.FileField.clean(self, upload, initial)) for upload in uploads]


def school_staff(user, roles) -> QuerySet[User]:
    """Active people of the user's school with one of `roles` (choices for assign / hand over)."""
    queryset = (
        User.objects.filter(
            school_id=user.school_id, is_active=True, user_roles__role__in=list(roles)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return queryset


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.building.name} {obj.code} {obj.name}"


class RequestForm(forms.Form):
    """The filing form (报修): location, category, what is wrong, urgency, photos."""

    fixed_room: Room | None = None

    client_token = forms.UUIDField(widget=forms.HiddenInput)
    room = RoomChoiceField(queryset=Room.objects.none(), label=_("Room"), required=False)
    asset = forms.ModelChoiceField(
        queryset=Asset.objects.none(), required=False, widget=forms.HiddenInput
    )
    category = forms.ChoiceField(
        label=_("What kind of fault"), choices=Category.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("e.g. the lamp flickers")}),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        widget=forms.RadioSelect,
    )
    photos = MultiplePhotoField(label=_("Photos"))
    on_behalf_of = UserChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Filed for (phone call)"),
        help_text=_("Leave empty unless you enter the request for someone who called."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        related(self, "room").queryset = (
            access.scope(user, Room)
            .filter(school_id=user.school_id, archived_at__isnull=True)
            .select_related("building")
            .order_by("building__code", "code")
        )
        # Anyone may report a fault on any asset of their school (the QR label is on it), even
        # one whose card they may not read: the assets module's "scan" action says so.
        related(self, "asset").queryset = access.scope(user, Asset, "scan").filter(
            archived_at__isnull=True
        )
        if user.role_codes & {Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN}:
            related(self, "on_behalf_of").queryset = people_of_school(user)
        else:
            del self.fields["on_behalf_of"]
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())

    def fix_room(self, room_id: int) -> Room | None:
        """A QR scan chose the room: show it as text, without the long list of every room."""
        room = related_choices(self, "room").filter(pk=room_id).first()
        if room is not None:
            self.fields["room"].widget = forms.HiddenInput()
            self.fixed_room = room
        return room

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean returns, typed
        if not data.get("room") and not data.get("asset"):
            self.add_error("room", _("Choose the room (or scan its QR label)."))
        return data


class StepForm(forms.Form):
    """The data of one workflow step (repairs.workflow); its cleaned data are the service's
    keyword arguments, as the API's step serializers' are."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def step_data(self) -> dict:
        return dict(self.cleaned_data)


class NoteForm(StepForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class AcceptForm(NoteForm):
    priority = forms.ChoiceField(
        label=_("Urgency"), choices=[("", _("keep")), *Priority.choices], required=False
    )


class AssignForm(NoteForm):
    assignee = UserChoiceField(queryset=User.objects.none(), label=_("Worker"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        related(self, "assignee").queryset = school_staff(user, [Role.WORKER, Role.LOGISTICS])


class HandOverForm(NoteForm):
    new_owner = UserChoiceField(queryset=User.objects.none(), label=_("Hand over to"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        related(self, "new_owner").queryset = school_staff(
            user, [Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN]
        )


class RejectForm(StepForm):
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class DuplicateForm(NoteForm):
    original = forms.CharField(label=_("Number of the original request"), max_length=20)

    def clean_original(self):
        number = self.cleaned_data["original"].strip()
        found = access.scope(self.user, RepairRequest, "dispatch").filter(number=number).first()
        if found is None:
            raise ValidationError(_("No request of this school has that number."))
        return found


class ConfirmForm(StepForm):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


class ReopenForm(StepForm):
    reason = forms.CharField(label=_("What is still wrong?"), max_length=1000)


class WorkForm(StepForm):
    """A work record from the worker's phone: what was done, time, cost, parts, photos."""

    description = forms.CharField(
        label=_("Work done"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    minutes = forms.IntegerField(label=_("Time spent (minutes)"), min_value=1, max_value=10000)
    cost = forms.DecimalField(
        label=_("Labour and other cost (yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    part = forms.ModelChoiceField(
        queryset=Consumable.objects.none(), required=False, label=_("Part used")
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    part2 = forms.ModelChoiceField(
        queryset=Consumable.objects.none(), required=False, label=_("Another part")
    )
    quantity2 = forms.DecimalField(
        label=_("Quantity"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    photo_kind = forms.ChoiceField(
        label=_("Photos show"),
        choices=[
            (PhotoKind.AFTER, PhotoKind.AFTER.label),
            (PhotoKind.BEFORE, PhotoKind.BEFORE.label),
        ],
        initial=PhotoKind.AFTER,
    )
    photos = MultiplePhotoField(label=_("Photos"))
    finish = forms.BooleanField(label=_("The repair is done"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Parts of the worker's school: the issue service checks the stock itself.
        stock = Consumable.objects.filter(
            school_id=user.school_id, archived_at__isnull=True
        ).order_by("name")
        related(self, "part").queryset = stock
        related(self, "part2").queryset = stock

    def step_data(self) -> dict:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "minutes": data["minutes"],
            "cost": data.get("cost") or 0,
            "parts": self.parts(),
            "photos": data["photos"],
            "photo_kind": data["photo_kind"],
            "finish": bool(data.get("finish")),
        }

    def parts(self) -> list:
        data = self.cleaned_data
        lines = []
        for part, qty in (("part", "quantity"), ("part2", "quantity2")):
            if data.get(part) and data.get(qty):
                lines.append((data[part], data[qty]))
        return lines

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean returns, typed
        for part, qty in (("part", "quantity"), ("part2", "quantity2")):
            if data.get(part) and not data.get(qty):
                self.add_error(qty, _("How many were used?"))
        if data.get("part") and data.get("part2") and data["part"] == data["part2"]:
            self.add_error("part2", _("Each part once, please."))
        return data


class StatsPeriodForm(forms.Form):
    """The statistics page's year: within the years a school's records can have."""

    year = forms.IntegerField(
        label=_("Year"), min_value=EARLIEST.year, max_value=LATEST.year, required=False
    )
