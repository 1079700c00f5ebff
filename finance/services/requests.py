"""Purchase requests (请购) and their approval (审批): the one way they are written.

The pages, the API, the admin and code call these services; every step runs through
``PURCHASE_WORKFLOW.run`` (finance.workflow), which locks the request, checks who may take the
step and when, and records the audit event. Refusals are ``TransitionRefused`` (403/404/409) or
``ValidationError`` (400) with a sentence for a person; nothing is half-saved.

- A draft is written with its items: the amount of each item is quantity × estimated unit price
  (Decimal, rounded to the cent), the request's amount their sum.
- Submitting freezes the content: the tiers the amount climbs (finance.approvals), the first of
  them, a new round, the procurement method (finance.procurement).
- The last approval commits the amount to the budget line through finance.services.budget (a
  stop line past what is available refuses the approval: nothing is saved).
- Returning sends the request back to draft with a comment; submitting it again starts a new
  round from the first tier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access
from core.models import Department, School, User
from core.uploads import clean_document
from core.workflow import Effect, Notice, TransitionRefused
from finance import approvals, procurement
from finance.choices import (
    ApprovalLevel,
    Decision,
    ProcurementMethod,
    RequestStatus,
    YearStatus,
)
from finance.models import (
    Approval,
    BudgetLine,
    FinanceSettings,
    PurchaseItem,
    PurchaseRequest,
    RequestAttachment,
)
from finance.models.common import levels_held
from finance.services.budget import budget_commit
from finance.workflow import PURCHASE_WORKFLOW

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # what a money column (12 digits, 2 decimals) holds
MAX_ITEMS = 50


@dataclass(frozen=True)
class ItemInput:
    """One line of a request as the requester writes it."""

    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    specification: str = ""

    @property
    def amount(self) -> Decimal:
        return (Decimal(self.quantity) * Decimal(self.unit_price)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class RequestInput:
    """What a requester writes: the request's fields and its items."""

    title: str
    reason: str
    budget_line_id: int | None
    items: Sequence[ItemInput]
    department_id: int | None = None
    kind: str = "goods"
    needed_by: dt.date | None = None


# ---- checks -----------------------------------------------------------------------------------


def _decimals_ok(value: Decimal) -> bool:
    try:
        return value == value.quantize(CENT)
    except InvalidOperation:
        return False


def _item_problems(item: ItemInput) -> list[str]:
    checks = [
        (not item.name.strip(), _("the item's name is required")),
        (not item.unit.strip(), _("the unit is required")),
        (item.quantity is None or item.quantity <= 0, _("the quantity must be more than 0")),
        (item.unit_price is None or item.unit_price <= 0, _("the unit price must be more than 0")),
    ]
    problems = [message for failed, message in checks if failed]
    if item.quantity is not None and not _decimals_ok(Decimal(item.quantity)):
        problems.append(_("the quantity has at most two decimals"))
    if item.unit_price is not None and not _decimals_ok(Decimal(item.unit_price)):
        problems.append(_("the unit price has at most two decimals (fen)"))
    return problems


def item_errors(items: Sequence[ItemInput]) -> list[str]:
    """One sentence per faulty item ("Item 2 (纸): the quantity must be more than 0")."""
    if len(items) > MAX_ITEMS:
        return [_("A request has at most %(n)s items.") % {"n": MAX_ITEMS}]
    errors = []
    for index, item in enumerate(items, start=1):
        problems = _item_problems(item)
        if problems:
            errors.append(
                _("Item %(n)s (%(name)s): %(problems)s")
                % {"n": index, "name": item.name or "—", "problems": _("; ").join(problems)}
            )
    return errors


def _line_problem(line: BudgetLine | None, school_id: int) -> str:
    """Why a request cannot be paid from this line ("" when it can)."""
    if line is None:
        return _("Choose the budget line this purchase is paid from.")
    if line.school_id != school_id or line.archived_at is not None:
        return _("That budget line is not one of this school's.")
    if line.budget_year.status == YearStatus.CLOSED:
        return _("The %(year)s budget is closed: choose a line of an open year.") % {
            "year": line.budget_year.year
        }
    if line.amount <= 0:
        return _("Budget line “%(line)s” has no budget (0 yuan): nothing can be paid from it.") % {
            "line": line.name
        }
    return ""


def _find_line(line_id: int | None, school_id: int) -> BudgetLine | None:
    if line_id is None:
        return None
    found = BudgetLine.objects.select_related("budget_year").filter(pk=line_id).first()
    if found is None or found.school_id != school_id:
        raise ValidationError(
            {"budget_line": [_("That budget line is not one of this school's.")]},
            code="other_line",
        )
    return found


