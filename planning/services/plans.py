"""The three-year plan's writes: drafting, the workflow's steps, revisions of an approved plan,
manual KPI values with evidence and milestones done.

The rules, in one place:
- A draft is edited freely by its writers. A submitted plan waits for the principal: it is
  changed only after it is returned to draft (409). An approved plan is frozen: a change is a
  revision (a reason is required, 409 without one), recorded as a PlanRevision row with who,
  when and each field's before and after, and the plan's revision number goes up — the change
  and its record are saved together or not at all.
- A KPI reads a registered metric (an unknown key is refused) or is manual; its targets lie
  beyond its baseline in its direction (higher is better: above it), never equal to it.
- A manual KPI's every value carries evidence (a checked document or a link) and who entered it.
- A milestone is done with its evidence, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, metrics, robots, uploads
from core.models import School, User
from core.workflow import Effect, Notice, TransitionRefused
from planning.choices_plans import Direction, KpiKind, KpiWindow, PlanStatus
from planning.models import Goal, Kpi, KpiValue, Milestone, Plan, PlanArea, PlanRevision
from planning.models.plans import PLAN_APPROVERS, PLAN_WRITERS

PLAN_APPROVED_EVENT = "plan_approved"  # robot events (registered in PlanningConfig.ready)
MILESTONE_OVERDUE_EVENT = "plan_milestone_overdue"

GOAL_FIELDS: tuple[str, ...] = ("title", "target_year1", "target_year2", "target_year3")
GOAL_FIELDS += ("measures", "owner", "evidence_expected", "position")
KPI_FIELDS: tuple[str, ...] = ("name", "kind", "metric_key", "window", "unit", "direction")
KPI_FIELDS += ("baseline", "target_year1", "target_year2", "target_year3", "position")
MILESTONE_FIELDS = ("title", "due", "owner", "evidence_expected")
PLAN_FIELDS = ("title", "summary")


# ---- who may change what, and when ----


def _frozen() -> TransitionRefused:
    return TransitionRefused(
        _(
            "This plan is approved and frozen: a change is a revision — give the reason for it "
            "and it is recorded."
        ),
        code="plan_frozen",
        status_code=409,
    )


def lock_for_edit(plan: Plan, reason: str = "") -> Plan:
    """The plan locked for a change: a draft, or an approved plan with a revision's reason."""
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status == PlanStatus.SUBMITTED:
        raise TransitionRefused(
            _("This plan is waiting for the principal's approval: return it to draft first."),
            code="plan_submitted",
            status_code=409,
        )
    if locked.status == PlanStatus.APPROVED and not reason.strip():
        raise _frozen()
    return locked


def _record_revision(
    plan: Plan, *, actor: User, reason: str, what: str, changes: dict[str, list]
) -> PlanRevision | None:
    """A revision row when an approved plan changed (a draft's edits are only audited)."""
    if plan.status != PlanStatus.APPROVED or not changes:
        return None
    plan.revision += 1
    plan.save(update_fields=["revision", "updated_at"])
    revision = PlanRevision.objects.create(
        school_id=plan.school_id,
        plan=plan,
        number=plan.revision,
        actor=actor,
        reason=reason.strip()[:300],
        what=what[:200],
        changes=changes,
    )
    audit.record_event(plan, event="plan_revised", actor=actor, note=reason, what=what)
    return revision


