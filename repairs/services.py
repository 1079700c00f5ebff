"""Writes on repair requests. The HTML views, the API, the Celery tasks and other modules (safety)
call these functions and nothing else: each checks who may do it and whether the request's status
allows it, changes the request, records a RepairEvent and an audit event, and notifies people.
A refused step raises ValidationError (or PermissionDenied) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from assets.models import Asset, Consumable
from core import access, audit
from core.choices import Role
from core.models import Room, School, User
from core.services import notify
from core.uploads import shrink_photo, validate_photo
from repairs.choices import Category, PhotoKind, Priority, Source, Status
from repairs.models import (
    DISPATCHERS,
    RepairCounter,
    RepairEvent,
    RepairPhoto,
    RepairRequest,
    RepairSettings,
    WorkRecord,
)
from repairs.sla import Calendar, due_times

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


def _is_dispatcher(user: User, request: RepairRequest) -> bool:
    if user.is_superuser:
        return True
    return user.school_id == request.school_id and bool(user.role_codes & DISPATCHERS)


def _require_dispatcher(user: User, request: RepairRequest) -> None:
    if not _is_dispatcher(user, request):
        raise PermissionDenied(_("Only logistics staff and the director can do this."))


def _require_worker(user: User, request: RepairRequest) -> None:
    if _is_dispatcher(user, request):
        return
    if request.assignee_id != user.pk:
        raise PermissionDenied(_("Only the worker this request is assigned to can do this."))


def _require_reporter(user: User, request: RepairRequest) -> None:
    if request.reporter_id != user.pk:
        raise PermissionDenied(_("Only the person who reported this request can do this."))


def _dispatchers_of(school: School, roles=(Role.LOGISTICS,)) -> list[User]:
    return list(
        User.objects.filter(school=school, is_active=True, user_roles__role__in=roles).distinct()
    )


def _lock(request: RepairRequest) -> RepairRequest:
    return RepairRequest.objects.select_for_update().get(pk=request.pk)


STEP_NAMES = {
    "accepted": _("accepted"),
    "assigned": _("assigned"),
    "handed_over": _("handed over"),
    "rejected": _("rejected"),
    "marked_duplicate": _("marked as a duplicate"),
    "started": _("started"),
    "work_recorded": _("given a work record"),
    "done": _("marked done"),
    "confirmed": _("confirmed"),
    "reopened": _("reopened"),
}


def _check_from(request: RepairRequest, step: str, allowed: Iterable[str]) -> None:
    if request.status not in allowed:
        raise ValidationError(
            _("Request %(number)s is %(status)s; it cannot be %(step)s now.")
            % {
                "number": request.number,
                "status": request.get_status_display(),
                "step": STEP_NAMES.get(step, step),
            },
            code="illegal_transition",
        )


def _record(
    request: RepairRequest, *, kind: str, actor: User | None, before: str, note: str = ""
) -> RepairEvent:
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
    for upload in photos:
        validate_photo(upload)
    return [shrink_photo(upload) for upload in photos]


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
            found = RepairRequest.objects.filter(filed_by=reporter, client_token=client_token)
            if found.exists():
                return found.get()
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
    return request


# ---- dispatching ----
@transaction.atomic
def repair_request_accept(
    *, request: RepairRequest, actor: User, priority: str | None = None, note: str = ""
) -> RepairRequest:
    """The actor receives the request and owns it (首问负责制) until they hand it on.

    A request on an asset sends the asset to repair. A new priority recomputes the SLA times.
    """
    request = _lock(request)
    _require_dispatcher(actor, request)
    _check_from(request, "accepted", {Status.SUBMITTED})
    before = request.status
    now = timezone.now()
    if priority and priority != request.priority:
        if priority not in Priority.values:
            raise ValidationError(_("Choose an urgency."), code="urgency")
        rules = settings_for(request.school)
        calendar = Calendar.for_school(request.school, rules)
        request.priority = priority
        request.respond_due_at, request.finish_due_at = due_times(
            calendar, rules, priority, request.created_at
        )
    request.status = Status.ACCEPTED
    request.owner = actor
    request.responded_at = now
    request.save()
    if request.asset_id:
        asset_services.asset_send_to_repair(
            asset=request.asset, actor=actor, reason=_("Repair request %s") % request.number
        )
    _record(request, kind="accepted", actor=actor, before=before, note=note)
    _tell(
        request,
        [request.reporter],
        _("Your repair request %(number)s was accepted") % {"number": request.number},
        _("%(owner)s is responsible for it.") % {"owner": actor},
    )
    return request


def _check_assignee(request: RepairRequest, assignee: User) -> None:
    if assignee.school_id != request.school_id or not assignee.is_active:
        raise ValidationError(_("That person is not staff of this school."), code="other_school")
    if not assignee.role_codes & {Role.WORKER, Role.LOGISTICS}:
        raise ValidationError(
            _("Requests are assigned to repair workers or logistics staff."), code="assignee"
        )


@transaction.atomic
def repair_request_assign(
    *, request: RepairRequest, assignee: User, actor: User, note: str = ""
) -> RepairRequest:
    """Give the work to a worker. A request still 'submitted' is accepted by the actor first."""
    _check_assignee(request, assignee)
    request = _lock(request)
    _require_dispatcher(actor, request)
    if request.status == Status.SUBMITTED:
        request = repair_request_accept(request=request, actor=actor)
    _check_from(request, "assigned", {Status.ACCEPTED, Status.ASSIGNED, Status.REOPENED})
    before = request.status
    request.status = Status.ASSIGNED
    request.assignee = assignee
    request.save()
    _record(request, kind="assigned", actor=actor, before=before, note=note or str(assignee))
    _tell(
        request,
        [assignee],
        _("Repair job %(number)s assigned to you") % {"number": request.number},
        f"{request.room}: {request.description[:200]}",
    )
    return request


@transaction.atomic
def repair_request_hand_over(
    *, request: RepairRequest, new_owner: User, actor: User, note: str = ""
) -> RepairRequest:
    """The owner (or the director) hands the request on to another staff member, on record."""
    request = _lock(request)
    if request.owner_id is None or request.status in (
        Status.CONFIRMED,
        Status.REJECTED,
        Status.DUPLICATE,
    ):
        raise ValidationError(
            _("Only an accepted, unfinished request can be handed over."), code="illegal_transition"
        )
    if actor.pk != request.owner_id and not (
        actor.is_superuser or actor.role_codes & {Role.DIRECTOR, Role.ADMIN}
    ):
        raise PermissionDenied(_("Only the request's owner or the director can hand it over."))
    if new_owner.school_id != request.school_id or not new_owner.role_codes & DISPATCHERS:
        raise ValidationError(
            _("A request can be handed to logistics staff or the director of this school."),
            code="new_owner",
        )
    if new_owner.pk == request.owner_id:
        raise ValidationError(_("That person already owns this request."), code="same_owner")
    previous = request.owner
    request.owner = new_owner
    request.save()
    text = _("From %(old)s to %(new)s.") % {"old": previous, "new": new_owner}
    _record(
        request,
        kind="handed_over",
        actor=actor,
        before=request.status,
        note=f"{text} {note}".strip(),
    )
    _tell(
        request,
        [new_owner],
        _("Repair request %(number)s handed over to you") % {"number": request.number},
        note,
    )
    return request


@transaction.atomic
def repair_request_reject(*, request: RepairRequest, actor: User, reason: str) -> RepairRequest:
    """Refuse a request (not a repair for the office, already planned...) with a stated reason."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."), code="reason")
    request = _lock(request)
    _require_dispatcher(actor, request)
    _check_from(request, "rejected", {Status.SUBMITTED, Status.ACCEPTED})
    before = request.status
    request.status = Status.REJECTED
    request.reject_reason = reason.strip()
    request.owner = request.owner or actor
    request.responded_at = request.responded_at or timezone.now()
    request.save()
    _return_asset(request, actor)
    _record(request, kind="rejected", actor=actor, before=before, note=request.reject_reason)
    _tell(
        request,
        [request.reporter],
        _("Your repair request %(number)s was rejected") % {"number": request.number},
        request.reject_reason,
    )
    return request


