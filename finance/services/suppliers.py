"""Supplier contracts (with their end notified once) and the yearly evaluation with its grade.

The register itself is core.Supplier (core/views/suppliers.py); these services keep the finance
records that belong to a supplier.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import Role
from core.models import User
from core.services import notify
from finance.models import FinanceSettings, SupplierContract, SupplierEvaluation

SCORES = ("quality", "delivery", "price", "service")
# The lowest score of each grade, best first (below the last: D).
GRADES = ((Decimal("4.5"), "A"), (Decimal("3.5"), "B"), (Decimal("2.5"), "C"))
CONTRACT_PEOPLE = (Role.DIRECTOR, Role.LOGISTICS)
LONGEST_NOTICE = 365  # days: the most FinanceSettings.contract_notice_days allows


def grade_for(score: Decimal) -> str:
    """A ≥ 4.5, B ≥ 3.5, C ≥ 2.5, else D."""
    return next((grade for lowest, grade in GRADES if score >= lowest), "D")


def score_of(*values: int) -> Decimal:
    """The mean of the four scores, to two decimals (half up)."""
    total = Decimal(sum(values)) / Decimal(len(values))
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_scores(evaluation: SupplierEvaluation) -> None:
    wrong = {
        name: [_("Give a score from 1 to 5.")]
        for name in SCORES
        if not isinstance(getattr(evaluation, name), int) or not 1 <= getattr(evaluation, name) <= 5
    }
    if wrong:
        raise ValidationError(wrong)


def _check_once_a_year(evaluation: SupplierEvaluation) -> None:
    others = SupplierEvaluation.objects.filter(
        supplier_id=evaluation.supplier_id, year=evaluation.year
    ).exclude(pk=evaluation.pk)
    if others.exists():
        raise ValidationError(
            {
                "year": [
                    _("%(supplier)s was already evaluated for %(year)s.")
                    % {"supplier": evaluation.supplier, "year": evaluation.year}
                ]
            }
        )


@transaction.atomic
def evaluation_save(*, evaluation: SupplierEvaluation, actor: User) -> SupplierEvaluation:
    """Save a yearly evaluation with its score (the mean of the four, 1–5 each) and grade.

    One per supplier and year (a second is a ValidationError on `year`; the database's unique
    constraint is the last defence), blacklisted suppliers included (their record stays). A
    new evaluation is signed by `actor`; nothing is saved when a rule fails."""
    _check_scores(evaluation)
    _check_once_a_year(evaluation)
    evaluation.score = score_of(*(getattr(evaluation, name) for name in SCORES))
    evaluation.grade = grade_for(evaluation.score)
    if evaluation.evaluated_by_id is None:
        evaluation.evaluated_by = actor
    evaluation.full_clean(exclude=["school", "supplier", "evaluated_by"])
    evaluation.save()
    return evaluation


def check_contract_dates(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    """A contract cannot end before it starts (ValidationError on `ends_on`)."""
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The contract cannot end before it starts.")]})


@transaction.atomic
def contract_save(*, contract: SupplierContract, actor: User) -> SupplierContract:
    """Save a contract. Its dates are ordered; a changed end date (a renewal) is notified again
    before the new end."""
    check_contract_dates(contract.starts_on, contract.ends_on)
    if contract.pk is not None:
        stored = SupplierContract.objects.filter(pk=contract.pk).values_list("ends_on", flat=True)
        if stored and stored[0] != contract.ends_on:
            contract.notified_at = None
    contract.save()
    return contract


def default_notice_days() -> int:
    """The notice period of a school that has not set one (FinanceSettings' default)."""
    default = FinanceSettings._meta.get_field("contract_notice_days").default
    assert isinstance(default, int)
    return default


def notice_days(school_id: int | None) -> int:
    """The school's notice period before a contract ends (read only: nothing is created)."""
    if school_id is None:
        return default_notice_days()
    found = FinanceSettings.objects.filter(school_id=school_id).values_list(
        "contract_notice_days", flat=True
    )
    return next(iter(found), default_notice_days())


def contracts_ending(today: dt.date | None = None):
    """Contracts whose end is near and not yet notified: (contract, last day to notify) pairs
    filtered in Python by each school's notice period (two queries whatever the schools)."""
    today = today or timezone.localdate()
    candidates = SupplierContract.objects.filter(
        notified_at__isnull=True,
        ends_on__gte=today,
        ends_on__lte=today + dt.timedelta(days=LONGEST_NOTICE),
    ).select_related("supplier", "school")
    days = dict(FinanceSettings.objects.values_list("school_id", "contract_notice_days"))
    default = default_notice_days()
    return [
        contract
        for contract in candidates
        if contract.ends_on <= today + dt.timedelta(days=days.get(contract.school_id, default))
    ]


def contract_people(school_id: int):
    """Who is told of a contract's end: the school's director(s) and logistics staff."""
    return User.objects.filter(
        school_id=school_id, is_active=True, user_roles__role__in=CONTRACT_PEOPLE
    ).distinct()


def contracts_notify(*, today: dt.date | None = None) -> int:
    """Tell the director and the logistics staff of each contract ending within the school's
    notice period (FinanceSettings.contract_notice_days), once per contract and end date: each
    row is claimed by a conditional UPDATE of `notified_at`, so a second run or a redelivered
    task tells nobody again. Returns how many contracts were notified."""
    told = 0
    for contract in contracts_ending(today):
        with transaction.atomic():
            claimed = SupplierContract.objects.filter(
                pk=contract.pk, notified_at__isnull=True
            ).update(notified_at=timezone.now())
            if not claimed:
                continue  # another run told them
            notify(
                recipients=list(contract_people(contract.school_id)),
                school=contract.school,
                title=_("The contract “%(title)s” with %(supplier)s ends on %(day)s")
                % {
                    "title": contract.title,
                    "supplier": contract.supplier,
                    "day": f"{contract.ends_on:%Y-%m-%d}",
                },
                url=contract.get_absolute_url(),
            )
        told += 1
    return told
