"""Hygiene rules (issue 11, points 4–7): disinfection, certificates and the morning check, 陪餐,
the daily checks' flags (once only) and the canteen checklists on safety's templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from canteen import selectors
from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HygieneFlag,
    MonthlyReview,
    MorningCheck,
)
from canteen.selectors import served_meals
from canteen.services import hygiene as services
from core.choices import Role, RoomType
from core.models import Notification
from core.workflow import TransitionRefused
from safety.generation import rounds_generate
from safety.models import Hazard, InspectionTask, InspectionTemplate
from safety.services import inspection_answer
from tests.canteen.factories_hygiene import (
    SCHOOL_DAY,
    BatchFactory,
    CertificateFactory,
    MealFactory,
    StaffFactory,
    method_of,
    serve,
)
from tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def manager(make_user):
    return make_user(Role.CANTEEN_MANAGER)


@pytest.fixture
def cook(make_user):
    return make_user(Role.CANTEEN)


@pytest.fixture
def principal(make_user):
    return make_user(Role.PRINCIPAL)


# ---- disinfection ---------------------------------------------------------------------------


def test_the_default_methods_are_seeded_once_and_stay_editable(school):
    services.default_methods_ensure(school_id=school.pk)
    rows = {
        m.name: (m.min_temperature_c, m.min_seconds, m.min_concentration_mg_l)
        for m in DisinfectionMethod.objects.filter(school=school)
    }
    assert rows == {
        "煮沸或蒸汽消毒": (Decimal("100.0"), 600, None),
        "红外线消毒柜": (Decimal("120.0"), 600, None),
        "洗碗机消毒": (Decimal("85.0"), 40, None),
        "含氯消毒液浸泡": (None, 300, Decimal("250.0")),
    }
    DisinfectionMethod.objects.filter(school=school, name="洗碗机消毒").update(min_seconds=60)
    services.default_methods_ensure(school_id=school.pk)
    assert DisinfectionMethod.objects.filter(school=school).count() == 4
    assert DisinfectionMethod.objects.get(school=school, name="洗碗机消毒").min_seconds == 60


def _post_batch(client, user, **data):
    client.force_login(user)
    body = {"day": SCHOOL_DAY.isoformat(), "meal": "lunch", "minutes": 0, "seconds": 0, **data}
    return client.post(reverse("canteen:disinfectionbatch_add"), body)


def test_a_batch_below_the_minimum_is_saved_flagged_and_a_re_disinfection_closes_it(
    client, school, cook, manager
):
    washer = method_of(school, "洗碗机消毒")
    operator = StaffFactory(school=school)
    response = _post_batch(
        client, cook, method=washer.pk, temperature_c="80", seconds="45", operator=operator.pk
    )
    assert response.status_code == 302
    low = DisinfectionBatch.objects.get()
    assert low.below_minimum and low.is_open and "85" in low.shortfall
    assert low.recorded_by == cook
    assert Notification.objects.filter(recipient=manager, url=low.get_absolute_url()).exists()
    # The detail page asks for the re-disinfection, one tap away.
    page = client.get(low.get_absolute_url())
    assert b'data-testid="redo"' in page.content
    # A second low batch does not fix it; a compliant one does.
    _post_batch(
        client,
        cook,
        method=washer.pk,
        temperature_c="84",
        seconds="50",
        operator=operator.pk,
        fixes=low.pk,
    )
    low.refresh_from_db()
    assert low.is_open
    _post_batch(
        client,
        cook,
        method=washer.pk,
        temperature_c="86",
        seconds="50",
        operator=operator.pk,
        fixes=low.pk,
    )
    low.refresh_from_db()
    assert not low.is_open and low.resolved_at is not None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"temperature_c": "1000", "minutes": "15"}, "temperature_c"),  # 100.0 typed as 1000
        ({"temperature_c": "125", "minutes": "900"}, "minutes"),
        ({"temperature_c": "125", "minutes": "10", "seconds": "75"}, "seconds"),
        ({"minutes": "15"}, "temperature_c"),  # the cabinet needs its temperature
        ({"temperature_c": "125"}, "minutes"),  # and its time
    ],
)
def test_implausible_or_missing_parameters_are_refused_and_nothing_is_saved(
    client, school, cook, data, field
):
    cabinet = method_of(school)
    response = _post_batch(
        client, cook, method=cabinet.pk, operator=StaffFactory(school=school).pk, **data
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not DisinfectionBatch.objects.exists()


def test_only_a_flagged_batch_can_be_re_disinfected(school, cook):
    good = BatchFactory(school=school)
    batch = DisinfectionBatch(
        school=school,
        day=SCHOOL_DAY,
        meal="lunch",
        method=good.method,
        temperature_c=125,
        minutes=15,
        operator=good.operator,
        fixes=good,
    )
    with pytest.raises(ValidationError) as refused:
        batch.full_clean()
    assert "fixes" in refused.value.message_dict


def test_the_api_refuses_1000_degrees_with_a_chinese_sentence(client, school, cook):
    client.force_login(cook)
    body = {
        "day": SCHOOL_DAY.isoformat(),
        "meal": "lunch",
        "method": method_of(school).pk,
        "temperature_c": "1000",
        "minutes": 15,
        "seconds": 0,
        "operator": StaffFactory(school=school).pk,
    }
    with translation.override("zh-hans"):
        response = client.post(
            reverse("canteen-api:disinfectionbatch-list"),
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 400
    assert "temperature_c" in response.json()["fields"]
    assert not DisinfectionBatch.objects.exists()


def test_the_api_flags_a_low_batch_like_the_page(client, school, cook):
    client.force_login(cook)
    body = {
        "day": SCHOOL_DAY.isoformat(),
        "meal": "lunch",
        "method": method_of(school).pk,
        "temperature_c": "110",
        "minutes": 15,
        "seconds": 0,
        "operator": StaffFactory(school=school).pk,
    }
    response = client.post(
        reverse("canteen-api:disinfectionbatch-list"), body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["below_minimum"] is True
    assert DisinfectionBatch.objects.get().recorded_by == cook


# ---- health certificates and the morning check ----------------------------------------------


def test_a_certificate_is_valid_one_year_by_default(school):
    cert = CertificateFactory(staff__school=school, issued_on=dt.date(2026, 3, 10))
    assert cert.valid_until == dt.date(2027, 3, 9)
    leap = CertificateFactory(staff__school=school, issued_on=dt.date(2028, 2, 29))
    assert leap.valid_until == dt.date(2029, 2, 28)


def test_a_morning_check_passed_for_an_expired_certificate_is_refused(school, cook):
    expired = CertificateFactory(
        staff__school=school, issued_on=SCHOOL_DAY - dt.timedelta(days=400)
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.morning_check_record(
            school_id=school.pk, staff=expired.staff, day=SCHOOL_DAY, fit=True, actor=cook
        )
    assert "健康证" in " ".join(refused.value.messages)
    assert not MorningCheck.objects.exists()
    nobody = StaffFactory(school=school)  # no certificate at all
    with pytest.raises(ValidationError):
        services.morning_check_record(
            school_id=school.pk, staff=nobody, day=SCHOOL_DAY, fit=True, actor=cook
        )
    # Unfit is recorded for them (moved off food handling), with the reason and the action.
    check = services.morning_check_record(
        school_id=school.pk,
        staff=expired.staff,
        day=SCHOOL_DAY,
        fit=False,
        actor=cook,
        reason="other",
        action="moved",
    )
    assert check.pk and check.checked_by == cook


def test_unfit_needs_a_reason_and_an_action_and_a_person_is_checked_once_a_day(school, cook):
    cert = CertificateFactory(staff__school=school, issued_on=SCHOOL_DAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError) as refused:
        services.morning_check_record(
            school_id=school.pk, staff=cert.staff, day=SCHOOL_DAY, fit=False, actor=cook
        )
    assert set(refused.value.message_dict) == {"reason", "action"}
    services.morning_check_record(
        school_id=school.pk, staff=cert.staff, day=SCHOOL_DAY, fit=True, actor=cook
    )
    with pytest.raises(ValidationError, match="already checked"):
        services.morning_check_record(
            school_id=school.pk, staff=cert.staff, day=SCHOOL_DAY, fit=True, actor=cook
        )
    assert MorningCheck.objects.count() == 1


def test_the_phone_screen_refuses_fit_for_an_expired_certificate(client, school, cook):
    expired = CertificateFactory(
        staff__school=school, issued_on=dt.date.today() - dt.timedelta(days=400)
    )
    client.force_login(cook)
    page = client.get(reverse("canteen:morning_today"))
    assert b'data-testid="no-certificate"' in page.content
    response = client.post(reverse("canteen:morning_today"), {"staff": expired.staff.pk})
    assert response.status_code == 400
    assert not MorningCheck.objects.exists()


def test_the_api_refuses_fit_for_an_expired_certificate(client, school, cook):
    expired = CertificateFactory(
        staff__school=school, issued_on=SCHOOL_DAY - dt.timedelta(days=400)
    )
    client.force_login(cook)
    response = client.post(
        reverse("canteen-api:morningcheck-list"),
        {"day": SCHOOL_DAY.isoformat(), "staff": expired.staff.pk, "fit": True},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "fit" in response.json()["fields"]
    assert not MorningCheck.objects.exists()


def test_expiring_certificates_are_notified_once_and_a_renewed_one_not_at_all(school, manager):
    from core.models import Robot, RobotMessage

    robot = Robot.objects.create(
        school=school,
        kind="wecom",
        name="食堂群",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        events=["health_certificate_expiring"],
    )
    today = dt.date(2026, 11, 20)
    soon = CertificateFactory(staff__school=school, issued_on=dt.date(2025, 12, 1))  # 2026-11-30
    renewed = CertificateFactory(staff__school=school, issued_on=dt.date(2025, 12, 5))
    CertificateFactory(staff=renewed.staff, issued_on=dt.date(2026, 11, 1))
    CertificateFactory(staff__school=school, issued_on=dt.date(2026, 6, 1))  # far off
    assert services.certificates_notify(today=today) == 1
    assert services.certificates_notify(today=today) == 0
    notices = Notification.objects.filter(recipient=manager)
    assert [n.url for n in notices] == [soon.get_absolute_url()]
    (message,) = RobotMessage.objects.filter(robot=robot)  # the group robot told once too
    assert message.event == "health_certificate_expiring" and soon.staff.name in message.title


# ---- 陪餐 --------------------------------------------------------------------------------------


def test_only_a_leader_logs_a_leaders_meal_and_a_parent_needs_a_name(school, cook, principal):
    meal = AccompaniedMeal(school=school, day=SCHOOL_DAY, meal="lunch", kind="leader", leader=cook)
    with pytest.raises(ValidationError) as refused:
        meal.full_clean()
    assert "leader" in refused.value.message_dict
    parent = AccompaniedMeal(school=school, day=SCHOOL_DAY, meal="lunch", kind="parent")
    with pytest.raises(ValidationError) as refused:
        parent.full_clean()
    assert "parent_name" in refused.value.message_dict
    ok = AccompaniedMeal(
        school=school, day=SCHOOL_DAY, meal="lunch", kind="leader", leader=principal
    )
    ok.full_clean()


def test_a_problem_stays_open_until_the_canteen_records_how_it_was_dealt_with(
    client, school, principal, manager, cook
):
    client.force_login(principal)
    response = client.post(
        reverse("canteen:accompaniedmeal_add"),
        {
            "day": SCHOOL_DAY.isoformat(),
            "meal": "lunch",
            "kind": "leader",
            "leader": principal.pk,
            "taste": "偏咸",
            "problems": "汤里有头发",
        },
    )
    assert response.status_code == 302
    meal = AccompaniedMeal.objects.get()
    assert meal.status == "open"
    assert Notification.objects.filter(recipient=manager, url=meal.get_absolute_url()).exists()
    step = reverse("canteen:accompaniedmeal_step", args=[meal.pk, "resolve"])
    # The leader who found it, and canteen staff, cannot close it; an empty note is refused.
    assert client.post(step, {"note": "已处理"}).status_code == 403
    client.force_login(cook)
    assert client.post(step, {"note": "已处理"}).status_code == 403
    with pytest.raises(ValidationError):
        services.meal_problem_resolve(meal=meal, actor=manager, note=" ")
    client.force_login(manager)
    assert client.post(step, {"note": "约谈厨师，要求佩戴工作帽"}).status_code == 302
    meal.refresh_from_db()
    assert (meal.status, meal.resolved_by) == ("resolved", manager)
    assert Notification.objects.filter(recipient=principal).exists()
    with pytest.raises(TransitionRefused):
        services.meal_problem_resolve(meal=meal, actor=manager, note="again")


def test_the_api_resolves_a_problem(client, school, manager):
    meal = MealFactory(school=school, problems="米饭夹生")
    client.force_login(manager)
    url = reverse("canteen-api:accompaniedmeal-detail", args=[meal.pk]) + "resolve/"
    response = client.post(url, {"note": "重新蒸煮"}, content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "resolved"


# ---- the daily check ------------------------------------------------------------------------


def test_meals_served_without_disinfection_or_a_leader_are_flagged_once(
    school, other_school, manager, principal
):
    serve(school)  # breakfast and lunch
    serve(other_school, meals=("lunch",))
    BatchFactory(school=school, meal="lunch")
    MealFactory(school=school, meal="lunch", kind="leader", leader=principal, parent_name="")
    MealFactory(school=school, meal="breakfast")  # a parent: not a leader's record
    assert services.hygiene_check_day(day=SCHOOL_DAY) == 4
    flags = set(HygieneFlag.objects.values_list("school_id", "meal", "kind"))
    assert flags == {
        (school.pk, "breakfast", "no_disinfection"),
        (school.pk, "breakfast", "no_leader_meal"),
        (other_school.pk, "lunch", "no_disinfection"),
        (other_school.pk, "lunch", "no_leader_meal"),
    }
    assert Notification.objects.filter(recipient=manager).count() == 1
    # Run again (a second beat, a retried task): nothing new, nobody told twice.
    assert services.hygiene_check_day(day=SCHOOL_DAY) == 0
    assert HygieneFlag.objects.count() == 4
    assert Notification.objects.filter(recipient=manager).count() == 1


def test_a_day_that_is_not_a_school_day_is_not_flagged(school):
    serve(school)
    saturday = SCHOOL_DAY + dt.timedelta(days=3)
    serve(school, day=saturday)
    assert services.hygiene_check_day(day=saturday) == 0
    assert not HygieneFlag.objects.filter(day=saturday).exists()


def test_served_meal_keys_agree_with_served_meals(school, other_school):
    serve(school)
    serve(school, day=SCHOOL_DAY + dt.timedelta(days=1), meals=("lunch",))
    serve(school, day=SCHOOL_DAY + dt.timedelta(days=3))  # Saturday: not served
    serve(other_school, meals=("dinner", "lunch"))  # dinner is not served by default
    first, last = SCHOOL_DAY - dt.timedelta(days=2), SCHOOL_DAY + dt.timedelta(days=4)
    keys = selectors.served_meal_keys([school.pk, other_school.pk], first, last)
    expected = set()
    day = first
    while day <= last:
        for school_id, meals in served_meals([school.pk, other_school.pk], day).items():
            expected |= {(school_id, day, m.meal) for m in meals}
        day += dt.timedelta(days=1)
    assert set(keys) == expected and len(keys) == 4


# ---- 日管控、周排查、月调度 ------------------------------------------------------------------------


def test_the_canteen_checklists_make_rounds_for_the_manager_and_a_failure_opens_a_hazard(
    school, manager, make_user
):
    director = make_user(Role.DIRECTOR)
    with pytest.raises(ValidationError, match="canteen"):
        services.checklists_install(school=school, actor=director)
    kitchen = RoomFactory(
        building__campus__school=school, school=school, room_type=RoomType.CANTEEN
    )
    assert services.checklists_install(school=school, actor=director) == 3
    assert services.checklists_install(school=school, actor=director) == 0  # idempotent
    templates = InspectionTemplate.objects.filter(school=school)
    assert {(t.frequency, t.is_active, t.default_assignee_id) for t in templates} == {
        ("daily", True, manager.pk),
        ("weekly", True, manager.pk),
        ("monthly", True, manager.pk),
    }
    serve(school)
    rounds_generate(today=SCHOOL_DAY, school_ids=[school.pk])
    daily = InspectionTask.objects.get(template__name=services.DAILY_NAME, due_date=SCHOOL_DAY)
    assert (daily.room, daily.assignee) == (kitchen, manager)
    item = daily.template.items.get(position=4)
    inspection_answer(task=daily, item=item, result="fail", note="消毒柜未通电", actor=manager)
    assert Hazard.objects.filter(school=school, room=kitchen, source_answer__task=daily).exists()


def test_a_monthly_review_belongs_to_a_round_of_the_review_checklist(school, make_user):
    director = make_user(Role.DIRECTOR)
    make_user(Role.CANTEEN_MANAGER)
    RoomFactory(building__campus__school=school, school=school, room_type=RoomType.CANTEEN)
    services.checklists_install(school=school, actor=director)
    day = dt.date(2026, 11, 30)  # the 28th is a Saturday: the next school day
    serve(school, day=day)
    rounds_generate(today=day, school_ids=[school.pk])
    monthly = InspectionTask.objects.get(template__name=services.MONTHLY_NAME)
    daily = InspectionTask.objects.filter(template__name=services.DAILY_NAME).first()
    review = MonthlyReview(
        school=school,
        task=daily,
        held_on=day,
        attendees="校长、总务主任、食堂管理员",
        risks="夏季食材易变质",
        measures="加强进货查验",
    )
    with pytest.raises(ValidationError) as refused:
        review.full_clean()
    assert "task" in refused.value.message_dict
    review.task = monthly
    review.full_clean()
    review.save()


def test_the_daily_check_reads_the_same_queries_for_one_and_many_schools(school, principal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import SchoolFactory

    def complete(s, leader):
        serve(s)
        for meal in ("breakfast", "lunch"):
            BatchFactory(school=s, meal=meal)
            MealFactory(school=s, meal=meal, kind="leader", leader=leader, parent_name="")

    def queries(ids):
        with CaptureQueriesContext(connection) as captured:
            assert services.hygiene_check_day(day=SCHOOL_DAY, school_ids=ids) == 0
        return len(captured)

    complete(school, principal)
    one = queries([school.pk])
    others = [SchoolFactory() for _ in range(6)]
    for other in others:
        complete(other, principal)
    assert queries([school.pk, *[o.pk for o in others]]) == one
