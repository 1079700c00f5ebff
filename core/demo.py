"""The demo school used by `make run` and `seed_demo`: realistic, idempotent (natural keys)."""

from __future__ import annotations

import datetime as dt
import importlib

from django.db import transaction

from core import services
from core.choices import HolidayKind, Role, RoomType, SchoolKind
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

DEMO_PASSWORD = "zongwu-demo"  # documented in the README; demo only

USERS = [
    # username, family name, given name, roles, department
    ("admin", "周", "敏", [Role.ADMIN], "校长室"),
    ("director", "王", "建国", [Role.DIRECTOR], "总务处"),
    ("principal", "李", "文华", [Role.PRINCIPAL], "校长室"),
    ("logistics1", "陈", "晓东", [Role.LOGISTICS], "总务处"),
    ("worker1", "赵", "师傅", [Role.WORKER], "总务处"),
    ("canteen1", "孙", "丽", [Role.CANTEEN], "食堂"),
    ("canteenmgr", "黄", "海燕", [Role.CANTEEN_MANAGER], "食堂"),
    ("teacher1", "刘", "芳", [Role.TEACHER], "语文教研组"),
    ("teacher2", "张", "伟", [Role.TEACHER], "数学教研组"),
]

DEPARTMENTS = [
    "校长室",
    "总务处",
    "教务处",
    "德育处",
    "食堂",
    "语文教研组",
    "数学教研组",
    "英语教研组",
    "科学教研组",
]

# building code, name, floors, rooms: (code, name, floor, type)
BUILDINGS = [
    (
        "A",
        "明德楼",
        4,
        [
            *[
                (f"{floor}0{n}", f"{floor}年级{n}班教室", floor, RoomType.CLASSROOM)
                for floor in range(1, 4)
                for n in range(1, 5)
            ],
            ("401", "总务处办公室", 4, RoomType.OFFICE),
            ("402", "教师办公室", 4, RoomType.OFFICE),
            ("403", "校史陈列室", 4, RoomType.OTHER),
        ],
    ),
    (
        "B",
        "格致楼",
        3,
        [
            ("101", "科学实验室", 1, RoomType.LAB),
            ("102", "仪器室", 1, RoomType.STORAGE),
            ("201", "计算机教室", 2, RoomType.LAB),
            ("202", "音乐教室", 2, RoomType.CLASSROOM),
            ("301", "图书馆", 3, RoomType.LIBRARY),
            ("302", "美术教室", 3, RoomType.CLASSROOM),
        ],
    ),
    (
        "C",
        "食堂",
        2,
        [
            ("101", "学生餐厅", 1, RoomType.CANTEEN),
            ("102", "操作间", 1, RoomType.CANTEEN),
            ("103", "留样间", 1, RoomType.CANTEEN),
            ("201", "教工餐厅", 2, RoomType.CANTEEN),
        ],
    ),
    (
        "D",
        "体育馆",
        1,
        [
            ("101", "室内篮球场", 1, RoomType.GYM),
            ("102", "体育器材室", 1, RoomType.STORAGE),
        ],
    ),
    (
        "P",
        "运动场",
        1,
        [
            ("01", "田径场", 1, RoomType.PLAYGROUND),
            ("02", "大型玩具区", 1, RoomType.PLAYGROUND),
        ],
    ),
]


@transaction.atomic
def seed_demo_school() -> School:
    school, _ = School.objects.get_or_create(
        code="hongxing",
        defaults={
            "name": "红星实验小学",
            "kind": SchoolKind.PRIMARY,
            "district": "滨江区",
            "address": "滨江区学府路 18 号",
            "phone": "0571-8888 0000",
        },
    )
    departments = {
        name: Department.objects.get_or_create(school=school, name=name)[0] for name in DEPARTMENTS
    }
    campus, _ = Campus.objects.get_or_create(
        school=school, name="本部校区", defaults={"address": school.address}
    )
    rooms = _seed_buildings(school, campus)
    users = _seed_users(school, departments)
    _seed_classes(school, rooms, users)
    _seed_calendar(school)
    _seed_other_school()
    _seed_modules()
    return school


DOMAIN_APPS = ("assets", "repairs", "safety", "canteen", "finance", "planning")


def _seed_modules() -> None:
    """Each module may ship `<app>/demo.py` with an idempotent `seed_<app>_demo()`."""
    for app in DOMAIN_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        getattr(module, f"seed_{app}_demo")()


def _seed_buildings(school: School, campus: Campus) -> dict[str, Room]:
    rooms = {}
    for code, name, floors, room_specs in BUILDINGS:
        building, _ = Building.objects.get_or_create(
            school=school,
            code=code,
            defaults={"campus": campus, "name": name, "floors": floors, "year_built": 2012},
        )
        for room_code, room_name, floor, room_type in room_specs:
            room, _ = Room.objects.get_or_create(
                school=school,
                building=building,
                code=room_code,
                defaults={
                    "name": room_name,
                    "floor": floor,
                    "room_type": room_type,
                    "area": 72 if room_type == RoomType.CLASSROOM else 45,
                },
            )
            rooms[f"{code}-{room_code}"] = room
    return rooms


