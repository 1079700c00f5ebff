"""The budget in the admin: money read-only, a line's rules as form errors, movements read-only,
adjustments decided on their page, the procurement limits for the deployment's administrator."""

from decimal import Decimal

import pytest

from core.choices import Role
from finance.models import BudgetLine, BudgetMovement
from finance.services.budget import budget_commit
from tests.factories import SchoolFactory, UserFactory
from tests.finance.factories import line_of, office, request_of

pytestmark = pytest.mark.django_db


def test_the_admin_edits_a_line_but_never_below_what_it_has_taken(client, school):
    people = office(school)
    line = line_of(school, amount="5000", name="办公费")
    request = request_of(school, requester=people["teacher"], line=line)
    budget_commit(
        line_id=line.pk,
        school_id=school.pk,
        amount=Decimal("3000"),
        request=request,
        actor=people["director"],
    )
    client.force_login(UserFactory(school=school, roles=[Role.ADMIN], is_staff=True))
    url = f"/admin/finance/budgetline/{line.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="committed"' not in page.content.decode()
    data = {
        "budget_year": line.budget_year_id,
        "category": "office",
        "name": "办公费",
        "amount": "2999.99",
        "control": "stop",
        "notes": "",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "3000.00" in refused.content.decode()
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("5000.00")
    assert client.post(url, {**data, "amount": "3000"}).status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("3000.00")
    movement = BudgetMovement.objects.get()
    assert client.get(f"/admin/finance/budgetmovement/{movement.pk}/change/").status_code == 200
    assert client.get("/admin/finance/budgetmovement/add/").status_code == 403
    added = client.get("/admin/finance/budgetadjustment/add/")
    assert added.status_code == 302 and added["Location"] == "/finance/budget/adjustments/add/"
    foreign = line_of(SchoolFactory())
    assert client.get(f"/admin/finance/budgetline/{foreign.pk}/change/").status_code == 404


def test_the_settings_admin_says_the_tier_rule(client, school):
    client.force_login(UserFactory(school=school, roles=[Role.ADMIN], is_staff=True))
    from finance.models import FinanceSettings

    settings = FinanceSettings.of(school.pk)
    data = {
        "director_from": "1000",
        "principal_from": "900",
        "collective_from": "50000",
        "quotes_from": "1000",
        "quotes_required": "3",
        "tender_from": "200000",
        "province": "",
        "payment_tolerance_percent": "5",
        "disclosure_from": "5000",
        "contract_notice_days": "30",
    }
    refused = client.post(f"/admin/finance/financesettings/{settings.pk}/change/", data)
    assert refused.status_code == 200
    assert "1000.00" in refused.content.decode()
    assert FinanceSettings.of(school.pk).principal_from == Decimal("10000.00")


def test_the_procurement_limits_are_the_superusers(client, school):
    client.force_login(UserFactory(school=school, roles=[Role.ADMIN], is_staff=True))
    assert client.get("/admin/finance/procurementlimit/add/").status_code == 403  # reads only
    client.force_login(UserFactory(school=None, is_staff=True, is_superuser=True))
    assert client.get("/admin/finance/procurementlimit/").status_code == 200