def _shown(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value


def _apply(row: Model, fields: tuple[str, ...], changes: dict[str, Any]) -> dict[str, list]:
    """Set the given fields; return {field: [before, after]} of those that really changed."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(names)s.") % {"names": ", ".join(unknown)}
        )
    changed: dict[str, list] = {}
    for name, value in changes.items():
        before = getattr(row, name)
        if before != value:
            changed[name] = [_shown(before), _shown(value)]
            setattr(row, name, value)
    return changed


def _same_plan(plan: Plan, *rows: Model | None) -> None:
    for row in rows:
        if row is not None and getattr(row, "plan_id", plan.pk) != plan.pk:
            raise ValidationError(_("Choose an area or a goal of this plan."), code="other_plan")


def _owner_of_school(school_id: int, owner: User | None) -> None:
    if owner is not None and owner.school_id != school_id:
        raise ValidationError({"owner": _("Choose a member of the school.")}, code="other_school")


# ---- the plan itself ----


@transaction.atomic
def plan_create(
    *, school: School, title: str, first_year: int, actor: User, summary: str = ""
) -> Plan:
    """A new draft plan for three school years from `first_year`; one plan per period."""
    if not 2000 <= first_year <= 2100:
        raise ValidationError({"first_year": _("Give the year the plan starts in, e.g. 2025.")})
    if Plan.objects.filter(school=school, first_year=first_year).exists():
        raise ValidationError(
            {"first_year": _("The school has a plan for this period already.")}, code="exists"
        )
    try:
        with transaction.atomic():
            return Plan.objects.create(
                school=school, title=title.strip(), first_year=first_year, summary=summary
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"first_year": _("The school has a plan for this period already.")}, code="exists"
        ) from exc


@transaction.atomic
def plan_update(*, plan: Plan, actor: User, reason: str = "", **changes: Any) -> Plan:
    """Change the plan's title or summary (a draft; an approved plan through a revision)."""
    locked = lock_for_edit(plan, reason)
    changed = _apply(locked, PLAN_FIELDS, changes)
    locked.full_clean()
    locked.save()
    _record_revision(locked, actor=actor, reason=reason, what=str(locked), changes=changed)
    return locked


# ---- areas, goals ----


@transaction.atomic
def area_add(*, plan: Plan, name: str, actor: User, reason: str = "") -> PlanArea:
    """Add an area (制度建设, 安全 ...) to the plan; names are unique within the plan."""
    locked = lock_for_edit(plan, reason)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the area.")})
    if PlanArea.objects.filter(plan=locked, name=name).exists():
        raise ValidationError({"name": _("The plan has this area already.")}, code="exists")
    position = PlanArea.objects.filter(plan=locked).count()
    area = PlanArea.objects.create(
        school_id=locked.school_id, plan=locked, name=name, position=position
    )
    _record_revision(locked, actor=actor, reason=reason, what=name, changes={"area": [None, name]})
    return area


@transaction.atomic
def goal_add(*, plan: Plan, area: PlanArea, actor: User, reason: str = "", **fields: Any) -> Goal:
    """Add a goal to one of the plan's areas, with its yearly targets, measures and owner."""
    locked = lock_for_edit(plan, reason)
    _same_plan(locked, area)
    _owner_of_school(locked.school_id, fields.get("owner"))
    goal = Goal(school_id=locked.school_id, plan=locked, area=area)
    _apply(goal, GOAL_FIELDS, fields)
    if not goal.title.strip():
        raise ValidationError({"title": _("Say what the goal is.")})
    goal.full_clean()
    goal.save()
    _record_revision(
        locked, actor=actor, reason=reason, what=goal.title, changes={"goal": [None, goal.title]}
    )
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, actor: User, reason: str = "", **changes: Any) -> Goal:
    """Change a goal (a draft's; an approved plan's through a recorded revision)."""
    plan = lock_for_edit(goal.plan, reason)
    _owner_of_school(plan.school_id, changes.get("owner"))
    row = Goal.objects.select_for_update().get(pk=goal.pk)
    changed = _apply(row, GOAL_FIELDS, changes)
    row.full_clean()
    row.save()
    _record_revision(plan, actor=actor, reason=reason, what=row.title, changes=changed)
    return row


# ---- KPIs ----


def validate_kpi(
    *,
    kind: str,
    metric_key: str,
    direction: str,
    baseline: Decimal,
    targets: list[Decimal],
    plan: Plan | None = None,
) -> None:
    """Refuse an unknown metric, a direction unlike the metric's, and any target that equals the
    baseline or lies on the wrong side of it; every problem named on its field."""
    errors: dict[str, list[str]] = {}
    if kind == KpiKind.METRIC:
        known = {m.key: m for m in metrics.all_metrics()}
        if not metric_key or metric_key not in known:
            errors["metric_key"] = [
                _("Unknown metric “%(key)s”: choose one of the metrics Zongwu computes.")
                % {"key": metric_key}
            ]
        elif known[metric_key].direction != direction:
            errors["direction"] = [
                _("“%(metric)s” is better when it is %(way)s: the KPI must say the same.")
                % {
                    "metric": known[metric_key].label,
                    "way": _("higher") if known[metric_key].direction == "higher" else _("lower"),
                }
            ]
    elif kind == KpiKind.MANUAL and metric_key:
        errors["metric_key"] = [_("A manual KPI reads no metric.")]
    years = plan.years if plan is not None else ["1", "2", "3"]
    for index, target in enumerate(targets):
        message = _target_problem(direction, baseline, target, years[index])
        if message:
            errors.setdefault(f"target_year{index + 1}", []).append(message)
    if errors:
        raise ValidationError(errors)


def _target_problem(direction: str, baseline: Decimal, target: Decimal, year: str) -> str:
    if target is None or baseline is None:
        return _("Give the baseline and the target of every year.")
    if target == baseline:
        return _(
            "The target of %(year)s equals the baseline (%(baseline)s): progress could not be "
            "measured."
        ) % {"year": year, "baseline": baseline}
    if direction == Direction.HIGHER and target < baseline:
        return _(
            "Higher is better, so the target of %(year)s (%(target)s) must be above the "
            "baseline (%(baseline)s)."
        ) % {"year": year, "target": target, "baseline": baseline}
    if direction == Direction.LOWER and target > baseline:
        return _(
            "Lower is better, so the target of %(year)s (%(target)s) must be below the "
            "baseline (%(baseline)s)."
        ) % {"year": year, "target": target, "baseline": baseline}
    return ""


