import pytest

from tests.repairs.factories import people, room_of


@pytest.fixture
def crew(school):
    return people(school)


@pytest.fixture
def room(school):
    return room_of(school)
