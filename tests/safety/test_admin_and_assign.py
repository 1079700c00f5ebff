"""The director assigns rounds; the admin pages of safety are scoped like the rest."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.choices import Role
from tests.safety.factories import (
    DrillFactory,
    EquipmentFactory,
    HazardFactory,
    RosterFactory,
    TaskFactory,
    TemplateFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


def test_the_director_assigns_a_round_and_logistics_staff_cannot(
    client, school, director, logistics, teacher
):
    task = TaskFactory(template__school=school, assignee=logistics)
    url = reverse("safety:inspectiontask_edit", args=[task.pk])
    client.force_login(logistics)
    assert client.post(url, {"assignee": teacher.pk}).status_code == 403
    client.force_login(director)
    assert client.post(url, {"assignee": teacher.pk}).status_code == 302
    task.refresh_from_db()
    assert task.assignee == teacher
    client.force_login(teacher)
    page = client.get(reverse("safety:my_tasks")).content.decode()
    assert f'data-testid="task-{task.pk}"' in page


def test_the_api_assigns_rounds_for_the_director_only(school, director, logistics):
    task = TaskFactory(template__school=school)
    api = APIClient()
    api.force_authenticate(logistics)
    url = f"/api/v1/safety/rounds/{task.pk}/"
    assert api.patch(url, {"assignee": logistics.pk}, format="json").status_code == 403
    api.force_authenticate(director)
    response = api.patch(url, {"assignee": logistics.pk, "status": "done"}, format="json")
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.assignee == logistics and task.status == "open"  # status is not typed
    assert api.post("/api/v1/safety/rounds/", {}, format="json").status_code == 405


def test_admin_lists_show_only_the_own_school(client, school, other_school, make_user):
    admin = make_user(Role.ADMIN, is_staff=True)
    makers = [
        lambda s: TemplateFactory(school=s),
        lambda s: TaskFactory(template__school=s),
        lambda s: HazardFactory(school=s),
        lambda s: EquipmentFactory(school=s),
        lambda s: DrillFactory(school=s),
        lambda s: VisitorFactory(school=s),
        lambda s: RosterFactory(school=s),
    ]
    client.force_login(admin)
    for make in makers:
        mine, theirs = make(school), make(other_school)
        meta = type(mine)._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        shown = {obj.pk for obj in response.context["cl"].result_list}
        assert mine.pk in shown and theirs.pk not in shown, url