def _find_department(department_id: int | None, school_id: int) -> Department | None:
    if department_id is None:
        return None
    found = Department.objects.filter(pk=department_id, school_id=school_id).first()
    if found is None:
        raise ValidationError({"department": [_("Choose a department of your school.")]})
    return found


def _checked(data: RequestInput, school_id: int) -> tuple[BudgetLine | None, Department | None]:
    """Every problem of the input at once, by field; the line and the department it names."""
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the request a title.")]
    if not data.reason.strip():
        errors["reason"] = [_("Say why this is needed.")]
    problems = item_errors(data.items)
    if problems:
        errors["items"] = problems
    elif sum((i.amount for i in data.items), Decimal("0")) > MAX_AMOUNT:
        errors["items"] = [_("The amount is too large.")]
    line = department = None
    try:
        line = _find_line(data.budget_line_id, school_id)
        department = _find_department(data.department_id, school_id)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if line is not None and "budget_line" not in errors:
        problem = _line_problem(line, school_id)
        if problem:
            errors["budget_line"] = [problem]
    if errors:
        raise ValidationError(errors)
    return line, department


def _member_school(actor: User) -> School:
    if actor.school_id is None or not access.can(actor, PurchaseRequest, "add"):
        raise PermissionDenied(_("Only members of a school can request purchases."))
    assert actor.school is not None
    return actor.school


# ---- drafts -----------------------------------------------------------------------------------


