"""The disclosure's public page: no login, only a published disclosure its school made public,
by its unguessable address; everything else is 404; rate-bounded like the public menu."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from finance.choices import DisclosureStatus
from finance.views import disclosure_public
from tests.finance.factories_suppliers import disclosure_of

pytestmark = pytest.mark.django_db
CONTENT = {
    "month": "2026-10",
    "threshold": "5000.00",
    "categories": [{"category": "printing", "label": "印刷费", "amount": "5000.00", "payments": 1}],
    "total": "5000.00",
    "purchases": [
        {
            "number": "CG-1",
            "item": "试卷印刷",
            "supplier": "苏宁印务",
            "amount": "5000.00",
            "paid": "5000.00",
            "method": "quotes",
            "method_label": "询价采购",
        }
    ],
}


@pytest.fixture(autouse=True)
def _fresh_rate():
    cache.clear()


def _disclosure(school, *, status=DisclosureStatus.PUBLISHED, is_public=True):
    disclosure = disclosure_of(school, month=dt.date(2026, 10, 1))
    disclosure.status, disclosure.is_public, disclosure.content = status, is_public, CONTENT
    disclosure.save()
    return disclosure


def _url(disclosure):
    return f"/finance/public/disclosures/{disclosure.public_token}/"


def test_a_published_public_disclosure_is_shown_without_login(school):
    response = Client().get(_url(_disclosure(school)))
    assert response.status_code == 200
    html = response.content.decode()
    assert school.name in html and "试卷印刷" in html and "苏宁印务" in html and "印刷费" in html
    assert "CG-1" not in html  # no record numbers
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    ("status", "is_public"),
    [
        (DisclosureStatus.DRAFT, True),
        (DisclosureStatus.SUBMITTED, True),
        (DisclosureStatus.PUBLISHED, False),
    ],
)
def test_an_unpublished_or_non_public_disclosure_is_404(school, status, is_public):
    assert (
        Client().get(_url(_disclosure(school, status=status, is_public=is_public))).status_code
        == 404
    )


def test_a_wrong_or_empty_token_is_404(school):
    _disclosure(school)
    client = Client()
    assert client.get("/finance/public/disclosures/not-the-token/").status_code == 404
    assert client.get("/finance/public/disclosures/" + "x" * 300 + "/").status_code == 404


def test_the_public_page_is_rate_bounded(school, monkeypatch):
    monkeypatch.setattr(disclosure_public, "PUBLIC_RATE", 2)
    url, client = _url(_disclosure(school)), Client()
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
