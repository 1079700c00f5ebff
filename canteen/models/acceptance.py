"""Goods acceptance (进货查验 / 索证索票), diners, meal income and the monthly disclosure (伙食费公开).

A delivery and its lines are written only by canteen.services.acceptance.delivery_record, which
computes what is derived (amount, expiry date, bulk food, how long the record is kept) and refuses
a delivery with a bad line as a whole. The database checks what it can check by itself.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from canteen.choices import Meal
from canteen.models.common import CANTEEN_APPROVERS, CANTEEN_READERS, CANTEEN_RECORDERS
from core.access import Access
from core.choices import Role
from core.fields import PhotoField
from core.models import ArchivableModel, PermanentRecordError, SchoolScopedModel

# Retention (《食品安全法》第五十条): at least six months past the shelf life, never under two years.
KEEP_MONTHS_PAST_EXPIRY = 6
KEEP_YEARS_MIN = 2


class GoodsCategory(models.TextChoices):
    RICE = "rice", _("Rice")
    FLOUR = "flour", _("Flour")
    OIL = "oil", _("Edible oil")
    MEAT = "meat", _("Meat")
    EGGS = "eggs", _("Eggs")
    MILK = "milk", _("Milk")
    VEGETABLES = "vegetables", _("Vegetables")
    FRUIT = "fruit", _("Fruit")
    AQUATIC = "aquatic", _("Fish and seafood")
    SEASONING = "seasoning", _("Seasoning")
    DRY_GOODS = "dry_goods", _("Dry goods")
    OTHER = "other", _("Other")


# 大宗食材: a delivery with one of these (or from a bulk-food supplier) needs two acceptors.
BULK_CATEGORIES = frozenset(
    {
        GoodsCategory.RICE,
        GoodsCategory.FLOUR,
        GoodsCategory.OIL,
        GoodsCategory.MEAT,
        GoodsCategory.EGGS,
        GoodsCategory.MILK,
    }
)


class LineResult(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class RefusedAction(models.TextChoices):
    RETURNED = "returned", _("Returned to the supplier")
    EXCHANGED = "exchanged", _("Exchanged")
    DESTROYED = "destroyed", _("Destroyed")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    LICENCE = "licence", _("Supplier licence")
    CERTIFICATE = "certificate", _("Inspection or quarantine certificate")
    INVOICE = "invoice", _("Invoice or delivery note")
    OTHER = "other", _("Other document")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the principal")
    PUBLISHED = "published", _("Published")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has no such day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def keep_until(*, delivered: dt.date, expiries: list[dt.date]) -> dt.date:
    """The first day a delivery's records may be archived: max(expiry + 6 months, date + 2 years)."""
    floor = add_months(delivered, 12 * KEEP_YEARS_MIN)
    return max([floor, *(add_months(day, KEEP_MONTHS_PAST_EXPIRY) for day in expiries)])