def _next_number(school: School, day: dt.date) -> str:
    """CG-20261201-0003: the day's running number of the school (the school row is locked
    until the request commits, so two requests never take the same number)."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    prefix = f"CG-{day:%Y%m%d}-"
    last = (
        PurchaseRequest.objects.filter(school=school, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    following = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{following:04d}"


def _write_items(request: PurchaseRequest, items: Sequence[ItemInput]) -> None:
    request.items.all().delete()
    PurchaseItem.objects.bulk_create(
        PurchaseItem(
            school_id=request.school_id,
            request=request,
            position=position,
            name=item.name.strip(),
            specification=item.specification.strip(),
            quantity=Decimal(item.quantity),
            unit=item.unit.strip(),
            unit_price=Decimal(item.unit_price),
            amount=item.amount,
        )
        for position, item in enumerate(items, start=1)
    )
    request.amount = sum((item.amount for item in items), Decimal("0.00"))


def _attach(request: PurchaseRequest, files: Sequence[File], actor: User) -> None:
    try:
        cleaned = [clean_document(upload) for upload in files]  # all checked before one is kept
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}, code="document") from exc
    for upload in cleaned:
        RequestAttachment.objects.create(
            school_id=request.school_id,
            request=request,
            file=upload,
            name=(upload.name or "").rsplit("/", 1)[-1][:100],
            uploaded_by=actor,
        )


@transaction.atomic
def request_create(
    *, actor: User, data: RequestInput, attachments: Sequence[File] = ()
) -> PurchaseRequest:
    """A new draft request of the actor's school with its items and documents; its amount is
    the sum of the items. Every problem is refused at once (ValidationError by field)."""
    school = _member_school(actor)
    line, department = _checked(data, school.pk)
    request = PurchaseRequest.objects.create(
        school=school,
        number=_next_number(school, timezone.localdate()),
        title=data.title.strip(),
        requested_by=actor,
        department=department if data.department_id else actor.department,
        budget_line=line,
        kind=data.kind,
        reason=data.reason.strip(),
        needed_by=data.needed_by,
    )
    _write_items(request, data.items)
    request.save(update_fields=["amount", "updated_at"])
    _attach(request, attachments, actor)
    return request


def _editable(request: PurchaseRequest, actor: User) -> PurchaseRequest:
    rows = access.scope(actor, PurchaseRequest.objects.all(), "change")
    # Only the request row: the scope may join the department (an outer join cannot be locked).
    locked = rows.select_for_update(of=("self",)).filter(pk=request.pk).first()
    if locked is None:
        if access.scope(actor, PurchaseRequest.objects.all()).filter(pk=request.pk).exists():
            raise TransitionRefused(
                _("Only the requester or the general-affairs office can change this request."),
                code="forbidden",
                status_code=403,
            )
        raise TransitionRefused(_("Not found."), code="not_found", status_code=404)
    if locked.status != RequestStatus.DRAFT:
        raise TransitionRefused(
            _(
                "Request %(number)s is “%(status)s”: only a draft can be changed "
                "(an approver can return it for changes)."
            )
            % {"number": locked.number, "status": locked.get_status_display()},
            code="wrong_status",
            status_code=409,
        )
    return locked


@transaction.atomic
def request_update(
    *, request: PurchaseRequest, actor: User, data: RequestInput, attachments: Sequence[File] = ()
) -> PurchaseRequest:
    """Rewrite a draft (its fields and all its items) and add documents; a submitted request
    is frozen (409) until an approver returns it."""
    locked = _editable(request, actor)
    line, department = _checked(data, locked.school_id)
    locked.title = data.title.strip()
    locked.reason = data.reason.strip()
    locked.budget_line = line
    if data.department_id:
        locked.department = department
    locked.kind = data.kind
    locked.needed_by = data.needed_by
    _write_items(locked, data.items)
    locked.save()
    _attach(locked, attachments, actor)
    return locked


# ---- the steps --------------------------------------------------------------------------------


def approvers_of(request: PurchaseRequest) -> list[User]:
    """Who takes the tier the request waits for (to tell them)."""
    if request.level == ApprovalLevel.HEAD:
        head = request.department.head if request.department_id else None  # type: ignore[union-attr]
        return [head] if head is not None else []
    roles: dict[str, str] = {
        ApprovalLevel.DIRECTOR: "director",
        ApprovalLevel.PRINCIPAL: "principal",
        ApprovalLevel.COLLECTIVE: "principal",
    }
    role = roles.get(request.level)
    if role is None:
        return []
    return list(
        User.objects.filter(
            school_id=request.school_id, is_active=True, user_roles__role=role
        ).distinct()
    )


def _waiting_notice(row: PurchaseRequest) -> Notice:
    return Notice(
        approvers_of(row),
        _("Purchase request %(number)s waits for your approval") % {"number": row.number},
        f"{row.title} · {row.amount} 元",
    )


def _submit_problems(row: PurchaseRequest) -> list[str]:
    problems = []
    if not row.items.exists():
        problems.append(_("Add at least one item before submitting."))
    line = (
        BudgetLine.objects.select_related("budget_year").filter(pk=row.budget_line_id).first()
        if row.budget_line_id
        else None
    )
    problem = _line_problem(line, row.school_id)
    if problem:
        problems.append(problem)
    if row.amount <= 0:
        problems.append(_("The amount must be more than zero."))
    return problems


def request_submit(*, request: PurchaseRequest, actor: User, note: str = "") -> PurchaseRequest:
    """Freeze the draft and send it to its first tier: the tiers of its amount, a new round,
    the procurement method. Refused: no items, no or a zero budget line, a line of another
    school or a closed year."""

    def apply(row: PurchaseRequest) -> Effect:
        problems = _submit_problems(row)
        if problems:
            raise ValidationError(problems, code="incomplete")
        rules = FinanceSettings.of(row.school_id)
        row.levels = approvals.tiers_for(row, rules)
        row.level = row.levels[0]
        row.round += 1
        row.submitted_at = timezone.now()
        row.approved_at = None
        row.method = procurement.method_for(row, rules)
        row.needs_public_procurement = row.method == ProcurementMethod.PUBLIC
        return Effect(notices=[_waiting_notice(row)], data={"round": row.round})

    return PURCHASE_WORKFLOW.run("submit", row=request, actor=actor, apply=apply, note=note)


@dataclass(frozen=True)
class Meeting:
    """A collective decision (三重一大): the meeting that took it."""

    date: dt.date | None = None
    attendees: str = ""
    minutes: File | None = None


def _meeting_fields(meeting: Meeting | None) -> dict:
    meeting = meeting or Meeting()
    errors = {}
    if meeting.date is None:
        errors["meeting_date"] = [_("A collective decision needs the date of its meeting.")]
    elif meeting.date > timezone.localdate():
        errors["meeting_date"] = [_("The meeting cannot be after today.")]
    if not meeting.attendees.strip():
        errors["attendees"] = [_("Name the people who attended the meeting.")]
    if meeting.minutes is None:
        errors["minutes"] = [_("Attach the minutes of the meeting.")]
    if errors:
        raise ValidationError(errors, code="meeting")
    assert meeting.minutes is not None
    return {
        "meeting_date": meeting.date,
        "attendees": meeting.attendees.strip(),
        "minutes": _cleaned_minutes(meeting.minutes),
    }


def _cleaned_minutes(upload: File) -> File:
    try:
        return clean_document(upload)
    except ValidationError as exc:
        raise ValidationError({"minutes": exc.messages}, code="document") from exc


def _decide(row: PurchaseRequest, actor: User, decision: str, note: str, **extra) -> Approval:
    return Approval.objects.create(
        school_id=row.school_id,
        request=row,
        round=row.round,
        level=row.level,
        decision=decision,
        approver=actor,
        requester_id=row.requested_by_id,
        comment=note.strip(),
        **extra,
    )


def _final(row: PurchaseRequest, actor: User) -> Effect:
    """The last tier: commit the amount (a stop line past its room refuses it all)."""
    moved = budget_commit(
        line_id=row.budget_line_id,
        school_id=row.school_id,
        amount=row.amount,
        request=row,
        actor=actor,
    )
    row.status = RequestStatus.APPROVED
    row.level = ""
    row.approved_at = timezone.now()
    row.committed += row.amount
    row.budget_warning = moved.warning  # type: ignore[attr-defined]
    title = _("Purchase request %(number)s approved") % {"number": row.number}
    return Effect(
        notices=[Notice([row.requested_by], title, moved.warning)],
        data={
            "committed": str(row.amount),
            **({"warning": moved.warning} if moved.warning else {}),
        },
    )


def request_approve(
    *, request: PurchaseRequest, actor: User, note: str = "", meeting: Meeting | None = None
) -> PurchaseRequest:
    """Approve the tier the request waits for: the next tier, or at the last one "approved"
    with the amount committed to its budget line. The collective tier needs its meeting. The
    returned request's ``budget_warning`` says when a warn line was taken past its amount."""

    def apply(row: PurchaseRequest) -> Effect:
        extra = _meeting_fields(meeting) if row.level == ApprovalLevel.COLLECTIVE else {}
        _decide(row, actor, Decision.APPROVED, note, **extra)
        row.budget_warning = ""  # type: ignore[attr-defined]
        following = approvals.next_tier(row)
        if not following:
            return _final(row, actor)
        row.level = following
        return Effect(notices=[_waiting_notice(row)], data={"level": following})

    return PURCHASE_WORKFLOW.run("approve", row=request, actor=actor, apply=apply, note=note)