def _seed_users(school: School, departments: dict[str, Department]) -> dict[str, User]:
    users = {}
    for username, family, given, roles, department in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                last_name=family,
                first_name=given,
                school=school,
                department=departments[department],
                email=f"{username}@hongxing.example.edu.cn",
                is_staff=Role.ADMIN in roles,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        services.user_set_roles(user=user, roles=roles)
        users[username] = user
    _seed_homeroom_teachers(school, departments, users)
    Department.objects.filter(pk=departments["总务处"].pk, head__isnull=True).update(
        head=users["director"]
    )
    return users


def _seed_homeroom_teachers(school, departments, users) -> None:
    names = [
        ("吴", "静"),
        ("郑", "磊"),
        ("冯", "雪"),
        ("何", "军"),
        ("许", "燕"),
        ("韩", "涛"),
        ("曹", "颖"),
        ("彭", "亮"),
        ("蒋", "欣"),
        ("沈", "杰"),
    ]
    for index, (family, given) in enumerate(names, start=1):
        username = f"teacher{index + 2}"
        if User.objects.filter(username=username).exists():
            users[username] = User.objects.get(username=username)
            continue
        user = User(
            username=username,
            last_name=family,
            first_name=given,
            school=school,
            department=departments["语文教研组"],
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        services.user_set_roles(user=user, roles=[Role.TEACHER])
        users[username] = user


def _seed_classes(school: School, rooms: dict[str, Room], users: dict[str, User]) -> None:
    teachers = [users["teacher1"], users["teacher2"]] + [users[f"teacher{i}"] for i in range(3, 13)]
    index = 0
    for grade in range(1, 4):
        for number in range(1, 5):
            SchoolClass.objects.get_or_create(
                school=school,
                grade=grade,
                number=number,
                defaults={
                    "homeroom_teacher": teachers[index % len(teachers)],
                    "room": rooms.get(f"A-{grade}0{number}"),
                },
            )
            index += 1


def _seed_calendar(school: School) -> None:
    terms = [
        ("2026—2027学年第一学期", dt.date(2026, 9, 1), dt.date(2027, 1, 22)),
        ("2026—2027学年第二学期", dt.date(2027, 2, 22), dt.date(2027, 7, 2)),
    ]
    for name, start, end in terms:
        Term.objects.get_or_create(school=school, name=name, defaults={"start": start, "end": end})
    holidays = [
        ("国庆节", dt.date(2026, 10, 1), dt.date(2026, 10, 7)),
        ("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 1)),
        ("寒假", dt.date(2027, 1, 23), dt.date(2027, 2, 21)),
        ("清明节", dt.date(2027, 4, 5), dt.date(2027, 4, 5)),
        ("劳动节", dt.date(2027, 5, 1), dt.date(2027, 5, 5)),
        ("暑假", dt.date(2027, 7, 3), dt.date(2027, 8, 31)),
    ]
    for name, start, end in holidays:
        Holiday.objects.get_or_create(school=school, name=name, start=start, defaults={"end": end})
    # A Saturday worked for the National Day week (调休): rounds and SLA count it.
    make_up = dt.date(2026, 10, 10)
    Holiday.objects.get_or_create(
        school=school,
        name="国庆节调休上班",
        start=make_up,
        defaults={"end": make_up, "kind": HolidayKind.MAKE_UP},
    )


# Two more schools of the district (the district comparison needs three with different figures):
# code, name, kind, room name, teacher's username.
OTHER_SCHOOLS = [
    ("qingshan", "青山中学", SchoolKind.JUNIOR, "初一(1)班教室", "qs_teacher"),
    ("binjiang-kg", "滨江实验幼儿园", SchoolKind.KINDERGARTEN, "小一班活动室", "kg_teacher"),
]


def _seed_other_school() -> None:
    """Other schools in the same deployment: their data must never show up for the first; a
    district viewer (教育局) reads all three."""
    district = [School.objects.get(code="hongxing")]
    for code, name, kind, room_name, teacher in OTHER_SCHOOLS:
        district.append(_seed_small_school(code, name, kind, room_name, teacher))
    viewer = User.objects.filter(username="district1").first()
    if viewer is None:
        viewer = User(username="district1", last_name="吴", first_name="区教育局")
        viewer.set_password(DEMO_PASSWORD)
        viewer.save()
    services.user_set_roles(user=viewer, roles=[Role.DISTRICT])
    viewer.district_schools.add(*district)


def _seed_small_school(code, name, kind, room_name, teacher) -> School:
    other, _ = School.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "district": "滨江区"}
    )
    campus, _ = Campus.objects.get_or_create(school=other, name=f"{name}校区")
    building, _ = Building.objects.get_or_create(
        school=other, code="A", defaults={"campus": campus, "name": "教学楼", "floors": 5}
    )
    Room.objects.get_or_create(
        school=other, building=building, code="101", defaults={"name": room_name, "floor": 1}
    )
    if not User.objects.filter(username=teacher).exists():
        user = User(username=teacher, last_name="钱", first_name="老师", school=other)
        user.set_password(DEMO_PASSWORD)
        user.save()
        services.user_set_roles(user=user, roles=[Role.TEACHER])
    return other