def _check_kpi(kpi: Kpi, plan: Plan) -> None:
    if kpi.kind == KpiKind.METRIC and not kpi.unit and kpi.metric_key:
        known = {m.key: m for m in metrics.all_metrics()}
        if kpi.metric_key in known:
            kpi.unit = str(known[kpi.metric_key].unit)[:20]
    validate_kpi(
        kind=kpi.kind,
        metric_key=kpi.metric_key,
        direction=kpi.direction,
        baseline=kpi.baseline,
        targets=kpi.targets,
        plan=plan,
    )
    kpi.full_clean()


@transaction.atomic
def kpi_add(*, plan: Plan, goal: Goal, actor: User, reason: str = "", **fields: Any) -> Kpi:
    """Add a KPI to a goal: a registered metric with its window, or a manual indicator."""
    locked = lock_for_edit(plan, reason)
    _same_plan(locked, goal)
    kpi = Kpi(school_id=locked.school_id, plan=locked, goal=goal, window=KpiWindow.MONTH)
    _apply(kpi, KPI_FIELDS, fields)
    _check_kpi(kpi, locked)
    kpi.save()
    _record_revision(
        locked, actor=actor, reason=reason, what=kpi.name, changes={"kpi": [None, kpi.name]}
    )
    return kpi


@transaction.atomic
def kpi_update(*, kpi: Kpi, actor: User, reason: str = "", **changes: Any) -> Kpi:
    """Change a KPI; the same rules as when it was added (all or nothing)."""
    plan = lock_for_edit(kpi.plan, reason)
    row = Kpi.objects.select_for_update().get(pk=kpi.pk)
    changed = _apply(row, KPI_FIELDS, changes)
    _check_kpi(row, plan)
    row.save()
    _record_revision(plan, actor=actor, reason=reason, what=row.name, changes=changed)
    return row


@transaction.atomic
def kpi_value_enter(
    *,
    kpi: Kpi,
    measured_on: dt.date,
    value: Decimal,
    actor: User,
    evidence_file: File | None = None,
    evidence_link: str = "",
    note: str = "",
) -> KpiValue:
    """Record a manual KPI's value with its evidence (a checked document or a link) and who
    entered it. A metric KPI reads its values itself (refused)."""
    if kpi.kind != KpiKind.MANUAL:
        raise ValidationError(
            _("“%(kpi)s” is read from Zongwu's records: its values are not typed in.")
            % {"kpi": kpi.name},
            code="metric_kpi",
        )
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("A value cannot be measured in the future.")})
    cleaned = uploads.clean_document(evidence_file) if evidence_file else None
    if cleaned is None and not evidence_link.strip():
        raise ValidationError(
            {"evidence_file": _("Attach the evidence (a file) or give a link to it.")},
            code="no_evidence",
        )
    row = KpiValue(
        school_id=kpi.school_id,
        plan_id=kpi.plan_id,
        kpi=kpi,
        measured_on=measured_on,
        value=value,
        evidence_link=evidence_link.strip(),
        note=note,
        entered_by=actor,
    )
    if cleaned is not None:
        row.evidence_file.save(cleaned.name or "evidence", cleaned, save=False)
    row.full_clean()
    row.save()
    audit.record_event(kpi, event="kpi_value_entered", actor=actor, value=str(value))
    return row


# ---- milestones ----


@transaction.atomic
def milestone_add(
    *, plan: Plan, goal: Goal, actor: User, reason: str = "", **fields: Any
) -> Milestone:
    """Add a dated milestone to a goal of the plan."""
    locked = lock_for_edit(plan, reason)
    _same_plan(locked, goal)
    _owner_of_school(locked.school_id, fields.get("owner"))
    row = Milestone(school_id=locked.school_id, plan=locked, goal=goal)
    _apply(row, MILESTONE_FIELDS, fields)
    row.full_clean()
    row.save()
    _record_revision(
        locked, actor=actor, reason=reason, what=row.title, changes={"milestone": [None, row.title]}
    )
    return row


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, actor: User, reason: str = "", **changes: Any
) -> Milestone:
    """Change a milestone (a later due date is a revision of an approved plan)."""
    plan = lock_for_edit(milestone.plan, reason)
    _owner_of_school(plan.school_id, changes.get("owner"))
    row = Milestone.objects.select_for_update().get(pk=milestone.pk)
    changed = _apply(row, MILESTONE_FIELDS, changes)
    if "due" in changed:
        row.notified_at = None  # a new due date may become overdue again
    row.full_clean()
    row.save()
    _record_revision(plan, actor=actor, reason=reason, what=row.title, changes=changed)
    return row


