"""Hygiene services (issue 11, points 4–7): disinfection, morning checks, 陪餐, the daily checks,
certificate notices and the canteen's checklists on safety's inspection templates.

Rules that a record must obey whoever writes it (form, API, admin) live in the models' clean();
the services add what saving has as side effects and what runs on a schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    HygieneFlag,
    MorningCheck,
    StaffMember,
)
from canteen.models.hygiene import (
    CERTIFICATE_WARN_DAYS,
    REVIEW_TEMPLATE_NAME,
    FlagKind,
    MealCompanion,
    ProblemStatus,
)
from canteen.selectors import served_meals
from canteen.workflow_hygiene import MEAL_WORKFLOW
from core import audit, robots
from core.choices import Role, RoomType
from core.models import Room, School, User
from core.services import notify
from core.workflow import Effect, Notice

# name, min °C, min seconds, min mg/L (GB 14934 / the 2019 school food-safety rules' annex)
DEFAULT_METHODS: list[tuple[str, Decimal | None, int | None, Decimal | None]] = [
    ("煮沸或蒸汽消毒", Decimal("100"), 600, None),
    ("红外线消毒柜", Decimal("120"), 600, None),
    ("洗碗机消毒", Decimal("85"), 40, None),
    ("含氯消毒液浸泡", None, 300, Decimal("250")),
]


def default_methods_ensure(*, school_id: int) -> None:
    """The national defaults, once per school (an edited or removed row is never recreated
    while the school has any method: the table is the school's data)."""
    if DisinfectionMethod.objects.filter(school_id=school_id).exists():
        return
    DisinfectionMethod.objects.bulk_create(
        [
            DisinfectionMethod(
                school_id=school_id,
                name=name,
                min_temperature_c=temp,
                min_seconds=secs,
                min_concentration_mg_l=conc,
            )
            for name, temp, secs, conc in DEFAULT_METHODS
        ],
        ignore_conflicts=True,
    )


def approvers(school_id: int) -> list[User]:
    return list(
        User.objects.filter(
            school_id=school_id,
            is_active=True,
            user_roles__role__in=[Role.CANTEEN_MANAGER, Role.DIRECTOR],
        ).distinct()
    )


# ---- disinfection ---------------------------------------------------------------------------


@transaction.atomic
def disinfection_save(*, batch: DisinfectionBatch, actor: User | None) -> DisinfectionBatch:
    """Save a validated batch: flagged when below its method's minimum (saved all the same, it is
    the evidence); a compliant re-disinfection closes the batch it fixes. The canteen manager and
    the director are told of a flagged batch."""
    shortfalls = batch.shortfalls()
    batch.below_minimum = bool(shortfalls)
    batch.shortfall = "；".join(shortfalls)[:200]
    if batch.recorded_by_id is None and actor is not None:
        batch.recorded_by = actor
    new = batch.pk is None
    batch.save()
    if batch.fixes_id and not batch.below_minimum:
        DisinfectionBatch.objects.filter(pk=batch.fixes_id, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
    if new and batch.below_minimum:
        notify(
            recipients=approvers(batch.school_id),
            school=School.objects.get(pk=batch.school_id),
            title=_("Disinfection below the minimum: %(batch)s") % {"batch": batch},
            body=batch.shortfall,
            url=batch.get_absolute_url(),
        )
    return batch


# ---- morning check --------------------------------------------------------------------------


def on_duty_staff(school_id: int):
    return StaffMember.objects.filter(school_id=school_id, on_duty=True, archived_at__isnull=True)


@transaction.atomic
def morning_check_record(
    *,
    school_id: int,
    staff: StaffMember,
    day: dt.date,
    fit: bool,
    actor: User,
    reason: str = "",
    action: str = "",
    note: str = "",
) -> MorningCheck:
    """The day's check of one person, once (a second one for the same day is refused, naming the
    first). Fit needs a health certificate valid that day (MorningCheck.clean); nothing is saved
    when refused."""
    if staff.school_id != school_id:
        raise ValidationError(_("This person is not on your canteen's staff."), code="other_school")
    existing = MorningCheck.objects.filter(staff=staff, day=day).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s was already checked on %(day)s; nothing was changed.")
            % {"name": staff, "day": day},
            code="already_checked",
        )
    check = MorningCheck(
        school_id=school_id,
        staff=staff,
        day=day,
        fit=fit,
        reason=reason,
        action=action,
        note=note.strip(),
        checked_by=actor,
    )
    check.full_clean()
    check.save()
    return check


# ---- 陪餐 --------------------------------------------------------------------------------------


@transaction.atomic
def meal_problem_resolve(*, meal: AccompaniedMeal, actor: User, note: str) -> AccompaniedMeal:
    """The canteen records how a problem found at 陪餐 was dealt with; the leader who found it is
    told."""
    if not (note or "").strip():
        raise ValidationError(_("Say how the problem was dealt with."), code="note_required")

    def apply(row: AccompaniedMeal) -> Effect:
        row.resolution = note.strip()
        row.resolved_by, row.resolved_at = actor, timezone.now()
        told = [row.leader] if row.leader_id else []
        return Effect(
            notices=[Notice(told, _("陪餐 problem dealt with: %(meal)s") % {"meal": row})]
        )

    return MEAL_WORKFLOW.run("resolve", row=meal, actor=actor, apply=apply)


def meal_save(*, meal: AccompaniedMeal, actor: User | None) -> AccompaniedMeal:
    """Save a validated record; a new problem is told to the canteen manager and the director."""
    new = meal.pk is None
    meal.save()
    if new and meal.status == ProblemStatus.OPEN:
        notify(
            recipients=approvers(meal.school_id),
            school=School.objects.get(pk=meal.school_id),
            title=_("Problem found at 陪餐: %(meal)s") % {"meal": meal},
            body=meal.problems,
            url=meal.get_absolute_url(),
        )
    return meal


# ---- the daily check ------------------------------------------------------------------------


def hygiene_check_day(*, day: dt.date, school_ids: Iterable[int] | None = None) -> int:
    """Flag each meal served on `day` (canteen.selectors.served_meals) without a disinfection
    record, and each without a school leader's 陪餐; one flag row per school, day, meal and
    kind, notified once. The check reads in a fixed number of queries whatever the number of
    schools; the notices cost a few per school with new flags. Returns how many were new."""
    ids = (
        set(school_ids)
        if school_ids is not None
        else set(School.objects.values_list("pk", flat=True))
    )
    served = served_meals(ids, day)
    disinfected = set(
        DisinfectionBatch.objects.filter(
            school_id__in=ids, day=day, archived_at__isnull=True
        ).values_list("school_id", "meal")
    )
    accompanied = set(
        AccompaniedMeal.objects.filter(
            school_id__in=ids, day=day, kind=MealCompanion.LEADER, archived_at__isnull=True
        ).values_list("school_id", "meal")
    )
    wanted = []
    for school_id, meals in served.items():
        for meal in meals:
            key = (school_id, meal.meal)
            if key not in disinfected:
                wanted.append(
                    HygieneFlag(
                        school_id=school_id, day=day, meal=meal.meal, kind=FlagKind.NO_DISINFECTION
                    )
                )
            if key not in accompanied:
                wanted.append(
                    HygieneFlag(
                        school_id=school_id, day=day, meal=meal.meal, kind=FlagKind.NO_LEADER_MEAL
                    )
                )
    if wanted:
        HygieneFlag.objects.bulk_create(wanted, ignore_conflicts=True)
    return _notify_flags(day)


def _notify_flags(day: dt.date) -> int:
    """Claim the day's unnotified flags with a conditional UPDATE (a second run, or a second
    beat at the same time, claims nothing) and tell each school's approvers in one notice."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            HygieneFlag.objects.select_for_update(skip_locked=True)
            .filter(day=day, notified_at__isnull=True)
            .values_list("pk", flat=True)
        )
        claimed = HygieneFlag.objects.filter(pk__in=ids, notified_at__isnull=True).update(
            notified_at=now
        )
        per_school: dict[int, list[str]] = {}
        for flag in HygieneFlag.objects.filter(pk__in=ids, notified_at=now).order_by(
            "meal", "kind"
        ):
            per_school.setdefault(flag.school_id, []).append(str(flag))
        schools = School.objects.in_bulk(list(per_school))
        for school_id, lines in per_school.items():
            notify(
                recipients=approvers(school_id),
                school=schools[school_id],
                title=_("%(n)s canteen records missing on %(day)s") % {"n": len(lines), "day": day},
                body="\n".join(lines),
                url=reverse("canteen:hygieneflag_list") + f"?day={day}",
            )
    return claimed


# ---- health certificates --------------------------------------------------------------------


def certificates_expiring(school_ids: Iterable[int], today: dt.date):
    """Certificates of staff on duty that expire within 30 days (expired ones included) and are
    not followed by a newer certificate of the same person."""
    from django.db.models import Exists, OuterRef

    newer = HealthCertificate.objects.filter(
        staff=OuterRef("staff"), valid_until__gt=OuterRef("valid_until"), archived_at__isnull=True
    )
    return HealthCertificate.objects.filter(
        ~Exists(newer),
        school_id__in=school_ids,
        archived_at__isnull=True,
        staff__archived_at__isnull=True,
        staff__on_duty=True,
        valid_until__lte=today + dt.timedelta(days=CERTIFICATE_WARN_DAYS),
    )


CERTIFICATE_ROBOT_EVENT = "health_certificate_expiring"


def certificates_notify(*, today: dt.date | None = None) -> int:
    """Tell the canteen manager and the director of each certificate expiring within 30 days,
    once per certificate (claimed by a conditional UPDATE). Returns how many were told."""
    today = today or timezone.localdate()
    schools = School.objects.values_list("pk", flat=True)
    told = 0
    for cert in (
        certificates_expiring(schools, today)
        .filter(expiry_notified_at__isnull=True)
        .select_related("staff", "school")
    ):
        if not HealthCertificate.objects.filter(pk=cert.pk, expiry_notified_at__isnull=True).update(
            expiry_notified_at=timezone.now()
        ):
            continue  # another run told them
        title = _("Health certificate of %(name)s expires on %(day)s") % {
            "name": cert.staff,
            "day": cert.valid_until,
        }
        notify(
            recipients=approvers(cert.school_id),
            school=cert.school,
            title=title,
            url=cert.get_absolute_url(),
        )
        robots.announce(
            school=cert.school,
            event=CERTIFICATE_ROBOT_EVENT,
            title=title,
            url=cert.get_absolute_url(),
            once_key=f"health-certificate:{cert.pk}",
        )
        told += 1
    return told


# ---- 日管控、周排查、月调度 on safety's inspection templates -------------------------------------

DAILY_NAME = "食堂日管控（每日食品安全检查）"
WEEKLY_NAME = "食堂周排查（每周食品安全排查）"
MONTHLY_NAME = REVIEW_TEMPLATE_NAME
CHECKLISTS: list[tuple[str, dict, list[tuple[str, bool]]]] = [
    (
        DAILY_NAME,
        {"frequency": "daily"},
        [
            ("从业人员晨检已完成，健康证在有效期内", False),
            ("食材进货查验、索证索票记录完整", False),
            ("每餐每样菜品留样不少于125克，冷藏48小时", True),
            ("餐用具清洗消毒并保洁存放", False),
            ("加工操作生熟分开，无交叉污染", True),
            ("食品添加剂专人专柜管理", False),
            ("操作间、餐厅环境卫生整洁，无积水", False),
            ("防鼠、防蝇、防尘设施完好", True),
        ],
    ),
    (
        WEEKLY_NAME,
        {"frequency": "weekly", "weekday": 4},
        [
            ("库房食品无过期、变质，离地离墙存放", True),
            ("冷藏冷冻设备温度正常，生熟分开存放", False),
            ("消毒设施设备运转正常", False),
            ("从业人员健康证无过期", False),
            ("燃气、电器及消防设施安全", True),
            ("本周日管控发现的问题已整改", False),
        ],
    ),
    (
        MONTHLY_NAME,
        {"frequency": "monthly", "day_of_month": 28},
        [
            ("总结本月日管控、周排查情况", False),
            ("分析食品安全风险隐患", False),
            ("研究部署下月食品安全管理重点", False),
        ],
    ),
]


def checklists_install(*, school: School, actor: User, room: Room | None = None) -> int:
    """The canteen's daily control, weekly check and monthly review as safety inspection
    templates on the canteen place, assigned to the canteen manager, activated: safety's
    generator then makes the rounds and a failed item opens a hazard. Idempotent (the template
    names are unique per school). Returns how many templates were new."""
    from safety.models import InspectionTemplate, TemplateItem
    from safety.services import template_activate

    room = (
        room
        or Room.objects.filter(school=school, room_type=RoomType.CANTEEN, archived_at__isnull=True)
        .order_by("building__code", "code")
        .first()
    )
    if room is None:
        raise ValidationError(
            _("The school has no room of type canteen: add the canteen under places first."),
            code="no_canteen",
        )
    officer = (
        User.objects.filter(school=school, is_active=True, user_roles__role=Role.CANTEEN_MANAGER)
        .order_by("pk")
        .first()
    )
    created = 0
    with transaction.atomic():
        for name, rhythm, items in CHECKLISTS:
            template, new = InspectionTemplate.objects.get_or_create(
                school=school,
                name=name,
                defaults={**rhythm, "applies_to": "rooms", "default_assignee": officer},
            )
            if not new:
                continue
            created += 1
            template.rooms.set([room])
            TemplateItem.objects.bulk_create(
                TemplateItem(
                    school=school,
                    template=template,
                    position=i,
                    text=text,
                    photo_required_on_failure=photo,
                )
                for i, (text, photo) in enumerate(items, start=1)
            )
            template_activate(template=template, actor=actor)
            audit.record_event(template, event="canteen_checklist_installed", actor=actor)
    return created
