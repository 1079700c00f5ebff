"""The budget part's writes: the school's finance settings, opening and closing a year, a line's
amount and control, and adjustments between lines (预算调剂).

A line's committed and spent amounts move only through finance.services.budget; here only its
amount changes, under the same row lock (finance.services.budget.lock_line), so an edit never
slips under what another transaction has just committed. Every refusal is a ValidationError with
a sentence for a person (400), and nothing is saved when one is raised.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.choices import Role
from core.models import User
from core.services import notify
from core.workflow import Effect, Notice
from finance.choices import AdjustmentStatus, BudgetControl, MovementKind, YearStatus
from finance.models import BudgetAdjustment, BudgetLine, BudgetMovement, BudgetYear
from finance.services.budget import CENT, lock_line
from finance.workflow_budget import ADJUSTMENT_WORKFLOW, ROLES_OF_TIER, tier_of


def check_money(amount: Decimal | None, *, field: str = "amount", positive: bool = True) -> None:
    """A positive (or, for a budget, non-negative) amount with at most two decimals."""
    if amount is None or amount < 0 or (positive and amount == 0):
        message = (
            _("The amount must be more than zero.")
            if positive
            else _("The amount cannot be negative.")
        )
        raise ValidationError({field: ValidationError(message, code="bad_amount")})
    if amount != amount.quantize(CENT):
        raise ValidationError(
            {field: ValidationError(_("Amounts have at most two decimals."), code="decimals")}
        )


def check_year_open(year: BudgetYear) -> None:
    if year.status == YearStatus.CLOSED:
        raise ValidationError(
            _("The %(year)s budget is closed: its lines cannot be changed.") % {"year": year.year},
            code="closed_year",
        )


# ---- years ---------------------------------------------------------------------------------


@transaction.atomic
def year_close(*, year: BudgetYear, actor: User) -> BudgetYear:
    """Close the year: from now on its lines take no new commitment or payment (the budget
    service refuses them). Closing a closed year changes nothing."""
    locked = BudgetYear.objects.select_for_update().get(pk=year.pk)
    if locked.status == YearStatus.CLOSED:
        return locked
    locked.status, locked.closed_at = YearStatus.CLOSED, timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record_event(locked, event="budget_year_closed", actor=actor)
    return locked


@transaction.atomic
def year_reopen(*, year: BudgetYear, actor: User) -> BudgetYear:
    """Open a closed year again (a correction before the accounts are final)."""
    locked = BudgetYear.objects.select_for_update().get(pk=year.pk)
    if locked.status == YearStatus.OPEN:
        return locked
    locked.status, locked.closed_at = YearStatus.OPEN, None
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record_event(locked, event="budget_year_reopened", actor=actor)
    return locked


# ---- lines ---------------------------------------------------------------------------------


def check_line(line: BudgetLine, *, taken: Decimal) -> None:
    """A line's amount and control against what is already committed and spent (`taken`)."""
    check_money(line.amount, positive=False)
    if line.control == BudgetControl.STOP and line.amount < taken:
        message = _(
            "%(committed)s yuan are committed and %(spent)s spent on this line: a "
            "“stop” line's budget cannot be less than %(taken)s yuan."
        ) % {"committed": line.committed, "spent": line.spent, "taken": taken}
        raise ValidationError({"amount": ValidationError(message, code="below_taken")})


def _check_name(line: BudgetLine) -> None:
    taken = BudgetLine.objects.filter(budget_year_id=line.budget_year_id, name=line.name)
    if taken.exclude(pk=line.pk).exists():
        raise ValidationError(
            {
                "name": ValidationError(
                    _("The %(year)s budget already has a line named “%(name)s”.")
                    % {"year": line.budget_year.year, "name": line.name},
                    code="duplicate_name",
                )
            }
        )


@transaction.atomic
def line_save(*, line: BudgetLine, actor: User | None = None) -> BudgetLine:
    """Save a new or edited line (its name, category, department, amount, control, notes); its
    committed and spent amounts are the locked row's, whatever the caller holds. Refused on a
    closed year, and on a stop line whose amount would fall below committed + spent."""
    year = BudgetYear.objects.get(pk=line.budget_year_id)
    if year.school_id != line.school_id:
        raise ValidationError(
            {
                "budget_year": ValidationError(
                    _("That budget year is not one of this school's."), code="other_year"
                )
            }
        )
    check_year_open(year)
    _check_name(line)
    if line.pk is None:
        line.committed = line.spent = Decimal("0.00")
        check_line(line, taken=Decimal("0"))
        line.save()
        return line
    locked = lock_line(line.pk, school_id=line.school_id)
    if locked.budget_year_id != line.budget_year_id:
        check_year_open(locked.budget_year)
    line.committed, line.spent = locked.committed, locked.spent
    check_line(line, taken=locked.committed + locked.spent)
    line.save()
    return line


def line_archive_refusal(line: BudgetLine) -> str:
    """Why the line may not be archived ("" if it may): money has moved on it."""
    if line.committed or line.spent or BudgetMovement.objects.filter(line_id=line.pk).exists():
        return _(
            "Money has been committed, spent or adjusted on budget line “%(line)s”: it is kept."
        ) % {"line": line.name}
    return ""


# ---- adjustments ---------------------------------------------------------------------------