class Delivery(ArchivableModel, SchoolScopedModel):
    """One delivery of one supplier, accepted (or refused) at the canteen's door."""

    date = models.DateField(_("delivery date"))
    supplier = models.ForeignKey(
        "core.Supplier",
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("supplier"),
    )
    acceptor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acceptor"),
    )
    second_acceptor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("second acceptor"),
        help_text=_("Required for bulk foods (rice, flour, oil, meat, eggs, milk)."),
    )
    is_bulk = models.BooleanField(_("bulk food"), default=False, editable=False)
    keep_until = models.DateField(_("kept until"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-date", "-pk"]
        constraints = [
            # Two different people accept bulk food; a second acceptor is never the first.
            models.CheckConstraint(
                condition=Q(is_bulk=False) | Q(second_acceptor__isnull=False),
                name="canteen_delivery_bulk_two_acceptors",
            ),
            models.CheckConstraint(
                condition=Q(second_acceptor__isnull=True) | ~Q(second_acceptor=F("acceptor")),
                name="canteen_delivery_acceptors_differ",
            ),
            models.CheckConstraint(
                condition=Q(keep_until__gte=F("date")), name="canteen_delivery_keep_after_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.supplier}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:delivery_detail", args=[self.pk])

    def archive_refusal(self, today: dt.date | None = None) -> str | None:
        """Why the delivery may not be archived yet (None: it may)."""
        today = today or timezone.localdate()
        if today < self.keep_until:
            return gettext(
                "Acceptance records must be kept until %(day)s (six months past the shelf life, "
                "at least two years); they cannot be archived before."
            ) % {"day": self.keep_until.isoformat()}
        return None

    def save(self, *args, **kwargs):
        # The model refuses too (admin, a shell, core.services.record_archive): not only the form.
        if self.archived_at is not None and self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk, archived_at__isnull=True).exists()
            refusal = self.archive_refusal() if stored else None
            if refusal:
                raise ValidationError(refusal, code="kept_by_law")
        super().save(*args, **kwargs)


class DeliveryLine(SchoolScopedModel):
    """One product of a delivery: what came, its dates, the checks and the result."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.PROTECT, related_name="lines", verbose_name=_("delivery")
    )
    product = models.CharField(_("product"), max_length=60)
    category = models.CharField(_("category"), max_length=12, choices=GoodsCategory)
    specification = models.CharField(_("specification"), max_length=60, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, editable=False)
    batch = models.CharField(_("batch"), max_length=40, blank=True)
    production_date = models.DateField(_("production date"))
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"))
    expiry_date = models.DateField(_("expiry date"), editable=False)
    sensory_ok = models.BooleanField(_("sensory check passed"), default=True)
    result = models.CharField(_("result"), max_length=10, choices=LineResult)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=200, blank=True)
    refused_action = models.CharField(
        _("refused goods were"), max_length=12, choices=RefusedAction, blank=True
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("accepted goods")
        verbose_name_plural = _("acceptance ledger")
        ordering = ["-delivery__date", "delivery_id", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="canteen_line_quantity_pos"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="canteen_line_price_pos"),
            models.CheckConstraint(
                condition=Q(shelf_life_days__gt=0), name="canteen_line_shelf_life_pos"
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__gte=F("production_date")),
                name="canteen_line_expiry_after_production",
            ),
            # Accepted goods passed the sensory check; refused ones say why and what became of them.
            models.CheckConstraint(
                condition=Q(result="refused") | Q(sensory_ok=True, refused_action=""),
                name="canteen_line_accepted_passed",
            ),
            models.CheckConstraint(
                condition=Q(result="accepted") | (~Q(refusal_reason="") & ~Q(refused_action="")),
                name="canteen_line_refused_explained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.quantity}{self.unit}"

    def get_absolute_url(self) -> str:
        return self.delivery.get_absolute_url()

    def delete(self, *args, **kwargs):
        raise PermanentRecordError("Acceptance records are kept, never deleted.")


def _document_path(instance: DeliveryDocument, filename: str) -> str:
    return f"canteen/deliveries/{timezone.localdate():%Y/%m}/{filename}"


class DeliveryDocument(SchoolScopedModel):
    """A certificate or invoice of a delivery (索证索票): a photo, or a PDF."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.PROTECT, related_name="documents", verbose_name=_("delivery")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind)
    # A photo goes through core.uploads.clean_photo and is served by core.files; a PDF through
    # clean_document and the delivery's own download view (both read through access.scope).
    photo = PhotoField(_("photo"), upload_to=_document_path, blank=True)
    file = models.FileField(_("PDF file"), upload_to=_document_path, blank=True)

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("delivery document")
        verbose_name_plural = _("delivery documents")
        ordering = ["delivery_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(photo="") & ~Q(file="")) | (~Q(photo="") & Q(file="")),
                name="canteen_document_photo_or_pdf",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        if self.photo:
            return self.photo.url
        return reverse("canteen:deliverydocument_download", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise PermanentRecordError("Acceptance records are kept, never deleted.")


class DinerCount(SchoolScopedModel):
    """How many ate one meal of one day (就餐人数): students and staff."""

    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal)
    students = models.PositiveIntegerField(_("students"))
    staff = models.PositiveIntegerField(_("staff"), default=0)
    notes = models.CharField(_("notes"), max_length=100, blank=True)

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("diners of a meal")
        verbose_name_plural = _("diners")
        ordering = ["-day", "meal"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "day", "meal"], name="canteen_diners_one_per_meal"
            ),
            models.CheckConstraint(
                condition=Q(students__lte=20000) & Q(staff__lte=5000),
                name="canteen_diners_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_display()}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:dinercount_detail", args=[self.pk])


class MealIncome(ArchivableModel, SchoolScopedModel):
    """The meal fees (伙食费) the canteen received in one month."""

    month = models.DateField(_("month"), help_text=_("Any day of the month; stored as its first."))
    amount = models.DecimalField(_("meal fees received"), max_digits=12, decimal_places=2)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_APPROVERS | frozenset({Role.ADMIN}))

    class Meta:
        verbose_name = _("meal income")
        verbose_name_plural = _("meal income")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["school", "month"], name="canteen_income_one_a_month"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="canteen_income_not_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="canteen_income_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:mealincome_detail", args=[self.pk])


class CostDisclosure(SchoolScopedModel):
    """The month's meal-cost disclosure (伙食费公开): drafted by the canteen manager or the
    director, published once the principal approves it. Its figures are computed when it is
    drafted and again when it is submitted, then kept: a late delivery does not change a notice
    already posted."""

    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"), max_length=12, choices=DisclosureStatus, default=DisclosureStatus.DRAFT
    )
    income = models.DecimalField(_("income"), max_digits=12, decimal_places=2, default=0)
    food_cost = models.DecimalField(_("food cost"), max_digits=12, decimal_places=2, default=0)
    balance = models.DecimalField(_("balance"), max_digits=12, decimal_places=2, default=0)
    meals_served = models.PositiveIntegerField(_("meals eaten"), default=0)
    cost_per_meal = models.DecimalField(
        _("cost per diner per meal"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    figures_at = models.DateTimeField(_("figures computed at"), null=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    access = Access(
        view=CANTEEN_READERS,  # staff roles only: teachers see the printed notice
        manage=CANTEEN_APPROVERS,
        extra_actions={"submit": CANTEEN_APPROVERS, "approve": frozenset({Role.PRINCIPAL})},
    )

    class Meta:
        verbose_name = _("meal-cost disclosure")
        verbose_name_plural = _("meal-cost disclosures")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "month"], name="canteen_disclosure_one_a_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="canteen_disclosure_first_day"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(approved_by__isnull=False),
                name="canteen_disclosure_published_approved",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("drafted_by")),
                name="canteen_disclosure_approver_not_drafter",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Meal costs of %(month)s") % {"month": f"{self.month:%Y-%m}"})

    def get_absolute_url(self) -> str:
        return reverse("canteen:costdisclosure_detail", args=[self.pk])


class SupplierLicenceNotice(models.Model):
    """A supplier's licence expiry already notified: one row per supplier and expiry date, so the
    daily task tells people once (a renewed licence has a new date and is told again)."""

    supplier = models.ForeignKey("core.Supplier", on_delete=models.CASCADE, related_name="+")
    expiry = models.DateField()
    notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "expiry"], name="canteen_licence_notice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} {self.expiry}"
