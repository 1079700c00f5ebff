"""On PostgreSQL: a double tap arriving at the same moment files one request; simultaneous
filings get distinct numbers."""

import threading
import uuid

import pytest
from django.conf import settings
from django.db import connection

from repairs.models import RepairRequest
from tests.conftest import require_service
from tests.factories import SchoolFactory
from tests.repairs.factories import file_request, people, room_of


def postgres_only():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks and concurrent inserts need PostgreSQL (set DATABASE_URL)")


def run_together(count, action):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait(timeout=10)
            results.append(action(i))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_files_one_request():
    postgres_only()
    school = SchoolFactory()
    teacher, room, token = people(school)["teacher"], room_of(school), uuid.uuid4()
    filed = run_together(
        4, lambda _i: file_request(school, teacher, room=room, client_token=token).pk
    )
    assert len(set(filed)) == 1
    assert RepairRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_filings_get_distinct_numbers():
    postgres_only()
    school = SchoolFactory()
    crew, room = people(school), room_of(school)
    run_together(8, lambda _i: file_request(school, crew["teacher"], room=room).number)
    numbers = list(RepairRequest.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 8
    assert sorted(n[-4:] for n in numbers) == [f"{i:04d}" for i in range(1, 9)]
