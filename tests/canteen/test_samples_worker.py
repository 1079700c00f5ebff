"""The sample check through a real Celery worker and the broker: two beats' tasks at once (and
late acknowledgement's redelivery is the same case) leave one flag per problem and one notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from canteen.models import SampleFlag
from canteen.tasks import check_samples
from core.choices import HolidayKind, Role
from core.models import Holiday, Notification
from tests.canteen.factories_samples import served_meal
from tests.core.test_celery_worker import published_ids, real_worker, require_broker
from tests.factories import UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_two_check_tasks_through_the_worker_flag_once_and_tell_once(school):
    require_broker()
    # Yesterday's lunch was served (a weekend day is made a working day, 调休): its check is due
    # whatever the hour this test runs at.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    if yesterday.weekday() >= 5:
        Holiday.objects.create(
            school=school, name="调休", kind=HolidayKind.MAKE_UP, start=yesterday, end=yesterday
        )
    served_meal(school, day=yesterday, dishes=3)
    manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER], email="m@example.cn")
    with real_worker() as finished, published_ids("canteen.check_samples") as sent:
        first, second = check_samples.delay(), check_samples.delay()
        for task_id in sent:
            finished.wait(task_id)
    assert sorted([first.get(), second.get()]) == [0, 3]
    assert SampleFlag.objects.filter(school=school, kind="missing").count() == 3
    assert Notification.objects.filter(recipient=manager).count() == 1
    assert check_samples.apply().get() == 0  # a redelivery later: nothing new
    assert Notification.objects.filter(recipient=manager).count() == 1
