"""Helpers shared by the repair services: settings, numbers, checks, timeline, photos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from core import audit
from core.choices import Role
from core.models import School, User
from core.services import notify
from core.uploads import clean_photo
from repairs.models import (
    RepairCounter,
    RepairEvent,
    RepairPhoto,
    RepairRequest,
    RepairSettings,
)

MAX_PHOTOS = 6


# ---- settings and helpers ----
def settings_for(school: School) -> RepairSettings:
    found = RepairSettings.objects.filter(school=school).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return RepairSettings.objects.create(school=school)
    except IntegrityError:  # created concurrently
        return RepairSettings.objects.get(school=school)


def _next_number(school: School, day: dt.date) -> str:
    """BX-20261120-0007: the day's running number, from a row locked until the request commits."""
    updated = RepairCounter.objects.filter(school=school, day=day).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RepairCounter.objects.create(school=school, day=day, last=1)
        except IntegrityError:
            RepairCounter.objects.filter(school=school, day=day).update(last=F("last") + 1)
    last = RepairCounter.objects.get(school=school, day=day).last
    return f"BX-{day:%Y%m%d}-{last:04d}"


def _dispatchers_of(school: School, roles=(Role.LOGISTICS,)) -> list[User]:
    return list(
        User.objects.filter(school=school, is_active=True, user_roles__role__in=roles).distinct()
    )


def _record(
    request: RepairRequest, *, kind: str, actor: User | None, before: str, note: str = ""
) -> RepairEvent:
    """The filing's timeline entry and audit event (later steps record theirs through the
    workflow, repairs.workflow)."""
    event = RepairEvent.objects.create(
        request=request,
        school_id=request.school_id,
        kind=kind,
        from_status=before,
        to_status=request.status,
        actor=actor,
        at=timezone.now(),
        note=note,
    )
    audit.record_event(
        request,
        event=f"repair_{kind}",
        actor=actor,
        changes={"status": [before, request.status]} if before != request.status else None,
        note=note,
    )
    return event


def _tell(request: RepairRequest, recipients: Iterable[User | None], title: str, body: str = ""):
    people = [user for user in recipients if user is not None]
    if people:
        notify(
            recipients=people,
            school=request.school,
            title=title,
            body=body,
            url=request.get_absolute_url(),
        )


def _validated_photos(photos: Sequence) -> list:
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(
            _("At most %(n)s photos per step.") % {"n": MAX_PHOTOS}, code="too_many_photos"
        )
    return [clean_photo(upload) for upload in photos]  # already-cleaned photos pass as they are


def _store_photos(shrunk: Sequence) -> list[str]:
    """Write the shrunk files before the transaction (no file I/O while rows are locked)."""
    field = RepairPhoto._meta.get_field("image")
    return [field.storage.save(field.generate_filename(None, c.name), c) for c in shrunk]


def _discard_photos(names: Sequence[str]) -> None:
    storage = RepairPhoto._meta.get_field("image").storage
    for name in names:
        storage.delete(name)


def _save_photos(request, names, *, kind: str, actor: User, work_record=None) -> None:
    for name in names:
        RepairPhoto.objects.create(
            request=request,
            school_id=request.school_id,
            kind=kind,
            image=name,
            uploaded_by=actor,
            work_record=work_record,
        )


def _return_asset(request: RepairRequest, actor: User) -> None:
    if request.asset is not None:
        asset_services.asset_back_from_repair(
            asset=request.asset, actor=actor, reason=_("Repair %s finished") % request.number
        )