def _check_pair(from_line: BudgetLine, to_line: BudgetLine, school_id: int) -> None:
    for line in (from_line, to_line):
        if line.school_id != school_id or line.archived_at is not None:
            raise ValidationError(
                _("That budget line is not one of this school's."), code="other_line"
            )
    if from_line.pk == to_line.pk:
        raise ValidationError(
            {"to_line": ValidationError(_("Choose two different lines."), code="same_line")}
        )
    if from_line.budget_year_id != to_line.budget_year_id:
        raise ValidationError(
            {
                "to_line": ValidationError(
                    _("Both lines must be of the same budget year."), code="two_years"
                )
            }
        )


def _check_available(line: BudgetLine, amount: Decimal) -> None:
    if amount > line.available:
        message = _(
            "Budget line “%(line)s” has %(available)s yuan available; %(asked)s yuan "
            "cannot be moved from it."
        ) % {"line": line.name, "available": line.available, "asked": amount}
        raise ValidationError({"amount": ValidationError(message, code="budget_exceeded")})


@transaction.atomic
def adjustment_request(
    *,
    actor: User,
    from_line: BudgetLine,
    to_line: BudgetLine,
    amount: Decimal,
    reason: str,
) -> BudgetAdjustment:
    """Ask to move `amount` from one line to another of the same year (the director or admin).
    Refused for another school's line, a closed year, two years, or more than the from-line has
    available now (checked again, under lock, when it is approved)."""
    if actor.school_id is None:
        raise ValidationError(_("Only members of a school can add its records."))
    check_money(amount)
    if not reason.strip():
        raise ValidationError(
            {"reason": ValidationError(_("Say why the money is moved."), code="no_reason")}
        )
    # The rows as stored now (the caller's may be stale), read once more under lock at approval.
    fresh = BudgetLine.objects.select_related("budget_year").in_bulk([from_line.pk, to_line.pk])
    from_line, to_line = fresh.get(from_line.pk, from_line), fresh.get(to_line.pk, to_line)
    _check_pair(from_line, to_line, actor.school_id)
    check_year_open(from_line.budget_year)
    _check_available(from_line, amount)
    adjustment = BudgetAdjustment.objects.create(
        school_id=actor.school_id,
        from_line=from_line,
        to_line=to_line,
        amount=amount,
        reason=reason.strip(),
        requested_by=actor,
    )
    audit.record_event(adjustment, event="adjustment_requested", actor=actor)
    _tell_deciders(adjustment)
    return adjustment


def _tell_deciders(adjustment: BudgetAdjustment) -> None:
    roles = ROLES_OF_TIER[tier_of(adjustment)]
    people = (
        User.objects.filter(
            school_id=adjustment.school_id, is_active=True, user_roles__role__in=sorted(roles)
        )
        .exclude(pk=adjustment.requested_by_id)
        .distinct()
    )
    if people:
        notify(
            recipients=list(people),
            school=adjustment.school,
            title=_("Budget adjustment to decide: %(amount)s yuan") % {"amount": adjustment.amount},
            body=str(adjustment),
            url=adjustment.get_absolute_url(),
        )


@transaction.atomic
def adjustment_approve(
    *, adjustment: BudgetAdjustment, actor: User, note: str = ""
) -> BudgetAdjustment:
    """Approve: both lines locked (in id order, so two adjustments never wait on each other),
    the amount moved from one line's budget to the other's, and one "adjusted" movement written
    on each. Refused when the from-line no longer has the amount available or the year closed."""

    def apply(row: BudgetAdjustment):
        first, second = sorted([row.from_line_id, row.to_line_id])
        locked = {pk: lock_line(pk, school_id=row.school_id) for pk in (first, second)}
        source, target = locked[row.from_line_id], locked[row.to_line_id]
        check_year_open(source.budget_year)
        _check_available(source, row.amount)
        source.amount -= row.amount
        target.amount += row.amount
        for line in (source, target):
            line.save(update_fields=["amount", "updated_at"])
        _movement(source, row, actor, _("Moved to “%(line)s”") % {"line": target.name})
        _movement(target, row, actor, _("Moved from “%(line)s”") % {"line": source.name})
        _decide(row, actor, note)
        return Effect(notices=[Notice([row.requested_by], _("Adjustment approved: %s") % row)])

    return ADJUSTMENT_WORKFLOW.run("approve", row=adjustment, actor=actor, apply=apply, note=note)


@transaction.atomic
def adjustment_reject(
    *, adjustment: BudgetAdjustment, actor: User, note: str = ""
) -> BudgetAdjustment:
    """Reject: no money moves; the requester is told why."""

    def apply(row: BudgetAdjustment):
        _decide(row, actor, note)
        return Effect(
            notices=[Notice([row.requested_by], _("Adjustment rejected: %s") % row, note)]
        )

    return ADJUSTMENT_WORKFLOW.run("reject", row=adjustment, actor=actor, apply=apply, note=note)


def _decide(row: BudgetAdjustment, actor: User, note: str) -> None:
    row.decided_by, row.decided_at, row.decision_note = actor, timezone.now(), note[:200]


def _movement(line: BudgetLine, row: BudgetAdjustment, actor: User, note: str) -> None:
    BudgetMovement.objects.create(
        school_id=line.school_id,
        line=line,
        kind=MovementKind.ADJUST,
        amount=row.amount,
        actor=actor,
        note=note[:200],
    )


ADJUSTMENT_STEPS = {"approve": adjustment_approve, "reject": adjustment_reject}
PENDING = AdjustmentStatus.PENDING
DECIDERS = frozenset({Role.DIRECTOR, Role.PRINCIPAL})
