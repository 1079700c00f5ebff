"""The plan's rules: drafting, the KPI's refusals, the frozen approved plan and its revisions,
manual values with evidence, milestones, the workflow's steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.choices import Role
from core.models import Notification
from core.workflow import TransitionRefused
from planning.choices_plans import Direction, KpiKind, PlanStatus
from planning.models import Kpi, KpiValue, Milestone, Plan, PlanArea, PlanRevision
from planning.services import plans as services
from tests.planning.factories_plans import full_plan, goal_of, kpi_of, milestone_of, plan_of

D = Decimal


def _kpi_fields(**extra):
    fields = {
        "name": "按时完工率",
        "kind": KpiKind.METRIC,
        "metric_key": "repairs.sla_percent",
        "direction": Direction.HIGHER,
        "baseline": D(80),
        "target_year1": D(85),
        "target_year2": D(90),
        "target_year3": D(95),
    }
    fields.update(extra)
    return fields


@pytest.fixture
def director(make_user):
    return make_user(Role.DIRECTOR)


@pytest.fixture
def principal(make_user):
    return make_user(Role.PRINCIPAL)


@pytest.mark.django_db
def test_a_draft_is_built_area_goal_kpi_milestone(school, director):
    plan = services.plan_create(school=school, title="三年规划", first_year=2026, actor=director)
    area = services.area_add(plan=plan, name="服务质量", actor=director)
    goal = services.goal_add(plan=plan, area=area, title="报修及时处理", actor=director)
    kpi = services.kpi_add(plan=plan, goal=goal, actor=director, **_kpi_fields())
    step = services.milestone_add(
        plan=plan, goal=goal, title="修订报修制度", due=dt.date(2026, 12, 31), actor=director
    )
    assert plan.status == PlanStatus.DRAFT
    assert kpi.unit == "%"  # the metric's unit when none is given
    assert (area.plan_id, goal.plan_id, kpi.plan_id, step.plan_id) == (plan.pk,) * 4
    assert PlanRevision.objects.count() == 0  # a draft's edits are not revisions


@pytest.mark.django_db
def test_one_plan_per_period(school, director):
    services.plan_create(school=school, title="甲", first_year=2026, actor=director)
    with pytest.raises(ValidationError) as exc:
        services.plan_create(school=school, title="乙", first_year=2026, actor=director)
    assert "first_year" in exc.value.message_dict
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_a_kpi_on_an_unknown_metric_is_refused(school, director):
    goal = goal_of(plan_of(school))
    with pytest.raises(ValidationError) as exc:
        services.kpi_add(
            plan=goal.plan, goal=goal, actor=director, **_kpi_fields(metric_key="finance.nope")
        )
    assert "finance.nope" in exc.value.message_dict["metric_key"][0]
    assert Kpi.objects.count() == 0


@pytest.mark.django_db
def test_a_target_in_the_wrong_direction_is_refused(school, director):
    goal = goal_of(plan_of(school))
    with pytest.raises(ValidationError) as exc:
        services.kpi_add(
            plan=goal.plan, goal=goal, actor=director, **_kpi_fields(target_year2=D(70))
        )
    assert "必须高于基线值" in exc.value.message_dict["target_year2"][0]
    assert list(exc.value.message_dict) == ["target_year2"]
    assert Kpi.objects.count() == 0


@pytest.mark.django_db
def test_a_target_equal_to_the_baseline_is_refused(school, director):
    goal = goal_of(plan_of(school))
    with pytest.raises(ValidationError) as exc:
        services.kpi_add(
            plan=goal.plan,
            goal=goal,
            actor=director,
            **_kpi_fields(kind=KpiKind.MANUAL, metric_key="", target_year1=D(80)),
        )
    assert "等于基线值" in exc.value.message_dict["target_year1"][0]


@pytest.mark.django_db
def test_a_direction_unlike_the_metrics_is_refused(school, director):
    goal = goal_of(plan_of(school))
    fields = _kpi_fields(direction=Direction.LOWER, target_year1=D(70), target_year2=D(60))
    fields["target_year3"] = D(50)
    with pytest.raises(ValidationError) as exc:
        services.kpi_add(plan=goal.plan, goal=goal, actor=director, **fields)
    assert "direction" in exc.value.message_dict


@pytest.mark.django_db
def test_a_submitted_plan_waits_and_an_approved_one_is_frozen(school, director, principal):
    plan = full_plan(school)
    services.plan_submit(plan=plan, actor=director)
    area = PlanArea.objects.get(plan=plan)
    with pytest.raises(TransitionRefused) as waiting:
        services.area_add(plan=plan, name="信息化", actor=director)
    assert waiting.value.status_code == 409
    services.plan_approve(plan=plan, actor=principal)
    with pytest.raises(TransitionRefused) as frozen:
        services.goal_add(plan=plan, area=area, title="新目标", actor=director)
    assert frozen.value.code == "plan_frozen" and frozen.value.status_code == 409
    assert plan.goals.count() == 1


@pytest.mark.django_db
def test_a_revision_of_an_approved_plan_is_recorded(school, director):
    plan = full_plan(school, status=PlanStatus.APPROVED)
    kpi = Kpi.objects.get(plan=plan, kind=KpiKind.MANUAL)
    services.kpi_update(kpi=kpi, actor=director, reason="区里提高要求", target_year3=D(90))
    revision = PlanRevision.objects.get(plan=plan)
    assert (revision.number, revision.actor, revision.reason) == (1, director, "区里提高要求")
    assert revision.changes == {"target_year3": ["80.00", "90"]}
    plan.refresh_from_db()
    assert plan.revision == 1


@pytest.mark.django_db
def test_a_revision_that_breaks_a_rule_saves_nothing(school, director):
    plan = full_plan(school, status=PlanStatus.APPROVED)
    kpi = Kpi.objects.get(plan=plan, kind=KpiKind.MANUAL)
    with pytest.raises(ValidationError):
        services.kpi_update(kpi=kpi, actor=director, reason="调整", target_year3=D(20))
    kpi.refresh_from_db()
    plan.refresh_from_db()
    assert kpi.target_year3 == D(80)
    assert (plan.revision, PlanRevision.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_submit_needs_a_goal_that_can_be_followed(school, director):
    plan = plan_of(school)
    goal_of(plan)
    with pytest.raises(ValidationError):
        services.plan_submit(plan=plan, actor=director)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.django_db
def test_the_principal_approves_and_the_writers_are_told(school, director, principal):
    plan = full_plan(school)
    services.plan_submit(plan=plan, actor=director)
    assert Notification.objects.filter(recipient=principal).exists()
    with pytest.raises(TransitionRefused) as exc:
        services.plan_approve(plan=plan, actor=director)
    assert exc.value.status_code == 403
    services.plan_approve(plan=plan, actor=principal)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.APPROVED, principal)
    assert Notification.objects.filter(recipient=director, title__contains=plan.title).exists()


@pytest.mark.django_db
def test_return_needs_a_comment(school, director, principal):
    plan = full_plan(school)
    services.plan_submit(plan=plan, actor=director)
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan, actor=principal, comment=" ")
    services.plan_return(plan=plan, actor=principal, comment="安全目标不具体")
    plan.refresh_from_db()
    assert (plan.status, plan.return_note) == (PlanStatus.DRAFT, "安全目标不具体")


@pytest.mark.django_db
def test_a_manual_value_needs_evidence(school, director):
    kpi = kpi_of(goal_of(plan_of(school)), kind=KpiKind.MANUAL)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.kpi_value_enter(kpi=kpi, measured_on=today, value=D(30), actor=director)
    assert "evidence_file" in exc.value.message_dict
    pdf = SimpleUploadedFile("台账.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    row = services.kpi_value_enter(
        kpi=kpi, measured_on=today, value=D(30), actor=director, evidence_file=pdf
    )
    assert row.entered_by == director and row.evidence_file.name.endswith(".pdf")
    linked = services.kpi_value_enter(
        kpi=kpi, measured_on=today, value=D(35), actor=director, evidence_link="https://x.cn/a"
    )
    assert KpiValue.objects.filter(kpi=kpi).count() == 2 and linked.evidence_link


@pytest.mark.django_db
def test_a_fake_document_and_a_metric_kpi_value_are_refused(school, director):
    goal = goal_of(plan_of(school))
    manual, metric = kpi_of(goal, kind=KpiKind.MANUAL), kpi_of(goal)
    fake = SimpleUploadedFile("台账.pdf", b"MZ not a pdf", content_type="application/pdf")
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.kpi_value_enter(
            kpi=manual, measured_on=today, value=D(1), actor=director, evidence_file=fake
        )
    with pytest.raises(ValidationError):
        services.kpi_value_enter(
            kpi=metric, measured_on=today, value=D(1), actor=director, evidence_link="https://x"
        )
    assert KpiValue.objects.count() == 0


@pytest.mark.django_db
def test_a_milestone_is_done_once_with_evidence(school, director):
    plan = plan_of(school, status=PlanStatus.APPROVED)
    step = milestone_of(goal_of(plan))
    with pytest.raises(ValidationError):
        services.milestone_complete(milestone=step, actor=director, evidence="")
    services.milestone_complete(milestone=step, actor=director, evidence="普查表已归档")
    with pytest.raises(TransitionRefused):
        services.milestone_complete(milestone=step, actor=director, evidence="again")
    step.refresh_from_db()
    assert step.done_by == director and step.evidence == "普查表已归档"


@pytest.mark.django_db
def test_a_draft_milestone_cannot_be_done(school, director):
    step = milestone_of(goal_of(plan_of(school)))
    with pytest.raises(TransitionRefused):
        services.milestone_complete(milestone=step, actor=director, evidence="x")
    assert Milestone.objects.get(pk=step.pk).done_at is None


@pytest.mark.django_db
def test_parts_are_removed_from_drafts_only(school, director):
    plan = plan_of(school)
    goal = goal_of(plan)
    services.part_remove(row=goal, actor=director)
    assert plan.goals.count() == 0
    approved = full_plan(school, status=PlanStatus.APPROVED)
    with pytest.raises(TransitionRefused):
        services.part_remove(row=approved.goals.get(), actor=director)
