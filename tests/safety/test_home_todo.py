"""The home page shows work: each role's to-do (core.todo, registered by the modules) with counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from safety.choices import HazardStatus
from tests.assets.factories import ConsumableFactory
from tests.repairs.factories import file_request, people
from tests.safety.factories import HazardFactory


def _count(page: str, key: str) -> str:
    marker = f'data-testid="todo-count-{key}">'
    return page.split(marker, 1)[1].split("<", 1)[0]


def _work(school, crew, n):
    for _ in range(n):
        file_request(school, crew["teacher"])
        HazardFactory(
            school=school,
            status=HazardStatus.HANDLED,
            handler=crew["worker"],
            handled_at=timezone.now(),
        )
        ConsumableFactory(school=school, quantity_on_hand=Decimal("1"))


@pytest.mark.django_db
def test_the_director_sees_the_counts_of_what_waits_and_the_lists_behind(client, school):
    crew = people(school)
    _work(school, crew, 2)
    ConsumableFactory(school=school)  # stock above its level: not counted
    client.force_login(crew["director"])
    page = client.get(reverse("core:home")).content.decode()
    assert _count(page, "repairs.to_accept") == "2"
    assert _count(page, "safety.hazards_to_accept") == "2"
    assert _count(page, "assets.below_reorder_level") == "2"
    assert _count(page, "assets.disposals_to_approve") == "0"
    board = reverse("repairs:repairrequest_list") + "?status=submitted"
    assert f'href="{board}" data-testid="todo-repairs.to_accept"' in page
    listed = client.get(board).content.decode()
    assert listed.count("三楼东侧灯管闪烁") == 2  # the list behind holds the rows counted


@pytest.mark.django_db
def test_the_home_page_costs_the_same_queries_for_few_and_many_rows(client, school):
    crew = people(school)
    client.force_login(crew["director"])
    _work(school, crew, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:home"))
    _work(school, crew, 8)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("core:home"))
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_teacher_sees_report_a_repair_first_and_their_open_requests(client, school):
    crew = people(school)
    file_request(school, crew["teacher"])
    file_request(school, crew["director"])
    client.force_login(crew["teacher"])
    page = client.get(reverse("core:home")).content.decode()
    assert _count(page, "repairs.my_open_requests") == "1"
    assert page.index("card-primary") < page.index('data-testid="todo"')
    assert "repairs.to_accept" not in page and "assets." not in page


@pytest.mark.django_db
def test_a_worker_sees_my_jobs_first(client, school):
    crew = people(school)
    HazardFactory(school=school, responsible=crew["worker"])
    HazardFactory(school=school)  # somebody else's
    client.force_login(crew["worker"])
    page = client.get(reverse("core:home")).content.decode()
    assert page.index("todo-repairs.my_jobs") < page.index("todo-safety.my_hazards")
    assert _count(page, "safety.my_hazards") == "1"
    listed = client.get(reverse("safety:hazard_list") + "?open=true").content.decode()
    assert listed.count("三楼楼梯扶手松动") == 1
    assert page.index('data-testid="todo"') < page.index("card-primary")
    assert "repairs.to_accept" not in page


@pytest.mark.django_db
def test_the_principal_sees_the_dashboard_not_a_placeholder(client, make_user):
    client.force_login(make_user(Role.PRINCIPAL))
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="open-dashboard"' in page
    assert "各模块上线后" not in page
