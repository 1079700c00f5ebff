"""The budget's forms and filters with what people (and scripts) type: never a 5xx, and nothing
written when the answer is not a redirect (the audit log has not grown)."""

import pytest
from auditlog.models import LogEntry

from finance.choices import AdjustmentStatus
from finance.models import BudgetAdjustment, FinanceSettings
from tests.finance.factories import line_of, office
from tests.test_form_fuzz import BAD_VALUES

pytestmark = pytest.mark.django_db
TOO_MANY = ["1000000000000.00", "-0.001", "1e5", "NaN", "Infinity"]


def _forms(school, people):
    source = line_of(school, amount="20000", name="其他")
    target = line_of(school, amount="5000", name="印刷费")
    adjustment = BudgetAdjustment.objects.create(
        school=school,
        from_line=source,
        to_line=target,
        amount="100",
        reason="x",
        status=AdjustmentStatus.PENDING,
        requested_by=people["director"],
    )
    return [
        (
            "/finance/settings/",
            {
                "director_from": "1000",
                "principal_from": "10000",
                "collective_from": "50000",
                "quotes_from": "1000",
                "quotes_required": "3",
                "tender_from": "200000",
                "province": "",
                "payment_tolerance_percent": "5",
                "disclosure_from": "5000",
                "contract_notice_days": "30",
            },
        ),
        (
            "/finance/budget/lines/add/",
            {
                "budget_year": str(source.budget_year_id),
                "category": "office",
                "name": "新线",
                "amount": "100",
                "control": "stop",
            },
        ),
        (
            f"/finance/budget/lines/{source.pk}/edit/",
            {"category": "office", "name": "其他", "amount": "20000", "control": "stop"},
        ),
        ("/finance/budget/years/add/", {"year": "2044", "notes": ""}),
        (
            "/finance/budget/adjustments/add/",
            {"from_line": str(source.pk), "to_line": str(target.pk), "amount": "1", "reason": "x"},
        ),
        (f"/finance/budget/adjustments/{adjustment.pk}/reject/", {"note": "x"}),
    ]


def test_every_budget_form_refuses_malformed_input_without_error_or_partial_save(client, school):
    people = office(school)
    FinanceSettings.of(school.pk)  # made on the first visit of the page, as the crawl would
    forms = _forms(school, people)
    for url, valid in forms:
        client.force_login(
            people["principal" if "adjustments/" in url and url[-8:] == "/reject/" else "director"]
        )
        for name in valid:
            for bad in [*BAD_VALUES, *TOO_MANY]:
                before = LogEntry.objects.count()
                response = client.post(url, {**valid, name: bad})
                assert response.status_code < 500, (url, name, bad)
                if response.status_code != 302:
                    assert LogEntry.objects.count() == before, (url, name, bad)


def test_the_execution_filters_refuse_what_is_not_a_filter(client, school):
    people = office(school)
    line_of(school)
    client.force_login(people["director"])
    for name in ("year", "department", "category", "sort", "page"):
        for bad in BAD_VALUES:
            response = client.get("/finance/budget/execution/", {"year": "2026", name: bad})
            assert response.status_code < 500, (name, bad)
            api = client.get("/api/v1/finance/execution/", {name: bad})
            assert api.status_code < 500, (name, bad)
