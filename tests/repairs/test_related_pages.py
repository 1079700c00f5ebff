"""Repairs on the pages of the modules below it (core.related): a room's "report a repair here",
an asset card's repairs — shown by the repairs rule, not by hard-coded links in core or assets."""

import datetime as dt

import pytest

from core.choices import Role
from tests.factories import UserFactory
from tests.repairs.factories import AssetFactory, file_request, people, room_of


@pytest.mark.django_db
def test_the_asset_card_lists_its_repairs_and_offers_a_new_one(client, school):
    crew = people(school)
    asset = AssetFactory(school=school)
    filed = file_request(school, crew["teacher"], asset=asset)
    client.force_login(crew["logistics"])
    page = client.get(asset.get_absolute_url()).content.decode()
    assert filed.number in page
    assert f"/repairs/new/?asset={asset.pk}" in page


@pytest.mark.django_db
def test_a_disposed_asset_offers_no_repair(client, school):
    crew = people(school)
    asset = AssetFactory(school=school, status="disposed", disposed_on=dt.date(2026, 1, 5))
    client.force_login(crew["logistics"])
    assert "/repairs/new/?asset=" not in client.get(asset.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_report_a_repair_here_is_shown_only_to_roles_that_may_file(client, school):
    room = room_of(school)
    client.force_login(UserFactory(school=school, roles=[Role.LOGISTICS]))
    assert (
        'data-testid="report-repair-here"' in client.get(room.get_absolute_url()).content.decode()
    )
    district = UserFactory(school=None, roles=[Role.DISTRICT])
    district.district_schools.add(school)
    client.force_login(district)
    page = client.get(room.get_absolute_url())
    assert page.status_code == 200
    assert 'data-testid="report-repair-here"' not in page.content.decode()
