"""The demo school's repair requests, one in each step of the workflow.

Idempotent: each request has a fixed form token, so running it again files nothing new, and a
step is only taken when the request is still before it. Called by core's seed_demo.
"""

from __future__ import annotations

import uuid

from core.choices import RoomType
from core.models import Room, School, User
from repairs import services
from repairs.choices import Category, Priority, Status
from repairs.models import RepairRequest

NAMESPACE = uuid.UUID("6d1f3c2e-52a4-4c1b-9a3e-2b8f0c7d9e10")

# reporter, category, urgency, what is wrong, how far it has got
REQUESTS = [
    (
        "teacher1",
        Category.ELECTRICAL,
        Priority.NORMAL,
        "教室后排两支灯管闪烁，学生看黑板很吃力",
        "submitted",
    ),
    (
        "teacher2",
        Category.PLUMBING,
        Priority.URGENT,
        "二楼男厕洗手池水龙头关不紧，一直在滴水",
        "in_progress",
    ),
    ("teacher1", Category.FURNITURE, Priority.LOW, "讲台抽屉滑轨断了，抽屉拉不出来", "done"),
    (
        "teacher2",
        Category.DOORS_WINDOWS,
        Priority.NORMAL,
        "教室前门闭门器漏油，门关不严",
        "confirmed",
    ),
]
ORDER = ["submitted", "in_progress", "done", "confirmed"]


def seed_repairs_demo() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    people = {u.username: u for u in User.objects.filter(school=school)}
    office, worker = people.get("logistics1"), people.get("worker1")
    rooms = list(
        Room.objects.filter(school=school, room_type=RoomType.CLASSROOM).order_by(
            "building__code", "code"
        )[: len(REQUESTS)]
    )
    seed_other_schools_requests()
    if office is None or worker is None or len(rooms) < len(REQUESTS):
        return
    for index, (username, category, urgency, text, stage) in enumerate(REQUESTS):
        request = services.repair_request_create(
            school=school,
            reporter=people[username],
            category=category,
            description=text,
            urgency=urgency,
            room=rooms[index],
            client_token=uuid.uuid5(NAMESPACE, text),
        )
        _advance(request, ORDER.index(stage), office, worker)


# The district's other schools (core.demo): a few requests each, so their figures differ.
OTHER_REQUESTS = {
    "qingshan": ["实验室水龙头漏水", "操场围网破损", "初一(1)班投影仪不亮"],
    "binjiang-kg": ["午睡室空调异响"],
}


def seed_other_schools_requests() -> None:
    for code, texts in OTHER_REQUESTS.items():
        room = Room.objects.filter(school__code=code).select_related("school").first()
        reporter = User.objects.filter(school__code=code).first()
        if room is None or reporter is None:
            continue
        for text in texts:
            services.repair_request_create(
                school=room.school,
                reporter=reporter,
                category=Category.OTHER,
                description=text,
                urgency=Priority.NORMAL,
                room=room,
                client_token=uuid.uuid5(NAMESPACE, f"{code}:{text}"),
            )


def _advance(request: RepairRequest, target: int, office: User, worker: User) -> None:
    if target >= 1 and request.status == Status.SUBMITTED:
        request = services.repair_request_assign(request=request, assignee=worker, actor=office)
        request = services.repair_request_start(request=request, actor=worker)
    if target >= 2 and request.status == Status.IN_PROGRESS:
        services.work_record_add(
            request=request, actor=worker, description="已检修并更换损坏部件", minutes=40
        )
        request = services.repair_request_finish(request=request, actor=worker)
    if target >= 3 and request.status == Status.DONE:
        services.repair_request_confirm(
            request=request, actor=request.reporter, rating=5, comment="维修及时，师傅很负责"
        )