@transaction.atomic
def repair_request_mark_duplicate(
    *, request: RepairRequest, original: RepairRequest, actor: User, note: str = ""
) -> RepairRequest:
    """Close a request as a duplicate of another one of the same school (linked)."""
    if original.pk == request.pk or original.school_id != request.school_id:
        raise ValidationError(_("Choose another request of this school."), code="original")
    if original.status in (Status.DUPLICATE, Status.REJECTED):
        raise ValidationError(
            _("The original must be a request that is being handled."), code="original"
        )
    request = _lock(request)
    _require_dispatcher(actor, request)
    _check_from(request, "marked_duplicate", {Status.SUBMITTED, Status.ACCEPTED})
    before = request.status
    request.status = Status.DUPLICATE
    request.duplicate_of = original
    request.owner = request.owner or actor
    request.responded_at = request.responded_at or timezone.now()
    request.save()
    _return_asset(request, actor)
    _record(
        request,
        kind="marked_duplicate",
        actor=actor,
        before=before,
        note=f"{original.number} {note}".strip(),
    )
    _tell(
        request,
        [request.reporter],
        _("Your repair request %(number)s is already reported as %(original)s")
        % {"number": request.number, "original": original.number},
        note,
    )
    return request


# ---- the work ----
@transaction.atomic
def repair_request_start(*, request: RepairRequest, actor: User, note: str = "") -> RepairRequest:
    request = _lock(request)
    _require_worker(actor, request)
    _check_from(request, "started", {Status.ASSIGNED, Status.REOPENED})
    if request.assignee_id is None:
        raise ValidationError(_("Assign the request first."), code="not_assigned")
    before = request.status
    request.status = Status.IN_PROGRESS
    request.started_at = request.started_at or timezone.now()
    request.save()
    _record(request, kind="started", actor=actor, before=before, note=note)
    return request


