"""Meal costs on a known data set, the metrics, licence notices and the monthly disclosure."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from canteen.models import CostDisclosure, SupplierLicenceNotice
from canteen.models.acceptance import add_months
from canteen.services import acceptance as services
from core import metrics
from core.choices import Role
from core.metrics import Period
from core.models import Notification
from tests.canteen.factories_acceptance import (
    delivery_of,
    diners,
    income,
    line,
    supplier_of,
)
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
MONTH = add_months(timezone.localdate().replace(day=1), -1)  # last month: every day is past


def _day(n: int) -> dt.date:
    return MONTH + dt.timedelta(days=n)


def _known_month(school):
    """Income 30,000.00; accepted 520.00 rice + 70.00 vegetables + 294.00 eggs = 884.00 (a refused
    line and last month's delivery do not count); 851 meals eaten."""
    income(school, MONTH, "30000.00")
    rice = line(
        product="大米",
        category="rice",
        quantity=Decimal("100"),
        unit_price=Decimal("5.20"),
        production_date=_day(2),
        shelf_life_days=365,
    )
    greens = line(quantity=Decimal("20"), unit_price=Decimal("3.50"), production_date=_day(2))
    tofu = line(
        product="豆腐",
        category="other",
        quantity=Decimal("10"),
        unit_price=Decimal("8.00"),
        production_date=_day(2),
        result="refused",
        refusal_reason="有异味",
        refused_action="destroyed",
    )
    delivery_of(school, date=_day(2), lines=[rice, greens, tofu])
    eggs = line(
        product="鸡蛋",
        category="eggs",
        quantity=Decimal("30"),
        unit_price=Decimal("9.80"),
        production_date=_day(3),
        shelf_life_days=30,
    )
    delivery_of(school, date=_day(3), lines=[eggs])
    before = MONTH - dt.timedelta(days=1)
    delivery_of(
        school, date=before, lines=[line(production_date=before, unit_price=Decimal("2.00"))]
    )
    diners(school, _day(2), "lunch", 300, 20)
    diners(school, _day(3), "lunch", 310, 20)
    diners(school, _day(3), "breakfast", 200, 1)


def test_the_months_figures_on_a_known_data_set(school):
    _known_month(school)
    empty = SchoolFactory()
    found = services.month_costs([school.pk, empty.pk], MONTH)
    costs = found[school.pk]
    assert costs.income == Decimal("30000.00") and costs.food_cost == Decimal("884.00")
    assert costs.meals == 851
    assert costs.cost_per_meal == Decimal("1.04")  # 884 / 851 = 1.0388…
    assert costs.balance == Decimal("29116.00")
    assert all(isinstance(v, Decimal) for v in (costs.income, costs.food_cost, costs.balance))
    nothing = found[empty.pk]
    assert (
        nothing.income,
        nothing.food_cost,
        nothing.meals,
        nothing.cost_per_meal,
        nothing.balance,
    ) == (None, Decimal("0.00"), 0, None, None)
    assert services.spending_by_category(school.pk, MONTH) == [
        ("大米", Decimal("520.00")),
        ("蛋类", Decimal("294.00")),
        ("蔬菜", Decimal("70.00")),
    ]


def test_the_figures_cost_three_queries_for_any_number_of_schools(school):
    _known_month(school)
    schools = [school.pk, *(SchoolFactory().pk for _ in range(19))]
    with CaptureQueriesContext(connection) as one:
        services.month_costs([school.pk], MONTH)
    with CaptureQueriesContext(connection) as twenty:
        services.month_costs(schools, MONTH)
    assert len(one) == len(twenty) == 3


def test_the_costs_page_shows_them(client, school, make_user):
    _known_month(school)
    client.force_login(make_user(Role.PRINCIPAL))
    page = client.get("/canteen/costs/", {"month": f"{MONTH:%Y-%m}"}).content.decode()
    for shown in ("30,000.00", "884.00", "851", "1.04", "29,116.00"):
        assert shown in page


class TestMetrics:
    def _values(self, key, school_ids):
        return metrics.get(key).values(school_ids, Period.month(MONTH.year, MONTH.month))

    def test_values_and_no_data(self, school):
        _known_month(school)
        empty = SchoolFactory().pk
        assert self._values("canteen.cost_per_meal", [school.pk, empty]) == {
            school.pk: Decimal("1.04"),
            empty: None,
        }
        assert self._values("canteen.food_cost", [school.pk, empty]) == {
            school.pk: Decimal("884.00"),
            empty: 0,
        }
        assert self._values("canteen.goods_refused", [school.pk, empty]) == {school.pk: 1, empty: 0}

    def test_the_link_lists_the_counted_rows(self, client, school, make_user):
        _known_month(school)
        client.force_login(make_user(Role.DIRECTOR))
        period = Period.month(MONTH.year, MONTH.month)
        refused = client.get(metrics.get("canteen.goods_refused").link(period))
        assert [values[2] for _pk, values in refused.context["rows"]] == ["豆腐"]
        accepted = client.get(metrics.get("canteen.food_cost").link(period))
        assert sum(values[8] for _pk, values in accepted.context["rows"]) == Decimal("884.00")

    def test_licences_due_and_its_list(self, client, school, make_user):
        today = timezone.localdate()
        supplier_of(school, name="将到期", licence_expiry=today + dt.timedelta(days=10))
        supplier_of(school, name="已过期", licence_expiry=today - dt.timedelta(days=1))
        supplier_of(school, name="还早", licence_expiry=today + dt.timedelta(days=60))
        gone = supplier_of(school, name="已停用", licence_expiry=today)
        gone.archived_at = timezone.now()
        gone.save()
        assert self._values("canteen.licences_due", [school.pk]) == {school.pk: 2}
        client.force_login(make_user(Role.CANTEEN_MANAGER))
        listed = client.get(metrics.get("canteen.licences_due").link(Period.current_month()))
        assert {values[0] for _pk, values in listed.context["rows"]} == {"已过期", "将到期"}

    @pytest.mark.parametrize(
        "key",
        [
            "canteen.cost_per_meal",
            "canteen.food_cost",
            "canteen.goods_refused",
            "canteen.licences_due",
        ],
    )
    def test_constant_queries_for_1_2_and_20_schools(self, key, school):
        _known_month(school)
        counts = []
        for n in (1, 2, 20):
            ids = [school.pk, *(SchoolFactory().pk for _ in range(n - 1))]
            with CaptureQueriesContext(connection) as captured:
                self._values(key, ids)
            counts.append(len(captured))
        assert len(set(counts)) == 1


class TestLicenceNotices:
    def test_told_once_per_supplier_and_expiry(self, school):
        manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
        director = UserFactory(school=school, roles=[Role.DIRECTOR])
        today = timezone.localdate()
        soon = supplier_of(school, licence_expiry=today + dt.timedelta(days=30))
        supplier_of(school, licence_expiry=today + dt.timedelta(days=31))
        assert services.notify_expiring_licences() == 1
        told = Notification.objects.filter(title__contains=soon.name)
        assert {n.recipient_id for n in told} == {manager.pk, director.pk}
        assert services.notify_expiring_licences() == 0  # the next day's run: nothing new
        soon.licence_expiry = today + dt.timedelta(days=20)  # a corrected date is told again
        soon.save()
        assert services.notify_expiring_licences() == 1
        assert SupplierLicenceNotice.objects.filter(supplier=soon).count() == 2

    def test_the_schools_robots_are_told_once_per_expiry(self, school):
        from core.models import Robot, RobotMessage

        robot = Robot.objects.create(
            school=school,
            kind="wecom",
            name="总务群",
            webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
            events=["supplier_licence_expiring"],
        )
        soon = supplier_of(school, licence_expiry=timezone.localdate() + dt.timedelta(days=10))
        services.notify_expiring_licences()
        services.notify_expiring_licences()
        (message,) = RobotMessage.objects.filter(robot=robot)
        assert soon.name in message.title and message.event == "supplier_licence_expiring"

    def test_the_celery_task_runs_the_service(self, school):
        from canteen.tasks import notify_licences

        supplier_of(school, licence_expiry=timezone.localdate())
        assert notify_licences.apply().get() == 1


class TestDisclosure:
    def test_figures_are_kept_once_published_and_printed_as_a_notice(self, client, school):
        _known_month(school)
        manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
        principal = UserFactory(school=school, roles=[Role.PRINCIPAL])
        draft = services.disclosure_draft(actor=manager, month=_day(9))
        assert (draft.month, draft.food_cost, draft.income, draft.balance) == (
            MONTH,
            Decimal("884.00"),
            Decimal("30000.00"),
            Decimal("29116.00"),
        )
        delivery_of(
            school,
            date=_day(4),
            lines=[
                line(production_date=_day(4), quantity=Decimal("1"), unit_price=Decimal("16.00"))
            ],
        )
        submitted = services.disclosure_submit(disclosure=draft, actor=manager)
        assert submitted.food_cost == Decimal("900.00")  # computed again when submitted
        published = services.disclosure_approve(disclosure=submitted, actor=principal)
        assert published.status == "published" and published.approved_by == principal
        late = supplier_of(school, name="迟到的供应商")
        delivery_of(school, supplier=late, date=_day(5), lines=[line(production_date=_day(5))])
        assert CostDisclosure.objects.get(pk=draft.pk).food_cost == Decimal("900.00")
        client.force_login(UserFactory(school=school, roles=[Role.DIRECTOR]))
        response = client.get(f"/canteen/disclosures/{draft.pk}/notice.pdf")
        assert response["Content-Type"] == "application/pdf"
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert "伙食费公开" in text and "900.00" in text and "30,000.00" in text
        assert "迟到的供应商" not in text  # the tables hold what the figures counted
        assert "蔬菜86.00" in "".join(text.split())  # 70.00 + 16.00, not the late 70.00

    def test_a_second_disclosure_of_the_month_is_refused(self, school):
        manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
        services.disclosure_draft(actor=manager, month=MONTH)
        with pytest.raises(services.ValidationError):
            services.disclosure_draft(actor=manager, month=_day(3))

    def test_a_draft_is_not_printed_and_teachers_do_not_see_it(self, client, school):
        manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
        draft = services.disclosure_draft(actor=manager, month=MONTH)
        client.force_login(manager)
        assert client.get(f"/canteen/disclosures/{draft.pk}/notice.pdf").status_code == 302
        client.force_login(UserFactory(school=school, roles=[Role.TEACHER]))
        assert client.get(f"/canteen/disclosures/{draft.pk}/").status_code == 403
