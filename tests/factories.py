"""factory_boy factories for core; each module adds its own under tests/<app>/factories.py."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from core import services
from core.choices import RoomType
from core.models import (
    Building,
    Campus,
    Department,
    Holiday,
    Room,
    School,
    SchoolClass,
    Term,
    User,
)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"第{n + 1}实验小学")
    code = factory.Sequence(lambda n: f"school-{n + 1}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n + 1}")
    last_name = "王"
    first_name = factory.Sequence(lambda n: f"老师{n + 1}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.edu.cn")
    school = factory.SubFactory(SchoolFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            services.user_set_roles(user=self, roles=extracted)


class CampusFactory(DjangoModelFactory):
    class Meta:
        model = Campus

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"校区{n + 1}")


class BuildingFactory(DjangoModelFactory):
    class Meta:
        model = Building

    campus = factory.SubFactory(CampusFactory)
    school = factory.SelfAttribute("campus.school")
    code = factory.Sequence(lambda n: f"B{n + 1}")
    name = factory.Sequence(lambda n: f"教学楼{n + 1}")
    floors = 4


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    building = factory.SubFactory(BuildingFactory)
    school = factory.SelfAttribute("building.school")
    code = factory.Sequence(lambda n: f"{100 + n}")
    name = factory.Sequence(lambda n: f"教室{n + 1}")
    floor = 1
    room_type = RoomType.CLASSROOM


def room_of(school, **kwargs) -> Room:
    """A room of `school` in a building and campus of the same school (the one room lookup)."""
    return RoomFactory(
        school=school, building__school=school, building__campus__school=school, **kwargs
    )


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"教研组{n + 1}")


class SchoolClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    grade = 3
    number = factory.Sequence(lambda n: n % 99 + 1)


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"{2026 + n}学年第一学期")
    start = dt.date(2026, 9, 1)
    end = dt.date(2027, 1, 22)


class HolidayFactory(DjangoModelFactory):
    class Meta:
        model = Holiday

    school = factory.SubFactory(SchoolFactory)
    name = "国庆节"
    start = dt.date(2026, 10, 1)
    end = dt.date(2026, 10, 7)