def work_record_add(
    *,
    request: RepairRequest,
    actor: User,
    description: str,
    minutes: int,
    cost: Decimal = Decimal("0"),
    parts: Sequence[tuple[Consumable, Decimal]] = (),
    photos: Sequence = (),
    photo_kind: str = PhotoKind.AFTER,
) -> WorkRecord:
    """Note work done. Parts are issued from consumable stock (which goes down); when any part
    is short, nothing is recorded and the stock is unchanged."""
    _require_worker(actor, RepairRequest.objects.get(pk=request.pk))
    if not description or not description.strip():
        raise ValidationError(_("Say what was done."), code="description")
    if not isinstance(minutes, int) or not 1 <= minutes <= 10000:
        raise ValidationError(_("Time spent must be between 1 and 10000 minutes."), code="minutes")
    cost = Decimal(cost or 0)
    if cost < 0:
        raise ValidationError(_("The cost cannot be negative."), code="cost")
    if photo_kind not in (PhotoKind.BEFORE, PhotoKind.AFTER):
        raise ValidationError(_("Unknown photo kind."), code="photo_kind")
    names = _store_photos(_validated_photos(photos))
    try:
        return _work_record_save(
            request=request,
            actor=actor,
            description=description.strip(),
            minutes=minutes,
            cost=cost,
            parts=[(item, Decimal(qty)) for item, qty in parts if qty],
            photo_names=names,
            photo_kind=photo_kind,
        )
    except BaseException:
        _discard_photos(names)
        raise


@transaction.atomic
def _work_record_save(
    *, request, actor, description, minutes, cost, parts, photo_names, photo_kind
):
    request = _lock(request)
    _require_worker(actor, request)
    _check_from(request, "work_recorded", {Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED})
    slip = None
    parts_cost = Decimal("0")
    if parts:
        slip = asset_services.consumable_issue(
            school=request.school,
            actor=actor,
            lines=parts,
            recipient=actor,
            reason=_("Repair %(number)s") % {"number": request.number},
            reference=request.number,
        )
        parts_cost = sum(
            (line.quantity * line.unit_price for line in slip.lines.all()), Decimal("0")
        )
    record = WorkRecord.objects.create(
        request=request,
        school_id=request.school_id,
        worker=actor,
        description=description,
        minutes=minutes,
        cost=cost,
        parts_cost=parts_cost.quantize(Decimal("0.01")),
        stock_slip=slip,
    )
    _save_photos(request, photo_names, kind=photo_kind, actor=actor, work_record=record)
    _record(request, kind="work_recorded", actor=actor, before=request.status, note=description)
    return record


