"""A large ledger import runs as a background job with progress; the report is the same
all-or-nothing per-row, per-column one; a worker lost mid-import leaves nothing saved."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from assets.imports import COLUMNS
from assets.models import Asset, AssetMovement
from core import jobs
from core.choices import ExportStatus
from core.models import ExportJob

pytestmark = pytest.mark.django_db

IMPORT_URL = "/assets/assets/import/"


def ledger(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("台账.xlsx", out.getvalue())


def row(**kw):
    values = {
        "name": "电脑",
        "category": "2101",
        "unit_price": 5000,
        "purchase_date": dt.date(2023, 9, 1),
        "quantity": 1,
        **kw,
    }
    return [values.get(c.key) for c in COLUMNS]


@pytest.fixture
def office(client, logistics, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_INLINE_MAX_BYTES = 0  # every upload is "large": the background path
    client.force_login(logistics)
    return client


def upload(office, capture, rows):
    with capture(execute=True):
        response = office.post(IMPORT_URL, {"file": ledger(rows)})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    return job


def test_a_large_import_runs_in_the_background_and_reports_what_it_saved(
    office, categories, django_capture_on_commit_callbacks
):
    job = upload(office, django_capture_on_commit_callbacks, [row(), row(name="投影仪")] * 3)

    assert job.kind == "assets.import" and job.status == ExportStatus.DONE
    assert Asset.objects.count() == 6 and AssetMovement.objects.count() == 6
    page = office.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-result"' in page and "6" in page
    assert 'href="/assets/assets/"' in page
    assert office.get(f"/exports/{job.pk}/download/").status_code == 404  # the upload is not served


def test_a_large_import_with_bad_rows_saves_nothing_and_lists_each_problem(
    office, categories, django_capture_on_commit_callbacks
):
    rows = [row(), row(unit_price=-3), row(category="9999"), row(unit_price="十元")]

    job = upload(office, django_capture_on_commit_callbacks, rows)

    assert job.status == ExportStatus.DONE and job.result["refused"]
    assert [(p["row"], p["column"]) for p in job.result["problems"]] == [
        (3, "单价"),
        (4, "分类编码"),
        (5, "单价"),
    ]
    assert Asset.objects.count() == 0
    page = office.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="import-problems"' in page and "分类编码" in page


def test_a_small_import_uses_the_same_job_but_answers_at_once(
    office, categories, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10**6
    response = office.post(IMPORT_URL, {"file": ledger([row(), row(category="9999")])})

    assert response.status_code == 400
    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "分类编码")]
    assert ExportJob.objects.get().result["refused"]


def test_an_import_whose_worker_was_given_up_saves_nothing(
    office, categories, settings, django_capture_on_commit_callbacks
):
    from tests.background import broker_down

    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        office.post(IMPORT_URL, {"file": ledger([row(), row()])})
    job = ExportJob.objects.get()
    claimed = jobs.claim(job.pk)
    # While the worker checks the rows, the sweep decides it is dead (no heartbeat) and fails it.
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED)

    with pytest.raises(jobs.JobLost):
        jobs.RUNNERS[job.kind](claimed, lambda done, total=None: None)

    assert Asset.objects.count() == 0  # the assets and the job's "done" commit together or not
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_a_failed_import_is_retried_from_its_stored_upload(
    office, categories, settings, django_capture_on_commit_callbacks
):
    from tests.background import broker_down

    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        office.post(IMPORT_URL, {"file": ledger([row(), row(), row()])})
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED)
    assert "失败，请重试" in office.get(job.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/exports/{job.pk}/retry/")
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/exports/{job.pk}/retry/")

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and Asset.objects.count() == 3
