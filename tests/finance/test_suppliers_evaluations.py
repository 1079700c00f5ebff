"""Yearly evaluations: the score is the mean of four 1–5 scores, the grade follows it, one per
supplier and year (a clear form error), and the quote form's `latest_grades` reads one query."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.choices import Role
from finance.models import SupplierEvaluation
from finance.services.suppliers import evaluation_save, grade_for, score_of
from finance.suppliers import latest_grades
from tests.finance.factories import supplier_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("scores", "score", "grade"),
    [
        ((5, 5, 5, 5), "5.00", "A"),
        ((5, 5, 4, 4), "4.50", "A"),
        ((5, 4, 4, 4), "4.25", "B"),
        ((4, 3, 4, 3), "3.50", "B"),
        ((3, 3, 3, 2), "2.75", "C"),
        ((3, 2, 3, 2), "2.50", "C"),
        ((2, 2, 3, 2), "2.25", "D"),
        ((1, 1, 1, 1), "1.00", "D"),
    ],
)
def test_the_score_is_the_mean_and_the_grade_follows_it(scores, score, grade):
    assert score_of(*scores) == Decimal(score)
    assert grade_for(Decimal(score)) == grade


def _evaluation(school, supplier, year=2025, **scores):
    values = {"quality": 4, "delivery": 5, "price": 3, "service": 4, **scores}
    return SupplierEvaluation(school=school, supplier=supplier, year=year, **values)


def test_the_service_grades_and_signs(school, make_user):
    director = make_user(Role.DIRECTOR)
    saved = evaluation_save(evaluation=_evaluation(school, supplier_of(school)), actor=director)
    saved.refresh_from_db()
    assert (saved.score, saved.grade, saved.evaluated_by) == (Decimal("4.00"), "B", director)


def test_a_score_outside_1_to_5_is_refused_and_nothing_saved(school, make_user):
    with pytest.raises(ValidationError) as refused:
        evaluation_save(
            evaluation=_evaluation(school, supplier_of(school), price=6),
            actor=make_user(Role.DIRECTOR),
        )
    assert refused.value.message_dict == {"price": ["请给出1到5分。"]}
    assert not SupplierEvaluation.objects.exists()


def test_a_second_evaluation_of_a_year_is_refused_by_the_service_and_the_database(
    school, make_user
):
    director, supplier = make_user(Role.DIRECTOR), supplier_of(school, name="恒达教学设备")
    evaluation_save(evaluation=_evaluation(school, supplier), actor=director)
    with pytest.raises(ValidationError) as refused:
        evaluation_save(evaluation=_evaluation(school, supplier), actor=director)
    assert refused.value.message_dict["year"] == ["恒达教学设备 已有 2025 年的评价。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        SupplierEvaluation.objects.create(
            school=school,
            supplier=supplier,
            year=2025,
            quality=1,
            delivery=1,
            price=1,
            service=1,
            grade="D",
            evaluated_by=director,
        )
    assert SupplierEvaluation.objects.count() == 1


def _post(school, supplier, **extra):
    return {
        "supplier": supplier.pk,
        "year": 2025,
        "quality": 5,
        "delivery": 5,
        "price": 4,
        "service": 4,
        **extra,
    }


def test_the_page_grades_and_shows_the_form_errors(school, client, make_user):
    client.force_login(make_user(Role.LOGISTICS))
    supplier = supplier_of(school, name="文瀚办公")
    response = client.post("/finance/evaluations/add/", _post(school, supplier))
    assert response.status_code == 302
    evaluation = SupplierEvaluation.objects.get()
    assert (evaluation.score, evaluation.grade) == (Decimal("4.50"), "A")
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "4.50" in page and ">A<" in page
    again = client.post("/finance/evaluations/add/", _post(school, supplier, quality=1))
    assert again.status_code == 400
    assert "文瀚办公 已有 2025 年的评价。" in again.content.decode()
    zero = client.post("/finance/evaluations/add/", _post(school, supplier, year=2024, service=0))
    assert zero.status_code == 400
    assert SupplierEvaluation.objects.count() == 1


def test_the_api_grades_and_refuses_alike(school, make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.DIRECTOR))
    supplier = supplier_of(school, name="苏宁印务")
    created = api.post(
        "/api/v1/finance/evaluations/",
        _post(school, supplier, quality=2, delivery=2, price=2, service=3),
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["score"], created.json()["grade"]) == ("2.25", "D")
    again = api.post("/api/v1/finance/evaluations/", _post(school, supplier))
    assert again.status_code == 400
    assert again.json()["fields"]["year"] == ["苏宁印务 已有 2025 年的评价。"]
    six = api.post("/api/v1/finance/evaluations/", _post(school, supplier, year=2024, price=6))
    assert six.status_code == 400 and "price" in six.json()["fields"]
    assert SupplierEvaluation.objects.count() == 1


def test_latest_grades_reads_the_latest_year_in_one_query(school, make_user):
    director = make_user(Role.DIRECTOR)
    first, second, never = supplier_of(school), supplier_of(school), supplier_of(school)
    evaluation_save(
        evaluation=_evaluation(school, first, year=2024, quality=1, delivery=1, price=1, service=1),
        actor=director,
    )
    evaluation_save(
        evaluation=_evaluation(school, first, year=2025, quality=5, delivery=5, price=5, service=5),
        actor=director,
    )
    evaluation_save(evaluation=_evaluation(school, second, year=2023), actor=director)
    with CaptureQueriesContext(connection) as queries:
        grades = latest_grades([first.pk, second.pk, never.pk])
    assert len(queries) == 1
    assert grades == {
        first.pk: (2025, "A", Decimal("5.00")),
        second.pk: (2023, "B", Decimal("4.00")),
    }
    assert latest_grades([]) == {}