@transaction.atomic
def milestone_complete(*, milestone: Milestone, actor: User, evidence: str) -> Milestone:
    """Mark a milestone of an approved plan done, with its evidence; done once."""
    row = Milestone.objects.select_for_update().select_related("plan").get(pk=milestone.pk)
    if row.plan.status != PlanStatus.APPROVED:
        raise TransitionRefused(
            _("Milestones are done once the plan is approved."),
            code="plan_not_approved",
            status_code=409,
        )
    if row.done_at is not None:
        raise TransitionRefused(
            _("This milestone is done already."), code="already_done", status_code=409
        )
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say what shows the milestone is done.")})
    row.done_at, row.done_by, row.evidence = timezone.now(), actor, evidence.strip()[:300]
    row.save()
    audit.record_event(row, event="milestone_done", actor=actor, note=row.evidence)
    return row


@transaction.atomic
def part_remove(*, row: PlanArea | Goal | Kpi | Milestone, actor: User) -> None:
    """Remove an area, goal, KPI or milestone of a draft (an approved plan keeps its parts)."""
    locked = lock_for_edit(row.plan)
    if locked.status != PlanStatus.DRAFT:
        raise _frozen()
    row.delete()


# ---- the workflow's steps ----


def writers_of(school_id: int, roles: frozenset[str], *, besides: User | None = None) -> list:
    people = User.objects.filter(
        school_id=school_id, is_active=True, user_roles__role__in=roles
    ).distinct()
    if besides is not None:
        people = people.exclude(pk=besides.pk)
    return list(people)


def plan_submit(*, plan: Plan, actor: User, note: str = "") -> Plan:
    """The director sends the draft to the principal; refused while it has no goal with a KPI
    or a milestone (nothing could be followed)."""
    from planning.workflow import PLAN_WORKFLOW

    def apply(row: Plan) -> Effect:
        if not Goal.objects.filter(plan=row).exists():
            raise ValidationError(_("Add at least one area with a goal before submitting."))
        followed = (
            Kpi.objects.filter(plan=row).exists() or Milestone.objects.filter(plan=row).exists()
        )
        if not followed:
            raise ValidationError(_("Give the goals a KPI or a milestone before submitting."))
        row.submitted_by, row.submitted_at, row.return_note = actor, timezone.now(), ""
        title = _("Plan to approve: %(plan)s") % {"plan": row}
        people = writers_of(row.school_id, PLAN_APPROVERS, besides=actor)
        return Effect(notices=[Notice(people, title)])

    return PLAN_WORKFLOW.run("submit", row=plan, actor=actor, apply=apply, note=note)


def plan_approve(*, plan: Plan, actor: User, note: str = "") -> Plan:
    """The principal approves: the plan is frozen from now on (changes are revisions)."""
    from planning.workflow import PLAN_WORKFLOW

    def apply(row: Plan) -> Effect:
        row.approved_by, row.approved_at = actor, timezone.now()
        title = _("Plan approved: %(plan)s") % {"plan": row}
        robots.announce(
            school=row.school,
            event=PLAN_APPROVED_EVENT,
            title=title,
            url=row.get_absolute_url(),
            once_key=f"plan-approved:{row.pk}",
        )
        people = [row.submitted_by, *writers_of(row.school_id, PLAN_WRITERS, besides=actor)]
        return Effect(notices=[Notice(people, title)])

    return PLAN_WORKFLOW.run("approve", row=plan, actor=actor, apply=apply, note=note)


def plan_return(*, plan: Plan, actor: User, comment: str) -> Plan:
    """The principal sends the plan back to draft with a comment."""
    from planning.workflow import PLAN_WORKFLOW

    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Say why the plan goes back (a comment is required).")},
            code="required",
        )

    def apply(row: Plan) -> Effect:
        row.return_note = comment[:300]
        title = _("Plan returned: %(plan)s") % {"plan": row}
        return Effect(notices=[Notice([row.submitted_by], title, comment)])

    return PLAN_WORKFLOW.run("return_to_draft", row=plan, actor=actor, apply=apply, note=comment)


STEP_SERVICES: dict[str, Callable[..., Plan]] = {
    "submit": lambda *, plan, actor, **data: plan_submit(plan=plan, actor=actor),
    "approve": lambda *, plan, actor, **data: plan_approve(plan=plan, actor=actor),
    "return_to_draft": lambda *, plan, actor, comment="", **data: plan_return(
        plan=plan, actor=actor, comment=comment
    ),
}
