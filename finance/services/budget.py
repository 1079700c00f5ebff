"""The one place that moves money on a budget line: commit, release, spend.

Every caller (the final approval, a payment, an adjustment, the admin) comes here; each call
locks the line's row (``select_for_update``) before it reads what is available, so two approvals
racing for the last money of a line are served one after the other and the second one sees what
the first took. A "stop" line refuses an amount past what is available; a "warn" line takes it
and says so. The database's check constraint on "stop" lines is the last line of defence.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from finance.choices import BudgetControl, MovementKind, YearStatus
from finance.models import BudgetLine, BudgetMovement, PurchaseRequest

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Moved:
    line: BudgetLine
    warning: str = ""  # a "warn" line taken past its amount


def lock_line(line_id: int | None, *, school_id: int) -> BudgetLine:
    """The line, locked for this transaction; a missing line or another school's is an error."""
    if line_id is None:
        raise ValidationError(
            _("Choose the budget line this purchase is paid from."), code="no_budget_line"
        )
    found = (
        BudgetLine.objects.select_for_update()
        .select_related("budget_year")
        .filter(pk=line_id, school_id=school_id, archived_at__isnull=True)
        .first()
    )
    if found is None:
        raise ValidationError(_("That budget line is not one of this school's."), code="other_line")
    return found


def _check_amount(amount: Decimal) -> None:
    if amount is None or amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="zero_amount")
    if amount != amount.quantize(CENT):
        raise ValidationError(_("Amounts have at most two decimals."), code="decimals")


def _check_open(line: BudgetLine) -> None:
    if line.budget_year.status == YearStatus.CLOSED:
        raise ValidationError(
            _("The %(year)s budget is closed: nothing more can be committed or spent on it.")
            % {"year": line.budget_year.year},
            code="closed_year",
        )


def _check_room(line: BudgetLine, extra: Decimal) -> str:
    """Refuse (stop line) or warn (warn line) when `extra` more than is available is asked."""
    if extra <= line.available:
        return ""
    message = _(
        "Budget line “%(line)s” has %(available)s yuan available; %(asked)s yuan are asked."
    ) % {"line": line.name, "available": line.available, "asked": extra}
    if line.control == BudgetControl.STOP:
        raise ValidationError(message, code="budget_exceeded")
    return message


@transaction.atomic
def budget_commit(
    *, line_id: int | None, school_id: int, amount: Decimal, request: PurchaseRequest, actor: User
) -> Moved:
    """Commit `amount` of the line to an approved request (refused past a stop line's room)."""
    _check_amount(amount)
    line = lock_line(line_id, school_id=school_id)
    _check_open(line)
    warning = _check_room(line, amount)
    line.committed += amount
    line.save(update_fields=["committed", "updated_at"])
    _record(line, MovementKind.COMMIT, amount, request, actor, warning)
    _tell_if_exhausted(line)
    return Moved(line, warning)


@transaction.atomic
def budget_release(
    *,
    line_id: int,
    school_id: int,
    amount: Decimal,
    request: PurchaseRequest | None,
    actor: User | None,
    note: str = "",
) -> Moved:
    """Give back committed money that will not be spent (an invoice below the estimate)."""
    _check_amount(amount)
    line = lock_line(line_id, school_id=school_id)
    if amount > line.committed:
        raise ValidationError(_("More would be released than is committed."), code="over_release")
    line.committed -= amount
    line.save(update_fields=["committed", "updated_at"])
    _record(line, MovementKind.RELEASE, amount, request, actor, note)
    return Moved(line)


@transaction.atomic
def budget_spend(
    *,
    line_id: int,
    school_id: int,
    amount: Decimal,
    from_committed: Decimal,
    request: PurchaseRequest,
    actor: User,
) -> Moved:
    """Pay `amount`: `from_committed` of it was committed to the request; the rest (an invoice
    above the estimate) must still fit on a stop line."""
    _check_amount(amount)
    line = lock_line(line_id, school_id=school_id)
    _check_open(line)
    if from_committed < 0 or from_committed > line.committed:
        raise ValidationError(_("More would be spent from the commitment than is committed."))
    warning = _check_room(line, amount - from_committed) if amount > from_committed else ""
    line.committed -= from_committed
    line.spent += amount
    line.save(update_fields=["committed", "spent", "updated_at"])
    _record(line, MovementKind.SPEND, amount, request, actor, warning)
    _tell_if_exhausted(line)
    return Moved(line, warning)


EXHAUSTED_EVENT = "budget_line_exhausted"


def _tell_if_exhausted(line: BudgetLine) -> None:
    """The school's group robots subscribed to it hear once that a line has nothing left (its
    amount committed or spent, or past it on a warn line); a line given more money by an
    adjustment and exhausted again is told again (the key names the amount)."""
    if line.available > 0:
        return
    from core import robots

    title = _("Budget line exhausted: %(line)s") % {"line": line}
    body = _("Budget %(amount)s yuan, committed %(committed)s, spent %(spent)s.") % {
        "amount": line.amount,
        "committed": line.committed,
        "spent": line.spent,
    }
    robots.announce(
        school=line.school,
        event=EXHAUSTED_EVENT,
        title=title,
        markdown=body,
        url=line.get_absolute_url(),
        once_key=f"budget-line-exhausted:{line.pk}:{line.amount}",
    )


def _record(line, kind, amount, request, actor, note: str) -> None:
    BudgetMovement.objects.create(
        school_id=line.school_id,
        line=line,
        kind=kind,
        amount=amount,
        request=request,
        actor=actor,
        note=note[:200],
    )
