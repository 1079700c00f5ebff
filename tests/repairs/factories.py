"""Factories for repairs tests: a school with rooms, people of each role, assets, stock."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from assets.models import Asset, AssetCategory, Consumable
from core.choices import Role
from repairs import services
from repairs.choices import Category, Priority
from tests.factories import RoomFactory, UserFactory, room_of


class AssetCategoryFactory(DjangoModelFactory):
    class Meta:
        model = AssetCategory

    code = factory.Sequence(lambda n: f"2010{n:03d}")
    name = "台式计算机"
    useful_life_years = 6


class AssetFactory(DjangoModelFactory):
    class Meta:
        model = Asset

    code = factory.Sequence(lambda n: f"ZC-2026-{n:04d}")
    name = "投影仪"
    unit_price = Decimal("4200.00")
    purchase_date = dt.date(2024, 9, 1)
    status = "in_use"
    category = factory.SubFactory(AssetCategoryFactory, school=factory.SelfAttribute("..school"))
    room = factory.SubFactory(
        RoomFactory,
        building__campus__school=factory.SelfAttribute("....school"),
    )


def consumable(school, *, name="LED灯管", quantity="10", price="18.50", unit="支") -> Consumable:
    return Consumable.objects.create(
        school=school,
        name=name,
        unit=unit,
        quantity_on_hand=Decimal(quantity),
        unit_price=Decimal(price),
    )


def photo_upload(name="fault.jpg", size=(1200, 900), fmt="JPEG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def people(school) -> dict:
    return {
        "teacher": UserFactory(school=school, roles=[Role.TEACHER]),
        "logistics": UserFactory(school=school, roles=[Role.LOGISTICS]),
        "worker": UserFactory(school=school, roles=[Role.WORKER]),
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
    }


def file_request(school, reporter, room=None, **kwargs):
    kwargs.setdefault("category", Category.ELECTRICAL)
    kwargs.setdefault("description", "三楼东侧灯管闪烁，需要更换")
    kwargs.setdefault("urgency", Priority.NORMAL)
    if room is None and kwargs.get("asset") is None:
        room = room_of(school)
    return services.repair_request_create(school=school, reporter=reporter, room=room, **kwargs)
