"""Filing a request (报修): checks, photos, the number, idempotency."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset
from core import robots
from core.models import Room, School, User
from repairs.choices import Category, PhotoKind, Priority, Source
from repairs.models import (
    DISPATCHERS,
    RepairRequest,
)
from repairs.services.common import (
    _discard_photos,
    _dispatchers_of,
    _next_number,
    _record,
    _save_photos,
    _store_photos,
    _tell,
    _validated_photos,
    settings_for,
)
from repairs.sla import Calendar, due_times


# ---- filing ----
def repair_request_create(
    *,
    school: School,
    reporter: User,
    category: str,
    description: str,
    urgency: str = Priority.NORMAL,
    room: Room | None = None,
    asset: Asset | None = None,
    photos: Sequence = (),
    on_behalf_of: User | None = None,
    client_token: uuid.UUID | str | None = None,
    source: str = Source.WEB,
) -> RepairRequest:
    """File a request and give it its number at once.

    `reporter` is the person filing; when staff file for a caller, `on_behalf_of` is the caller,
    who then becomes the request's reporter (and the one to confirm and rate it). The location is
    the room, or the asset's room. With a `client_token` (one per form render) a resent form
    returns the request the first post created instead of creating a second one.
    Photos are checked (real images, size) and shrunk before anything is written.
    """
    if client_token:
        existing = RepairRequest.objects.filter(filed_by=reporter, client_token=client_token)
        if found := existing.first():
            return found
    room = _check_location(school, room, asset)
    _check_fields(category, description, urgency, source)
    if on_behalf_of is not None:
        _check_on_behalf(school, reporter, on_behalf_of)
    names = _store_photos(_validated_photos(photos))
    try:
        return _create(
            school=school,
            filed_by=reporter,
            reporter=on_behalf_of or reporter,
            category=category,
            description=description.strip(),
            priority=urgency,
            room=room,
            asset=asset,
            photo_names=names,
            client_token=client_token or None,
            source=Source.PHONE if on_behalf_of is not None and source == Source.WEB else source,
        )
    except IntegrityError:
        _discard_photos(names)
        if client_token:  # the same form posted twice at once: the first one won
            same_post = RepairRequest.objects.filter(filed_by=reporter, client_token=client_token)
            if same_post.exists():
                return same_post.get()
        raise
    except BaseException:
        _discard_photos(names)
        raise


def _check_location(school: School, room: Room | None, asset: Asset | None) -> Room:
    if asset is not None:
        if asset.school_id != school.pk:
            raise ValidationError(_("That asset belongs to another school."), code="other_school")
        room = room or asset.room
    if room is None:
        raise ValidationError(_("Choose the room (or scan its QR label)."), code="no_location")
    if room.school_id != school.pk:
        raise ValidationError(_("That room belongs to another school."), code="other_school")
    return room


def _check_fields(category: str, description: str, urgency: str, source: str) -> None:
    if category not in Category.values:
        raise ValidationError(_("Choose a category."), code="category")
    if urgency not in Priority.values:
        raise ValidationError(_("Choose an urgency."), code="urgency")
    if source not in Source.values:
        raise ValidationError(_("Unknown channel."), code="source")
    if not description or not description.strip():
        raise ValidationError(_("Say what is wrong."), code="description")
    if len(description) > 2000:
        raise ValidationError(_("The description is too long."), code="description")


def _check_on_behalf(school: School, filer: User, caller: User) -> None:
    if not (filer.is_superuser or filer.role_codes & DISPATCHERS):
        raise PermissionDenied(_("Only office staff can file a request for someone else."))
    if caller.school_id != school.pk:
        raise ValidationError(_("That person belongs to another school."), code="other_school")


@transaction.atomic
def _create(*, school, filed_by, reporter, priority, room, asset, photo_names, **fields):
    now = timezone.now()
    rules = settings_for(school)
    respond_due, finish_due = due_times(Calendar.for_school(school, rules), rules, priority, now)
    # The counter row stays locked until commit: only small inserts follow.
    request = RepairRequest.objects.create(
        school=school,
        number=_next_number(school, timezone.localdate(now)),
        filed_by=filed_by,
        reporter=reporter,
        priority=priority,
        room=room,
        asset=asset,
        respond_due_at=respond_due,
        finish_due_at=finish_due,
        **fields,
    )
    _save_photos(request, photo_names, kind=PhotoKind.REPORT, actor=filed_by)
    _record(request, kind="submitted", actor=filed_by, before="")
    _tell(
        request,
        _dispatchers_of(school),
        _("New repair request %(number)s") % {"number": request.number},
        f"{room}: {request.description[:200]}",
    )
    if priority == Priority.URGENT:
        robots.announce(
            school=school,
            event="urgent_repair",
            title=_("Urgent repair request %(number)s") % {"number": request.number},
            markdown=f"{room}：{request.description[:200]}",
            url=request.get_absolute_url(),
        )
    return request