def _comment_required(note: str) -> None:
    if not note.strip():
        raise ValidationError({"note": [_("Write a comment saying why.")]}, code="no_comment")


def request_reject(*, request: PurchaseRequest, actor: User, note: str = "") -> PurchaseRequest:
    """Refuse the request at its tier, with a comment; the requester is told."""
    _comment_required(note)

    def apply(row: PurchaseRequest) -> Effect:
        _decide(row, actor, Decision.REJECTED, note)
        row.level = ""
        title = _("Purchase request %(number)s rejected") % {"number": row.number}
        return Effect(notices=[Notice([row.requested_by], title, note)])

    return PURCHASE_WORKFLOW.run("reject", row=request, actor=actor, apply=apply, note=note)


def request_return(*, request: PurchaseRequest, actor: User, note: str = "") -> PurchaseRequest:
    """Send the request back to draft with a comment; submitted again, it starts a new round
    from the first tier."""
    _comment_required(note)

    def apply(row: PurchaseRequest) -> Effect:
        _decide(row, actor, Decision.RETURNED, note)
        row.level = ""
        title = _("Purchase request %(number)s returned for changes") % {"number": row.number}
        return Effect(notices=[Notice([row.requested_by], title, note)])

    return PURCHASE_WORKFLOW.run("send_back", row=request, actor=actor, apply=apply, note=note)


def request_cancel(*, request: PurchaseRequest, actor: User, note: str = "") -> PurchaseRequest:
    """The requester (or the office) withdraws a draft or a request still awaiting approval;
    nothing was committed yet."""

    def apply(row: PurchaseRequest) -> Effect:
        row.level = ""
        return Effect()

    return PURCHASE_WORKFLOW.run("cancel", row=request, actor=actor, apply=apply, note=note)


# The services of the steps this part owns, by step name (pages, API, admin).
STEP_SERVICES: dict[str, Callable[..., PurchaseRequest]] = {
    "submit": request_submit,
    "approve": request_approve,
    "reject": request_reject,
    "send_back": request_return,
    "cancel": request_cancel,
}


def waiting_for(user: User) -> Q:
    """The requests waiting at a tier this person takes now, not their own and not a second
    tier of a round they approved: exactly those they may approve (the inbox, the to-do)."""
    turn = Q(level=ApprovalLevel.HEAD, department__head=user)
    held = sorted(levels_held(user))
    if held:
        turn |= Q(level__in=held)
    second = Approval.objects.filter(
        request=OuterRef("pk"), round=OuterRef("round"), approver=user, decision=Decision.APPROVED
    )
    return Q(status=RequestStatus.PENDING) & turn & ~Q(requested_by=user) & Q(~Exists(second))
