"""Every transition of every declared workflow, allowed and refused, in the page and the API.

Generated from the declarations (core.workflow) and each module's Scenario: a new workflow is
tested by adding its Scenario to SCENARIOS.
"""

from __future__ import annotations

import pytest

from tests.assets.workflow_scenario import SCENARIO as DISPOSALS
from tests.canteen.workflow_scenario_acceptance import SCENARIO as DISCLOSURES
from tests.canteen.workflow_scenario_hygiene import SCENARIO as PEICAN
from tests.canteen.workflow_scenario_menus import SCENARIO as MENUS
from tests.factories import SchoolFactory
from tests.finance.workflow_scenario_budget import SCENARIO as BUDGET_ADJUSTMENTS
from tests.finance.workflow_scenario_requests import SCENARIO as PURCHASE_REQUESTS
from tests.planning.workflow_scenario_calendar import SCENARIO as WORK_TASKS
from tests.planning.workflow_scenario_plans import SCENARIO as PLANS
from tests.repairs.workflow_scenario import SCENARIO as REPAIRS
from tests.safety.workflow_scenario import SCENARIO as HAZARDS
from tests.workflow_cases import (
    api_post,
    events,
    html_post,
    shown_messages,
    snapshot,
    status_of,
    user_with,
)

SCENARIOS = [
    REPAIRS,
    HAZARDS,
    DISPOSALS,
    MENUS,
    DISCLOSURES,
    PEICAN,
    BUDGET_ADJUSTMENTS,
    PURCHASE_REQUESTS,
    WORK_TASKS,
    PLANS,
]
STEPS = [
    pytest.param(scenario, step, id=f"{scenario.name}-{step.name}")
    for scenario in SCENARIOS
    for step in scenario.steps()
]
# Steps some reader's role may not take (confirm, reopen, escalate: every reader may; guards decide).
GUARDED_BY_ROLE = [
    pytest.param(scenario, step, id=f"{scenario.name}-{step.name}")
    for scenario in SCENARIOS
    for step in scenario.steps()
    if scenario.outsider_role(step) is not None
]
GUARDS = [
    pytest.param(scenario, step, guard, id=f"{scenario.name}-{step.name}-{guard.code}")
    for scenario in SCENARIOS
    for step in scenario.steps()
    for guard in step.guards
]
CHANNELS = ["api", "html"]

pytestmark = pytest.mark.django_db


def take(channel, scenario, row, step, user, body=None):
    """Post the step as a person would (the page's form) or as an API client; the answer's
    status and the sentence it shows."""
    body = scenario.body(row, step) if body is None else body
    if channel == "api":
        response = api_post(user, scenario.api_url(row, step), body)
        return response.status_code, response.json().get("detail", "")
    url, data = scenario.html(row, step, body)
    response = html_post(user, url, data)
    shown = shown_messages(response)
    return response.status_code, shown[0] if shown else ""


def assert_refused(channel, scenario, row, step, user, status, also=None):
    before, logged = snapshot(row), len(events(row))
    code, sentence = take(channel, scenario, row, step, user)
    assert code == status, sentence
    assert snapshot(row) == before and len(events(row)) == logged  # nothing changed
    if also is not None:  # the other channel answers the same, word for word
        other = "html" if channel == "api" else "api"
        assert take(other, scenario, row, step, user) == (code, sentence)
        assert snapshot(row) == before
    return sentence


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize(("scenario", "step"), STEPS)
def test_the_step_is_taken_and_audited(channel, scenario, step):
    row = scenario.build(SchoolFactory(), scenario.source(step))
    before = status_of(scenario, row)
    code, sentence = take(channel, scenario, row, step, scenario.actor(row, step))
    assert code == (200 if channel == "api" else 302), sentence
    assert status_of(scenario, row) == (step.target or before)
    assert len(events(row, step.event)) == 1


@pytest.mark.parametrize(("scenario", "step"), STEPS)
def test_out_of_order_is_409_with_the_same_sentence_everywhere(scenario, step):
    row = scenario.out_of_order_row(SchoolFactory(), step)
    if row is None:
        pytest.skip("every status allows this step")
    sentence = assert_refused("api", scenario, row, step, scenario.actor(row, step), 409, True)
    assert str(step.label) in sentence


@pytest.mark.parametrize(("scenario", "step"), GUARDED_BY_ROLE)
def test_a_role_that_may_not_take_the_step_is_403(scenario, step):
    role = scenario.outsider_role(step)
    row = scenario.build(SchoolFactory(), scenario.source(step))
    outsider = user_with(role, row.school)
    sentence = assert_refused("api", scenario, row, step, outsider, 403, True)
    assert str(step.label) in sentence


@pytest.mark.parametrize(("scenario", "step", "guard"), GUARDS)
def test_a_failing_guard_refuses_with_its_sentence(scenario, step, guard):
    row = scenario.build(SchoolFactory(), scenario.source(step))
    who = scenario.breakers[guard.code](row, step)
    sentence = assert_refused("api", scenario, row, step, who, guard.status_code, True)
    row = type(row)._default_manager.get(pk=row.pk)
    expected = guard.message(row) if callable(guard.message) else guard.message
    assert sentence == str(expected)


@pytest.mark.parametrize(("scenario", "step"), STEPS)
def test_another_schools_row_is_not_there(scenario, step):
    row = scenario.build(SchoolFactory(), scenario.source(step))
    stranger = user_with(scenario.insider_role(step), SchoolFactory())
    assert_refused("api", scenario, row, step, stranger, 404)
    assert_refused("html", scenario, row, step, stranger, 404)


def test_every_step_of_every_workflow_is_generated():
    """The API has one action per declared step, at its declared path (none hand-written)."""
    from django.urls import resolve

    for scenario in SCENARIOS:
        for step in scenario.steps():
            match = resolve(f"{scenario.api_base}1/{step.api_path}/")
            assert match.func.actions == {"post": step.name}
