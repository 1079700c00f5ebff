"""The list page's filter drop-downs: built in Python, bounded, the chosen value always shown."""

import re

import pytest

from core import dropdowns
from tests.factories import BuildingFactory

pytestmark = pytest.mark.django_db


def options(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select)


def test_a_drop_down_lists_the_schools_records_and_marks_the_chosen_one(
    client, school, other_school, make_user
):
    client.force_login(make_user("logistics"))
    north = BuildingFactory(school=school, campus__school=school, name="北楼")
    south = BuildingFactory(school=school, campus__school=school, name="南<楼>")
    BuildingFactory(school=other_school, campus__school=other_school, name="别校楼")
    html = client.get("/places/rooms/", {"building": south.pk}).content.decode()
    listed = options(html, "building")
    assert [label for _v, _a, label in listed[1:]] == ["北楼", "南&lt;楼&gt;"]  # escaped
    assert listed[0][0] == ""  # the "any" choice comes first
    chosen = [value for value, attrs, _l in listed if "selected" in attrs]
    assert chosen == [str(south.pk)]
    assert str(north.pk) in {value for value, _a, _l in listed}


def test_a_large_drop_down_is_bounded_but_keeps_the_chosen_record(
    client, school, make_user, monkeypatch
):
    monkeypatch.setattr(dropdowns, "MAX_OPTIONS", 2)
    client.force_login(make_user("logistics"))
    buildings = [
        BuildingFactory(school=school, campus__school=school, name=f"楼{i}") for i in range(5)
    ]
    last = max(buildings, key=lambda b: b.name)
    html = client.get("/places/rooms/", {"building": last.pk}).content.decode()
    listed = options(html, "building")
    values = [value for value, _a, _l in listed]
    assert len([v for v in values if v]) == 3  # two of the list, plus the chosen one
    assert str(last.pk) in values
    assert any("disabled" in attrs for _v, attrs, _l in listed)  # "only the first 2 …"
