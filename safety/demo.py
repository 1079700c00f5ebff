"""The demo school's safety routines, fire equipment, drills, gate log and winter-holiday duty.

Idempotent (natural keys): running it again changes nothing. Called by core's seed_demo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.choices import RoomType
from core.models import Building, Holiday, Room, School, User
from safety import services
from safety.choices import (
    AgentType,
    DrillStatus,
    DrillType,
    EquipmentKind,
    Frequency,
    PlaceScope,
    TermPoint,
)
from safety.generation import rounds_generate
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)

# name, settings, places, items: (text, guidance, photo required on failure)
# (name, template settings, places, [(item, guidance, photo required on failure)])
ROUTINES: list[tuple[str, dict[str, Any], dict[str, list[str]], list[tuple[str, str, bool]]]] = [
    (
        "日常安全巡查",
        {"frequency": Frequency.DAILY},
        {"room_types": [RoomType.CLASSROOM]},
        [
            ("门窗完好，无玻璃破损", "重点看窗户限位器和门吸", False),
            ("电源插座、开关无裸露破损", "", True),
            ("疏散通道畅通，无杂物堆放", "", False),
            ("灯具、吊扇固定牢靠", "", False),
            ("地面无湿滑、无尖锐物", "", False),
        ],
    ),
    (
        "食堂燃气电气周检",
        {"frequency": Frequency.WEEKLY, "weekday": 2},
        {"room_types": [RoomType.CANTEEN]},
        [
            ("燃气管道、阀门、软管无泄漏", "用肥皂水涂抹接口检查，严禁明火试漏", True),
            ("燃气泄漏报警器工作正常", "按测试键，应有声光报警", False),
            ("配电箱关闭上锁，周围无积油杂物", "", False),
            ("电器线路无老化、无私拉乱接", "", True),
            ("门窗、排烟管道完好清洁", "", False),
        ],
    ),
    (
        "周一体育器械检查",
        {"frequency": Frequency.WEEKLY, "weekday": 0},
        {"room_types": [RoomType.PLAYGROUND]},
        [
            ("单双杠、攀爬架焊点无开裂、无松动", "用手摇动检查", True),
            ("篮球架、足球门底座稳固", "", True),
            ("塑胶跑道无破损、鼓包", "", False),
            ("沙坑内无尖锐杂物", "", False),
        ],
    ),
    (
        "教室吊扇月初检查",
        {"frequency": Frequency.MONTHLY, "day_of_month": 1},
        {"room_types": [RoomType.CLASSROOM]},
        [
            ("吊钩牢固，防坠链（保险钢丝）完好", "断电后检查", True),
            ("扇叶无变形、无裂纹", "", False),
            ("调速开关正常，运转无异响", "", False),
        ],
    ),
    (
        "楼梯窗户月检",
        {"frequency": Frequency.MONTHLY, "day_of_month": 15},
        {"buildings": ["A", "B"]},
        [
            ("楼梯间窗户限位器完好，开启不超过规定宽度", "", True),
            ("楼梯护栏、扶手牢固无松动", "", True),
            ("应急照明、疏散指示标志正常", "按测试键检查", False),
        ],
    ),
    (
        "校舍安全检查（期初、期中、期末）",
        {"frequency": Frequency.TERM, "term_points": [p.value for p in TermPoint]},
        {"buildings": ["A", "B", "C", "D"]},
        [
            ("墙体、梁柱无新增裂缝", "对照上次记录的裂缝位置拍照比对", True),
            ("屋面、天花板无渗漏", "", False),
            ("外墙饰面无空鼓、脱落", "", True),
            ("栏杆、扶手高度和牢固程度符合要求", "", False),
            ("防雷设施完好", "", False),
        ],
    ),
    (
        "灭火器月检",
        {"frequency": Frequency.MONTHLY, "day_of_month": 5},
        {"buildings": ["A", "B", "C", "D"]},
        [
            ("压力表指针在绿区", "", True),
            ("铅封、保险销完好", "", False),
            ("瓶体无锈蚀、喷管无老化", "", False),
            ("放置位置明显，无遮挡", "", False),
        ],
    ),
    (
        "每日防火巡查",
        {"frequency": Frequency.DAILY, "runs_in_holidays": True},
        {"buildings": ["A", "B", "C", "D"]},
        [
            ("疏散通道、安全出口畅通", "", True),
            ("消防设施、器材在位完好", "", False),
            ("常闭式防火门处于关闭状态", "", False),
            ("用火、用电无违章", "", True),
        ],
    ),
    (
        "重点部位防火巡查（每2小时）",
        {
            "frequency": Frequency.HOURLY,
            "interval_hours": 2,
            "in_use_from": dt.time(7),
            "in_use_until": dt.time(19),
        },
        {"room_types": [RoomType.CANTEEN, RoomType.LAB, RoomType.DORMITORY]},
        [
            ("燃气、电器使用规范，人走断电", "", False),
            ("危险化学品柜双人双锁", "实验室", True),
            ("无违规使用大功率电器", "", False),
        ],
    ),
]

DEMO_ROUNDS_DAYS_BACK = 3

EQUIPMENT = [
    # code, kind, agent, capacity, room key, produced, next service (days from today), expiry
    ("MHQ-A-01", EquipmentKind.EXTINGUISHER, AgentType.DRY_POWDER, "4kg", "A-101", 2022, 20, 2032),
    ("MHQ-A-02", EquipmentKind.EXTINGUISHER, AgentType.DRY_POWDER, "4kg", "A-201", 2022, 140, 2032),
    ("MHQ-A-03", EquipmentKind.EXTINGUISHER, AgentType.DRY_POWDER, "4kg", "A-301", 2023, 200, 2033),
    ("MHQ-A-04", EquipmentKind.EXTINGUISHER, AgentType.CO2, "3kg", "A-401", 2021, 12, 2031),
    ("MHQ-B-01", EquipmentKind.EXTINGUISHER, AgentType.CO2, "5kg", "B-201", 2023, 90, 2033),
    ("MHQ-B-02", EquipmentKind.EXTINGUISHER, AgentType.DRY_POWDER, "4kg", "B-101", 2020, 45, 2030),
    ("MHQ-C-01", EquipmentKind.EXTINGUISHER, AgentType.FOAM, "6L", "C-102", 2024, 250, 2030),
    ("MHQ-C-02", EquipmentKind.EXTINGUISHER, AgentType.DRY_POWDER, "8kg", "C-101", 2022, 5, 2032),
    (
        "XHS-A-01",
        EquipmentKind.HYDRANT,
        AgentType.WATER_SUPPLY,
        "DN65 25m",
        "A-101",
        2012,
        60,
        2037,
    ),
    (
        "XHS-C-01",
        EquipmentKind.HYDRANT,
        AgentType.WATER_SUPPLY,
        "DN65 25m",
        "C-101",
        2012,
        60,
        2037,
    ),
]

VISITORS = [
    ("周建华", "2316", "滨江区教育局", "开学安全检查", "王建国主任", 9, 11),
    ("林晓燕", "058X", "三(2)班家长", "给孩子送药", "刘芳老师", 10, 10),
    ("马志强", "7741", "城东消防设施维保公司", "灭火器年度检修", "陈晓东", 14, None),
]


def seed_safety_demo() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    with transaction.atomic():
        users = {u.username: u for u in User.objects.filter(school=school)}
        rooms = {
            f"{r.building.code}-{r.code}": r
            for r in Room.objects.filter(school=school).select_related("building")
        }
        _seed_routines(school, users)
        _seed_equipment(school, rooms)
        _seed_drills(school)
        _seed_visitors(school)
        _seed_roster(school, users)
        _seed_hazard(school, users, rooms)
    # Start the rounds a few days back, as if the office had been using Zongwu since last week:
    # the inspector's list then shows overdue rounds at any hour (today's are only overdue at night).
    today = timezone.localdate()
    started = InspectionTemplate.objects.filter(
        school=school, name__in=[r[0] for r in ROUTINES], generated_through__isnull=False
    )
    if not started.exists():  # a second seeding must not move the generation back
        back = today - dt.timedelta(days=DEMO_ROUNDS_DAYS_BACK)
        rounds_generate(school_ids=[school.pk], today=back)
    rounds_generate(school_ids=[school.pk], today=today)


def _seed_routines(school: School, users: dict[str, User]) -> None:
    buildings = {b.code: b for b in Building.objects.filter(school=school)}
    for name, settings, places, items in ROUTINES:
        template, created = InspectionTemplate.objects.get_or_create(
            school=school,
            name=name,
            defaults={
                **settings,
                "applies_to": PlaceScope.BUILDINGS
                if "buildings" in places
                else PlaceScope.ROOM_TYPES,
                "room_types": places.get("room_types", []),
                "default_assignee": users.get("logistics1"),
            },
        )
        if not created:
            continue
        template.buildings.set(
            [buildings[c] for c in places.get("buildings", []) if c in buildings]
        )
        TemplateItem.objects.bulk_create(
            [
                TemplateItem(
                    school=school,
                    template=template,
                    position=position,
                    text=text,
                    guidance=guidance,
                    photo_required_on_failure=photo,
                )
                for position, (text, guidance, photo) in enumerate(items, start=1)
            ]
        )
        # core's demo always creates the director (its own seed reads users["director"]).
        services.template_activate(template=template, actor=users["director"])


def _seed_equipment(school: School, rooms: dict[str, Room]) -> None:
    today = timezone.localdate()
    for code, kind, agent, capacity, room, made, service_in, expires in EQUIPMENT:
        if room not in rooms:
            continue
        FireEquipment.objects.get_or_create(
            school=school,
            code=code,
            defaults={
                "kind": kind,
                "agent": agent,
                "capacity": capacity,
                "room": rooms[room],
                "production_date": dt.date(made, 6, 1),
                "next_service_date": today + dt.timedelta(days=service_in),
                "expiry_date": dt.date(expires, 6, 1),
                "last_checked_on": today - dt.timedelta(days=today.day),
            },
        )


def _seed_drills(school: School) -> None:
    building = Building.objects.filter(school=school, code="A").first()
    drills = [
        (
            "秋季开学消防疏散演练",
            DrillType.FIRE,
            dt.date(2026, 9, 18),
            DrillStatus.HELD,
            1180,
            105,
            "全校师生参与，警报响起后按预定路线疏散至田径场，各班清点人数上报。",
        ),
        (
            "防震减灾应急疏散演练",
            DrillType.EARTHQUAKE,
            dt.date(2026, 10, 16),
            DrillStatus.HELD,
            1150,
            138,
            "三楼西侧楼梯口出现拥堵，疏散用时超过两分钟，需调整三年级疏散路线。",
        ),
        (
            "防暴恐应急演练",
            DrillType.INTRUDER,
            dt.date(2026, 12, 11),
            DrillStatus.PLANNED,
            0,
            None,
            "与辖区派出所联合组织，门卫和值班行政参加。",
        ),
    ]
    for title, kind, date, status, people, seconds, notes in drills:
        Drill.objects.get_or_create(
            school=school,
            title=title,
            defaults={
                "drill_type": kind,
                "date": date,
                "status": status,
                "building": building,
                "participants": people,
                "evacuation_seconds": seconds,
                "notes": notes,
            },
        )


def _seed_visitors(school: School) -> None:
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for name, last4, unit, reason, host, hour_in, hour_out in VISITORS:
        time_in = dt.datetime.combine(today, dt.time(hour_in, 5), tzinfo=tz)
        Visitor.objects.get_or_create(
            school=school,
            name=name,
            id_last4=last4,
            defaults={
                "unit": unit,
                "reason": reason,
                "host": host,
                "time_in": time_in,
                "time_out": time_in + dt.timedelta(minutes=50) if hour_out else None,
            },
        )


def _seed_roster(school: School, users: dict[str, User]) -> None:
    roster, created = DutyRoster.objects.get_or_create(
        school=school,
        name="2027年寒假值班表",
        defaults={
            "holiday": Holiday.objects.filter(school=school, name="寒假").first(),
            "start": dt.date(2027, 1, 23),
            "end": dt.date(2027, 2, 21),
            "leader_phone": "0571-8888 0110",
        },
    )
    if not created:
        return
    leaders = [users[u] for u in ("director", "principal") if u in users]
    staff = [users[u] for u in ("logistics1", "worker1") if u in users]
    shifts = []
    day = roster.start
    index = 0
    while day <= roster.end and leaders and staff:
        shifts.append(
            DutyShift(
                school=school,
                roster=roster,
                date=day,
                person=leaders[index % len(leaders)],
                is_leader=True,
            )
        )
        shifts.append(
            DutyShift(
                school=school,
                roster=roster,
                date=day,
                person=staff[index % len(staff)],
                note="白天巡查校园一次",
            )
        )
        day += dt.timedelta(days=1)
        index += 1
    DutyShift.objects.bulk_create(shifts)


def _seed_hazard(school: School, users: dict[str, User], rooms: dict[str, Room]) -> None:
    teacher = users.get("teacher2")
    if teacher is None or Hazard.objects.filter(school=school, found_by=teacher).exists():
        return
    services.hazard_report(
        school=school,
        reporter=teacher,
        description="二楼东侧楼梯扶手松动，课间学生拥挤时有晃动",
        room=rooms.get("A-201"),
        location_note="二楼东侧楼梯",
    )
