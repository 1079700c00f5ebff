"""The repair workflow: numbers, transitions, ownership, assets, stock, refusals."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assets.models import Asset
from core.models import Notification
from core.workflow import TransitionRefused
from repairs import services
from repairs.choices import Priority, Status
from repairs.models import RepairEvent, RepairRequest
from tests.factories import SchoolFactory
from tests.repairs.factories import (
    AssetFactory,
    consumable,
    file_request,
    people,
    photo_upload,
    room_of,
)


def snapshot(request: RepairRequest) -> dict:
    fresh = RepairRequest.objects.get(pk=request.pk)
    return {
        f.attname: getattr(fresh, f.attname)
        for f in RepairRequest._meta.concrete_fields
        if f.attname != "updated_at"
    }


def run_to_done(request, crew):
    request = services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    request = services.repair_request_start(request=request, actor=crew["worker"])
    return services.repair_request_finish(request=request, actor=crew["worker"])


@pytest.mark.django_db
def test_filing_gives_a_number_at_once_and_numbers_run_per_day(school, crew):
    first = file_request(school, crew["teacher"], photos=[photo_upload()])
    second = file_request(school, crew["teacher"])
    today = timezone.localdate()
    assert first.number == f"BX-{today:%Y%m%d}-0001"
    assert second.number == f"BX-{today:%Y%m%d}-0002"
    assert first.status == Status.SUBMITTED
    assert first.photos.count() == 1
    assert first.events.get().kind == "submitted"
    assert Notification.objects.filter(recipient=crew["logistics"]).count() == 2


@pytest.mark.django_db
def test_the_same_form_posted_twice_creates_one_request(school, crew):
    token = uuid.uuid4()
    room = room_of(school)
    one = file_request(school, crew["teacher"], room=room, client_token=token)
    two = file_request(school, crew["teacher"], room=room, client_token=token)
    assert one.pk == two.pk
    assert RepairRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_full_workflow_records_every_step(school, crew):
    request = file_request(school, crew["teacher"])
    request = services.repair_request_accept(request=request, actor=crew["logistics"])
    assert request.owner == crew["logistics"] and request.responded_at
    request = run_to_done(request, crew)
    request = services.repair_request_confirm(
        request=request, actor=crew["teacher"], rating=5, comment="修得很快"
    )
    assert request.status == Status.CONFIRMED and request.rating == 5
    kinds = list(request.events.values_list("kind", "from_status", "to_status"))
    assert kinds == [
        ("submitted", "", "submitted"),
        ("accepted", "submitted", "accepted"),
        ("assigned", "accepted", "assigned"),
        ("started", "assigned", "in_progress"),
        ("done", "in_progress", "done"),
        ("confirmed", "done", "confirmed"),
    ]
    assert Notification.objects.filter(recipient=crew["worker"]).exists()


@pytest.mark.django_db
def test_an_illegal_transition_is_refused_and_changes_nothing(school, crew):
    request = file_request(school, crew["teacher"])
    before = snapshot(request)
    with pytest.raises(TransitionRefused) as refused:
        services.repair_request_finish(request=request, actor=crew["logistics"])
    assert refused.value.code == "wrong_status" and refused.value.status_code == 409
    assert request.number in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.repair_request_confirm(request=request, actor=crew["teacher"], rating=5)
    assert snapshot(request) == before
    assert RepairEvent.objects.filter(request=request).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, -1, "5", None, 4.5])
def test_a_rating_outside_1_to_5_is_refused(school, crew, rating):
    request = run_to_done(file_request(school, crew["teacher"]), crew)
    before = snapshot(request)
    with pytest.raises(ValidationError) as refused:
        services.repair_request_confirm(request=request, actor=crew["teacher"], rating=rating)
    assert refused.value.code == "rating"
    assert snapshot(request) == before


@pytest.mark.django_db
def test_only_the_reporter_rates_and_reopens(school, crew):
    request = run_to_done(file_request(school, crew["teacher"]), crew)
    before = snapshot(request)
    for someone in (crew["logistics"], crew["worker"], crew["director"]):
        with pytest.raises(TransitionRefused):
            services.repair_request_confirm(request=request, actor=someone, rating=5)
        with pytest.raises(TransitionRefused):
            services.repair_request_reopen(request=request, actor=someone, reason="还是坏的")
    assert snapshot(request) == before


@pytest.mark.django_db
def test_a_teacher_or_worker_cannot_dispatch(school, crew):
    request = file_request(school, crew["teacher"])
    for someone in (crew["teacher"], crew["worker"]):
        with pytest.raises(TransitionRefused):
            services.repair_request_accept(request=request, actor=someone)
    other_worker = people(school)["worker"]
    request = services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    with pytest.raises(TransitionRefused):
        services.repair_request_start(request=request, actor=other_worker)


@pytest.mark.django_db
def test_the_first_responder_owns_it_until_an_explicit_hand_over(school, crew):
    request = services.repair_request_accept(
        request=file_request(school, crew["teacher"]), actor=crew["logistics"]
    )
    request = services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["director"]
    )
    assert request.owner == crew["logistics"]  # assigning does not change the owner
    colleague = people(school)["logistics"]
    with pytest.raises(TransitionRefused):
        services.repair_request_hand_over(request=request, new_owner=colleague, actor=colleague)
    with pytest.raises(ValidationError):
        services.repair_request_hand_over(
            request=request, new_owner=crew["teacher"], actor=crew["logistics"]
        )
    request = services.repair_request_hand_over(
        request=request, new_owner=colleague, actor=crew["logistics"], note="我出差三天"
    )
    assert request.owner == colleague
    event = request.events.get(kind="handed_over")
    assert event.actor == crew["logistics"] and "我出差三天" in event.note


@pytest.mark.django_db
def test_reject_needs_a_reason_and_duplicate_links_the_original(school, crew):
    original = file_request(school, crew["teacher"])
    copy = file_request(school, crew["teacher"])
    with pytest.raises(ValidationError):
        services.repair_request_reject(request=copy, actor=crew["logistics"], reason="  ")
    copy = services.repair_request_mark_duplicate(
        request=copy, original=original, actor=crew["logistics"]
    )
    assert copy.status == Status.DUPLICATE and copy.duplicate_of == original
    other = services.repair_request_reject(
        request=file_request(school, crew["teacher"]),
        actor=crew["logistics"],
        reason="属于基建项目",
    )
    assert other.status == Status.REJECTED and other.reject_reason == "属于基建项目"
    with pytest.raises(ValidationError):
        services.repair_request_accept(request=other, actor=crew["logistics"])


@pytest.mark.django_db
def test_a_request_on_an_asset_puts_it_under_repair_and_back(school, crew):
    asset = AssetFactory(school=school)
    request = file_request(school, crew["teacher"], room=None, asset=asset)
    assert request.room == asset.room
    services.repair_request_accept(request=request, actor=crew["logistics"])
    assert Asset.objects.get(pk=asset.pk).status == "under_repair"
    run_to_done(request, crew)
    assert Asset.objects.get(pk=asset.pk).status == "in_use"
    assert asset.repair_requests.count() == 1


@pytest.mark.django_db
def test_parts_lower_the_stock_and_a_shortage_changes_nothing(school, crew):
    bulbs = consumable(school, quantity="4")
    request = services.repair_request_assign(
        request=file_request(school, crew["teacher"]),
        assignee=crew["worker"],
        actor=crew["logistics"],
    )
    record = services.work_record_add(
        request=request,
        actor=crew["worker"],
        description="更换灯管两支",
        minutes=30,
        cost=Decimal("20"),
        parts=[(bulbs, Decimal("2"))],
        photos=[photo_upload()],
    )
    bulbs.refresh_from_db()
    assert bulbs.quantity_on_hand == 2
    assert record.parts_cost == Decimal("37.00")
    assert record.photos.get().kind == "after"
    before = snapshot(request)
    with pytest.raises(ValidationError) as refused:
        services.work_record_add(
            request=request,
            actor=crew["worker"],
            description="再换三支",
            minutes=20,
            parts=[(bulbs, Decimal("3"))],
        )
    assert refused.value.code == "insufficient_stock"
    bulbs.refresh_from_db()
    assert bulbs.quantity_on_hand == 2
    assert request.work.count() == 1
    assert snapshot(request) == before


@pytest.mark.django_db
def test_reopen_within_the_window_only(school, crew):
    request = run_to_done(file_request(school, crew["teacher"]), crew)
    request = services.repair_request_confirm(request=request, actor=crew["teacher"], rating=2)
    request = services.repair_request_reopen(
        request=request, actor=crew["teacher"], reason="又开始漏水"
    )
    assert request.status == Status.REOPENED and request.reopened_count == 1
    assert request.rating is None
    request = run_to_done_again(request, crew)
    RepairRequest.objects.filter(pk=request.pk).update(
        finished_at=timezone.now() - dt.timedelta(days=30)
    )
    with pytest.raises(ValidationError) as refused:
        services.repair_request_reopen(request=request, actor=crew["teacher"], reason="又坏了")
    assert refused.value.code == "reopen_window"


def run_to_done_again(request, crew):
    request = services.repair_request_start(request=request, actor=crew["worker"])
    return services.repair_request_finish(request=request, actor=crew["worker"])


@pytest.mark.django_db
def test_a_location_of_another_school_is_refused(school, crew):
    elsewhere = SchoolFactory()
    with pytest.raises(ValidationError) as refused:
        file_request(school, crew["teacher"], room=room_of(elsewhere))
    assert refused.value.code == "other_school"
    with pytest.raises(ValidationError):
        file_request(school, crew["teacher"], room=None, asset=AssetFactory(school=elsewhere))
    assert not RepairRequest.objects.exists()


@pytest.mark.django_db
def test_a_photo_that_is_not_an_image_is_refused_before_anything_is_written(school, crew):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("fault.jpg", b"not really a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        file_request(school, crew["teacher"], photos=[fake])
    assert refused.value.code == "not_image"
    assert not RepairRequest.objects.exists()


@pytest.mark.django_db
def test_staff_file_for_a_caller_who_then_rates(school, crew):
    request = file_request(school, crew["logistics"], on_behalf_of=crew["teacher"])
    assert request.reporter == crew["teacher"] and request.filed_by == crew["logistics"]
    assert request.source == "phone"
    with pytest.raises(PermissionDenied):
        file_request(school, crew["teacher"], on_behalf_of=crew["worker"])


@pytest.mark.django_db
def test_urgent_priority_on_accept_recomputes_the_targets(school, crew):
    request = file_request(school, crew["teacher"], urgency=Priority.LOW)
    low_due = request.finish_due_at
    request = services.repair_request_accept(
        request=request, actor=crew["logistics"], priority=Priority.URGENT
    )
    assert request.finish_due_at < low_due
