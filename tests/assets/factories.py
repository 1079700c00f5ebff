import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assets.models import Asset, AssetCategory, Consumable
from tests.factories import SchoolFactory
from tests.factories import room_of as room_of  # the one room lookup, re-exported


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = AssetCategory
        django_get_or_create = ("school", "code")

    school = factory.SubFactory(SchoolFactory)
    code = "2101"
    name = "计算机设备"
    useful_life_years = 6
    depreciable = True


class AssetFactory(DjangoModelFactory):
    class Meta:
        model = Asset

    school = factory.SubFactory(SchoolFactory)
    category = factory.SubFactory(CategoryFactory, school=factory.SelfAttribute("..school"))
    code = factory.Sequence(lambda n: f"T-{n + 1:06d}")
    name = factory.Sequence(lambda n: f"办公电脑{n + 1}")
    unit_price = Decimal("4800.00")
    purchase_date = dt.date(2022, 9, 1)


class ConsumableFactory(DjangoModelFactory):
    class Meta:
        model = Consumable

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"灯管{n + 1}")
    unit = "支"
    quantity_on_hand = Decimal("10")
    reorder_level = Decimal("5")