def _return_asset(request: RepairRequest, actor: User) -> None:
    if request.asset_id:
        asset_services.asset_back_from_repair(
            asset=request.asset, actor=actor, reason=_("Repair %s finished") % request.number
        )


@transaction.atomic
def repair_request_finish(*, request: RepairRequest, actor: User, note: str = "") -> RepairRequest:
    """Mark the work done: the asset comes back from repair and the reporter is asked to confirm."""
    request = _lock(request)
    _require_worker(actor, request)
    _check_from(request, "done", {Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED})
    before = request.status
    request.status = Status.DONE
    request.finished_at = timezone.now()
    request.started_at = request.started_at or request.finished_at
    request.save()
    _return_asset(request, actor)
    _record(request, kind="done", actor=actor, before=before, note=note)
    _tell(
        request,
        [request.reporter, request.owner],
        _("Repair %(number)s is done: please confirm and rate it") % {"number": request.number},
        note,
    )
    return request


# ---- the reporter ----
@transaction.atomic
def repair_request_confirm(
    *, request: RepairRequest, actor: User, rating: int, comment: str = ""
) -> RepairRequest:
    """The reporter confirms the repair and rates it 1–5 (with an optional comment)."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(_("The rating must be a whole number from 1 to 5."), code="rating")
    request = _lock(request)
    _require_reporter(actor, request)
    _check_from(request, "confirmed", {Status.DONE})
    before = request.status
    request.status = Status.CONFIRMED
    request.rating = rating
    request.rating_comment = (comment or "").strip()
    request.confirmed_at = timezone.now()
    request.save()
    _record(
        request,
        kind="confirmed",
        actor=actor,
        before=before,
        note=f"{rating}/5 {request.rating_comment}".strip(),
    )
    _tell(
        request,
        [request.owner, request.assignee],
        _("Repair %(number)s confirmed, rated %(rating)s/5")
        % {"number": request.number, "rating": rating},
        request.rating_comment,
    )
    return request


@transaction.atomic
def repair_request_reopen(*, request: RepairRequest, actor: User, reason: str) -> RepairRequest:
    """The fault came back: the reporter reopens the request within the school's reopen window."""
    if not reason or not reason.strip():
        raise ValidationError(_("Say what is still wrong."), code="reason")
    request = _lock(request)
    _require_reporter(actor, request)
    _check_from(request, "reopened", {Status.DONE, Status.CONFIRMED})
    window = settings_for(request.school).reopen_days
    if request.finished_at and timezone.now() > request.finished_at + dt.timedelta(days=window):
        raise ValidationError(
            _(
                "A request can be reopened within %(days)s days of the repair; please file a new one."
            )
            % {"days": window},
            code="reopen_window",
        )
    before = request.status
    request.status = Status.REOPENED
    request.reopened_count += 1
    request.confirmed_at = None
    request.auto_confirmed = False
    request.rating = None
    request.rating_comment = ""
    request.finished_at = None
    request.finish_warned_at = request.finish_breached_at = None
    rules = settings_for(request.school)
    request.finish_due_at = Calendar.for_school(request.school, rules).end_of_working_day(
        timezone.now(), rules.finish_days(request.priority)
    )
    request.save()
    if request.asset_id:
        asset_services.asset_send_to_repair(
            asset=request.asset,
            actor=actor,
            reason=_("Repair request %s reopened") % request.number,
        )
    _record(request, kind="reopened", actor=actor, before=before, note=reason.strip())
    _tell(
        request,
        [request.owner, request.assignee],
        _("Repair request %(number)s was reopened") % {"number": request.number},
        reason,
    )
    return request


@transaction.atomic
def repair_request_auto_confirm(*, request: RepairRequest) -> RepairRequest | None:
    """Confirm a request left 'done' past the school's limit (no rating). None if it moved on."""
    request = _lock(request)
    if request.status != Status.DONE:
        return None
    request.status = Status.CONFIRMED
    request.confirmed_at = timezone.now()
    request.auto_confirmed = True
    request.save()
    _record(request, kind="auto_confirmed", actor=None, before=Status.DONE)
    return request


def can_dispatch(user: User) -> bool:
    return access.can(user, RepairRequest, "dispatch")
