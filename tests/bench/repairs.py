"""Repairs: filing end to end under load, and the dispatcher's board / API on 200,000 requests.

1. 300 simultaneous reporters (300 teachers, each with a session) open the filing form (session
   cookie, CSRF token, form token) and post it with a phone photo: once as people do (10-30 s
   to fill the form in), once as a burst (all post at the same instant, twice, no think time).
   gunicorn on loopback, the clients in threads on the same machine. Throughput, p95, errors.
2. 200,000 requests in one school: the board (HTML) and the API list, page 1 and filtered,
   query counts (the same with 30 rows as with 200,000: tests/repairs assert it) and p95.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import random
import re
import threading
import time
import uuid

from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image

from core.choices import Role
from core.models import Room, User
from repairs.choices import Category, Priority, Status
from repairs.models import RepairRequest
from tests.bench.report import Report, query_count, timed
from tests.factories import BuildingFactory, SchoolFactory, UserFactory

REPORTERS = 300
BOARD_ROWS = 200_000
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(rb'name="client_token" value="([^"]+)"')


def measure(report: Report) -> None:
    school = SchoolFactory()
    buildings = [BuildingFactory(school=school, campus__school=school) for _ in range(8)]
    rooms = Room.objects.bulk_create(
        [
            Room(school=school, building=buildings[i % 8], code=f"{i:03d}", name=f"教室{i}")
            for i in range(200)
        ]
    )
    UserFactory(school=school, roles=[Role.LOGISTICS], username="bench-logistics")
    teachers = [
        UserFactory(school=school, roles=[Role.TEACHER], username=f"bench-t{i}")
        for i in range(REPORTERS)
    ]
    _measure_filing(report, teachers, rooms)
    _measure_board(report, school, rooms, teachers)


# ---- 1. filing under load ----
def phone_photo() -> bytes:
    """A 2-megapixel JPEG of photo-like content (a gradient with sensor noise, ~300 KB)."""
    gradient = Image.linear_gradient("L").resize((1600, 1200))
    noise = Image.effect_noise((1600, 1200), 12)
    image = Image.merge("RGB", (gradient, Image.blend(gradient, noise, 0.3), noise))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def multipart(fields: dict[str, str], photo: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = "".join(parts).encode()
    file_head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; '
        f'filename="fault.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    ).encode()
    body = head + file_head + photo + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _measure_filing(report: Report, teachers: list[User], rooms: list[Room]) -> None:
    from tests.bench.server import serve

    photo = phone_photo()
    with serve(workers=4, threads=4) as address:
        host, port = address.split(":")
        # Everyone opens the form at the same instant and fills it in 10-30 s, as on a phone.
        _filing_round(report, teachers, rooms, photo, (host, int(port)), think=(10, 30), turns=1)
        # Worst case: everyone posts at the same instant, twice, with no think time at all.
        _filing_round(report, teachers, rooms, photo, (host, int(port)), think=None, turns=2)


def _filing_round(report, teachers, rooms, photo, server, *, think, turns) -> None:
    from tests.bench.server import Stats, session_cookie

    host, port = server
    cookies = [session_cookie(teacher) for teacher in teachers]
    form_stats, post_stats = Stats(), Stats()
    lock = threading.Lock()
    barrier = threading.Barrier(len(teachers))
    wrong: list[str] = []
    pause = random.Random(7)
    waits = [pause.uniform(*think) if think else 0.0 for _ in range(len(teachers) * turns)]
    # People do not open the form at the same millisecond: spread the openings over 10 s.
    opens = [pause.uniform(0, 10) if think else 0.0 for _ in range(len(teachers))]

    def reporter(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=120)
        cookie, room = cookies[index], rooms[index % len(rooms)]
        barrier.wait()
        time.sleep(opens[index])
        for turn in range(turns):
            start = time.perf_counter()
            form_ms = post_ms = None
            try:
                conn.request("GET", f"/repairs/new/?room={room.pk}", headers={"Cookie": cookie})
                response = conn.getresponse()
                page = response.read()
                form_ms = (time.perf_counter() - start) * 1000
                csrf_cookie = response.getheader("Set-Cookie", "").split(";")[0]
                body, content_type = multipart(
                    {
                        "csrfmiddlewaretoken": CSRF.search(page).group(1).decode(),
                        "client_token": TOKEN.search(page).group(1).decode(),
                        "room": str(room.pk),
                        "category": Category.ELECTRICAL,
                        "description": f"教室灯管闪烁（压测 {index}-{turn}）",
                        "urgency": Priority.NORMAL,
                    },
                    photo,
                )
                if think:  # the phone reconnects after the idle keep-alive was closed
                    time.sleep(waits[index * turns + turn])
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=120)
                sent = time.perf_counter()
                conn.request(
                    "POST",
                    "/repairs/new/",
                    body=body,
                    headers={
                        "Cookie": f"{cookie}; {csrf_cookie}",
                        "Content-Type": content_type,
                        "Referer": f"http://{host}:{port}/repairs/new/",
                    },
                )
                posted = conn.getresponse()
                posted.read()
                post_ms = (time.perf_counter() - sent) * 1000
                failed = posted.status != 302
                problem = str(posted.status)
            except (OSError, http.client.HTTPException, AttributeError) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=120)
                failed, problem = True, type(exc).__name__
            with lock:
                if form_ms is not None:
                    form_stats.latencies_ms.append(form_ms)
                if post_ms is not None:
                    post_stats.latencies_ms.append(post_ms)
                post_stats.errors += int(failed)
                if failed:
                    wrong.append(problem)
        conn.close()

    before = RepairRequest.objects.count()
    started = time.perf_counter()
    threads = [threading.Thread(target=reporter, args=(i,)) for i in range(len(teachers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    form_stats.seconds = post_stats.seconds = seconds
    filed = RepairRequest.objects.count() - before
    numbers = RepairRequest.objects.values("number").distinct().count()
    label = f"{len(teachers)} reporters, " + (
        f"opening over 10 s, {think[0]}-{think[1]} s to fill in"
        if think
        else f"all at the same instant, x{turns}"
    )
    report.add(
        f"filing ({label}): form GET",
        f"{form_stats.p95:.0f} ms p95",
        f"median {form_stats.median:.0f} ms",
    )
    report.add(
        f"filing ({label}): POST + {len(photo) // 1024} KB photo",
        f"{post_stats.p95:.0f} ms p95",
        f"median {post_stats.median:.0f} ms, {post_stats.errors} errors, "
        f"{filed} filed in {seconds:.0f} s ({filed / seconds:.1f}/s), "
        f"{numbers} distinct numbers in the table"
        + (f"; errors: {sorted(set(wrong))}" if wrong else ""),
    )


# ---- 2. the board and the API on 200,000 requests ----
def _bulk_requests(school, rooms, teachers, workers, rows: int = BOARD_ROWS) -> None:
    """Two years of a big school's log: old requests closed, the last 3,000 still moving (a
    smaller school, ``rows`` fewer than 200,000: the last twentieth; one every 5 minutes)."""
    closed = [Status.CONFIRMED] * 17 + [Status.REJECTED, Status.CONFIRMED, Status.CONFIRMED]
    moving = [Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.DONE]
    categories = Category.values
    priorities = [Priority.NORMAL, Priority.NORMAL, Priority.LOW, Priority.URGENT]
    now = timezone.now()
    batch = []
    moving_from = rows - min(3000, rows // 20)
    for i in range(rows):
        recent = i >= moving_from
        status = moving[i % len(moving)] if recent else closed[i % len(closed)]
        owned = status != Status.SUBMITTED
        assigned = status not in (Status.SUBMITTED, Status.ACCEPTED, Status.REJECTED)
        filed_at = now - dt.timedelta(minutes=5 * (rows - i))
        batch.append(
            RepairRequest(
                school=school,
                number=f"BX-{timezone.localtime(filed_at):%Y%m%d}-{i:06d}",
                category=categories[i % len(categories)],
                description=f"历史报修记录 {i}",
                priority=priorities[i % 4],
                room=rooms[i % len(rooms)],
                reporter=teachers[i % len(teachers)],
                filed_by=teachers[i % len(teachers)],
                status=status,
                owner=teachers[0] if owned else None,
                assignee=workers[i % len(workers)] if assigned else None,
                reject_reason="不属于维修范围" if status == Status.REJECTED else "",
                respond_due_at=filed_at + dt.timedelta(hours=4),
                finish_due_at=filed_at + dt.timedelta(days=3),
                responded_at=filed_at + dt.timedelta(hours=1) if owned else None,
                finished_at=filed_at + dt.timedelta(days=1)
                if status in (Status.DONE, Status.CONFIRMED)
                else None,
                rating=(i % 5) + 1 if status == Status.CONFIRMED else None,
            )
        )
        if len(batch) == 10_000:
            RepairRequest.objects.bulk_create(batch)
            batch = []
    if batch:
        RepairRequest.objects.bulk_create(batch)
    with connection.cursor() as cursor:  # created_at is auto_now_add: set the real dates
        cursor.execute(
            "UPDATE repairs_repairrequest SET created_at = respond_due_at - interval '4 hours' "
            "WHERE school_id = %s",
            [school.pk],
        )
        cursor.execute("VACUUM ANALYZE repairs_repairrequest")


def _measure_board(report: Report, school, rooms, teachers) -> None:
    workers = [
        UserFactory(school=school, roles=[Role.WORKER], username=f"bench-worker{i}")
        for i in range(12)
    ]
    worker = workers[0]
    director = UserFactory(school=school, roles=[Role.DIRECTOR], username="bench-director")
    started = time.perf_counter()
    _bulk_requests(school, rooms, teachers, workers)
    report.add(
        f"board data: {BOARD_ROWS} requests bulk-loaded",
        f"{time.perf_counter() - started:.0f} s",
        f"{RepairRequest.objects.count()} rows in total",
    )
    client = Client()
    client.force_login(director)
    building = rooms[0].building_id
    for label, url in [
        ("board page 1", "/repairs/"),
        ("board, open + urgent", "/repairs/?status=submitted&status=assigned&priority=urgent"),
        ("board, building + worker", f"/repairs/?building={building}&assignee={worker.pk}"),
        ("board page 100", "/repairs/?page=100"),
        ("API list page 1", "/api/v1/repairs/requests/"),
        ("API list, status + category", "/api/v1/repairs/requests/?status=done&category=plumbing"),
        ("API list page 100", "/api/v1/repairs/requests/?page=100"),
        ("a worker's jobs", None),
    ]:
        if url is None:
            job_client = Client()
            job_client.force_login(worker)
            url, active = "/repairs/jobs/", job_client
        else:
            active = client
        assert active.get(url).status_code == 200, url
        queries = query_count(lambda url=url, active=active: active.get(url))
        median, p95 = timed(lambda url=url, active=active: active.get(url), repeat=20)
        report.add(
            f"{label} ({BOARD_ROWS} requests)",
            f"{p95:.0f} ms p95",
            f"median {median:.0f} ms, {queries} queries",
        )
    _measure_board_concurrent(report, director)


def _measure_board_concurrent(report: Report, director) -> None:
    from tests.bench.server import get, hammer, serve, session_cookie

    cookie = session_cookie(director)
    with serve(workers=4, threads=2) as address:
        for label, url in [("board", "/repairs/"), ("API list", "/api/v1/repairs/requests/")]:
            stats = hammer(address, get(url, cookie), clients=10, requests=200)
            report.add(
                f"{label}, 10 clients, {BOARD_ROWS} requests (gunicorn)",
                f"{stats.p95:.0f} ms p95",
                stats.summary(),
            )
