"""In-app notifications with an e-mail copy sent once after commit; the bell in the header."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import services
from core.choices import Role
from core.models import Notification
from core.tasks import send_notification_emails

UNREAD = re.compile(r'data-testid="unread-count">(\d+)<')


def notify(recipients, school, **extra):
    return services.notify(recipients=recipients, school=school, title="水管漏水", **extra)


def unread_badge(client):
    match = UNREAD.search(client.get("/").content.decode())
    return int(match.group(1)) if match else None


# ---- notify() and the e-mail copy ----


def test_notify_creates_one_in_app_notification_per_recipient(make_user, school):
    alice, bob = make_user(Role.WORKER), make_user(Role.WORKER)

    notify([alice, bob, alice], school, body="三楼男厕", url="/places/rooms/")

    assert alice.notifications.get().title == "水管漏水"
    assert bob.notifications.get().url == "/places/rooms/"


def test_notification_email_is_sent_only_after_commit(
    make_user, school, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://zongwu.example.edu.cn"
    worker = make_user(Role.WORKER)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notify([worker], school, body="三楼男厕", url="/repairs/1/")
        assert mailoutbox == []  # the atomic block is over, the outer transaction is not

    # One sending task (the other callbacks retire cached counts: core.querycache).
    assert len([c for c in callbacks if getattr(c, "func", c).__module__ != "core.querycache"]) == 1
    (mail,) = mailoutbox
    assert mail.to == [worker.email]
    assert mail.subject == "水管漏水"
    assert "三楼男厕" in mail.body
    assert "https://zongwu.example.edu.cn/repairs/1/" in mail.body


def test_notification_email_is_not_sent_when_the_transaction_rolls_back(
    make_user, school, mailoutbox, django_capture_on_commit_callbacks
):
    worker = make_user(Role.WORKER)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([worker], school)
        raise RuntimeError("rolled back")

    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_notification_email_is_sent_once_even_if_the_task_runs_twice(
    make_user, school, mailoutbox, django_capture_on_commit_callbacks
):
    worker = make_user(Role.WORKER)
    with django_capture_on_commit_callbacks(execute=True):
        (note,) = notify([worker], school)

    assert send_notification_emails([note.pk]) == 0

    assert len(mailoutbox) == 1
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_recipient_without_email_gets_the_notification_but_no_email(
    make_user, school, mailoutbox, django_capture_on_commit_callbacks
):
    with_mail, without_mail = make_user(Role.WORKER), make_user(Role.WORKER, email="")

    with django_capture_on_commit_callbacks(execute=True):
        notify([with_mail, without_mail], school)

    assert [mail.to for mail in mailoutbox] == [[with_mail.email]]
    assert without_mail.notifications.get().emailed_at is None


def test_notify_with_email_off_sends_nothing(
    make_user, school, mailoutbox, django_capture_on_commit_callbacks
):
    worker = make_user(Role.WORKER)

    with django_capture_on_commit_callbacks(execute=True):
        notify([worker], school, email=False)

    assert mailoutbox == []
    assert worker.notifications.count() == 1


# ---- the bell and reading ----


@pytest.fixture
def teacher(client, make_user):
    user = make_user(Role.TEACHER)
    client.force_login(user)
    return user


def test_the_bell_shows_the_unread_count(client, teacher, school):
    for _ in range(3):
        notify([teacher], school)

    assert unread_badge(client) == 3


def test_the_bell_badge_disappears_after_mark_all_read(client, teacher, school):
    notify([teacher], school)
    notify([teacher], school)

    response = client.post("/notifications/read-all/")

    assert response.status_code == 302
    assert unread_badge(client) is None
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
    assert not teacher.notifications.filter(read_at__isnull=True).exists()


def test_mark_all_read_leaves_other_users_notifications_unread(client, teacher, make_user, school):
    other = make_user(Role.TEACHER)
    notify([teacher, other], school)

    client.post("/notifications/read-all/")

    assert other.notifications.get().read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, teacher, school):
    (first,) = notify([teacher], school, url="/places/rooms/")
    (second,) = notify([teacher], school)

    response = client.post(f"/notifications/{first.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/places/rooms/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert unread_badge(client) == 1


def test_opening_a_notification_without_link_goes_to_the_list(client, teacher, school):
    (note,) = notify([teacher], school)

    response = client.post(f"/notifications/{note.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_opening_a_notification_needs_post(client, teacher, school):
    (note,) = notify([teacher], school, url="/places/rooms/")

    assert client.get(f"/notifications/{note.pk}/open/").status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_a_user_cannot_open_another_users_notification(client, teacher, make_user, school):
    (note,) = notify([make_user(Role.TEACHER)], school, url="/places/rooms/")

    response = client.post(f"/notifications/{note.pk}/open/")

    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


# ---- queries ----


def _home_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_home_page_queries_do_not_grow_with_notifications(client, teacher, school):
    for _ in range(5):
        notify([teacher], school)
    _home_queries(client)  # warm caches
    few = _home_queries(client)
    assert unread_badge(client) == 5

    for _ in range(45):
        notify([teacher], school)
    many = _home_queries(client)

    assert unread_badge(client) == 50
    assert few == many
