"""Factories of goods acceptance: suppliers, deliveries through the service, diners, income."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from canteen.models import DinerCount, MealIncome
from canteen.services import acceptance as services
from canteen.services.acceptance import LineInput
from core.choices import Role
from core.models import Supplier
from tests.factories import UserFactory

SEQ = itertools.count(1)


def supplier_of(school, **kwargs) -> Supplier:
    defaults = {
        "name": f"供应商{next(SEQ)}",
        "licence_number": f"JY1{next(SEQ):013d}",
        "licence_expiry": timezone.localdate() + dt.timedelta(days=365),
    }
    return Supplier.objects.create(school=school, **{**defaults, **kwargs})


def cook(school, **kwargs):
    return UserFactory(school=school, roles=[Role.CANTEEN], **kwargs)


def line(**kwargs) -> LineInput:
    """A fresh vegetable line (not bulk food), delivered today."""
    today = timezone.localdate()
    values = {
        "product": "青菜",
        "category": "vegetables",
        "quantity": Decimal("20.00"),
        "unit": "kg",
        "unit_price": Decimal("3.50"),
        "production_date": today,
        "shelf_life_days": 3,
    }
    return LineInput(**{**values, **kwargs})


def delivery_of(school, *, lines=None, second=None, date=None, supplier=None, **kwargs):
    """A delivery recorded through the service (the one way one is written)."""
    acceptor = kwargs.pop("acceptor", None) or cook(school)
    bulk = any(
        item.category in ("rice", "flour", "oil", "meat", "eggs", "milk") for item in lines or []
    )
    supplier = supplier or supplier_of(school)
    if (bulk or supplier.is_bulk_food) and second is None:
        second = cook(school)
    return services.delivery_record(
        actor=acceptor,
        date=date or timezone.localdate(),
        supplier=supplier,
        acceptor=acceptor,
        second_acceptor=second,
        lines=lines or [line()],
        **kwargs,
    )


def diners(school, day, meal="lunch", students=300, staff=20) -> DinerCount:
    return DinerCount.objects.create(
        school=school, day=day, meal=meal, students=students, staff=staff
    )


def income(school, month, amount) -> MealIncome:
    return MealIncome.objects.create(school=school, month=month, amount=Decimal(amount))


def photo_upload(name="certificate.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 180, 90)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf_upload(name="invoice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")
