"""A big ledger export runs as a background job with the depreciation columns; the admin is scoped."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assets.depreciation import depreciation
from assets.models import Asset
from core.choices import ExportStatus, Role
from core.models import ExportJob
from tests.assets.factories import AssetFactory

pytestmark = pytest.mark.django_db


def test_a_big_ledger_export_runs_in_the_background_with_depreciation(
    client, logistics, school, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 5
    settings.MEDIA_ROOT = tmp_path
    for _ in range(8):
        AssetFactory(school=school, unit_price=Decimal("7200"))
    client.force_login(logistics)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/assets/assets/", {"export": "xlsx", "sort": "-net_value"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done_rows == 8
    download = client.get(f"/exports/{job.pk}/download/")
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert len(rows) == 9
    want = depreciation(Asset.objects.first())
    assert {Decimal(str(r[15])) for r in rows[1:]} == {want.net}


def test_admin_lists_only_the_own_schools_assets(client, school, other_school, make_user):
    admin = make_user(Role.ADMIN, is_staff=True)
    mine = AssetFactory(school=school, name="本校电脑")
    AssetFactory(school=other_school, name="外校电脑")
    client.force_login(admin)
    page = client.get("/admin/assets/asset/")
    assert page.status_code == 200
    text = page.content.decode()
    assert mine.code in text and "外校电脑" not in text


def test_attachments_are_kept_with_the_card_and_served_through_the_rules(
    client, school, logistics, make_user, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    asset = AssetFactory(school=school)
    client.force_login(logistics)
    invoice = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    client.post(f"/assets/assets/{asset.pk}/attach/", {"title": "购置发票", "file": invoice})
    script = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    client.post(f"/assets/assets/{asset.pk}/attach/", {"file": script})
    attachment = asset.attachments.get()
    assert attachment.title == "购置发票"
    assert "购置发票" in client.get(f"/assets/assets/{asset.pk}/").content.decode()
    download = client.get(attachment.get_absolute_url())
    assert b"".join(download.streaming_content) == b"%PDF-1.4 invoice"
    client.force_login(make_user(Role.TEACHER))  # not their asset
    assert client.get(attachment.get_absolute_url()).status_code == 404
