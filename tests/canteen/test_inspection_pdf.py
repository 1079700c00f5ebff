"""The inspector's month of canteen records prints each list of the month as the list shows it."""

import datetime as dt
import io
import subprocess

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from canteen import inspection
from canteen.inspection_sections import SECTIONS
from canteen.models import FoodSample
from core.demo import seed_demo_school
from core.models import User

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True
    )
    return "".join(done.stdout.decode().split())  # table cells wrap: compare without blanks


def _export_rows(client: Client, url: str) -> list[tuple]:
    response = client.get(url + "&export=xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(min_row=2, values_only=True))


def _plain(value):
    """A cell as openpyxl reads it back (a date comes back as a datetime at midnight)."""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _in_month(key: str, row: tuple, first: dt.date, last: dt.date) -> bool:
    if key == "certificates":  # staff, number, issued on, valid until: covering some day of it
        return _plain(row[2]) <= last and _plain(row[3]) >= first
    day = _plain(row[0])
    if isinstance(day, str):  # a month, as the list shows it
        return day.replace("-", "") == f"{first:%Y%m}" or day == f"{first:%Y-%m}"
    return first <= day <= last


def test_each_section_prints_the_rows_of_its_list_for_the_month():
    school = seed_demo_school()
    director = User.objects.get(username="director")
    client = Client()
    client.force_login(director)
    month = FoodSample.objects.filter(school=school).latest("day").day.replace(day=1)
    # One sample of the month before, which the month's PDF must leave out.
    earlier = FoodSample.objects.filter(school=school).earliest("day")
    FoodSample.objects.filter(pk=earlier.pk).update(day=month - dt.timedelta(days=3))
    response = client.get(reverse("canteen:inspection_pdf"), {"month": f"{month:%Y-%m}"})
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    first, last = inspection.month_bounds(month)
    printed = 0
    for key, title, _order, list_url in SECTIONS:
        assert "".join(str(title).split()) in text, key
        rows = _export_rows(client, list_url(first, last))
        section = next(s for s in inspection.rendered_sections(school, month) if s["key"] == key)
        # The same rows as the list's export, in the same order, with the same first column.
        assert [_plain(r[0]) for r in rows] == [r[0] for r in section["context"]["rows"]], key
        # ... and those are the month's rows: each section's first column is its day (a
        # certificate's are its dates of issue and expiry, a disclosure's its month).
        for row in rows:
            assert _in_month(key, row, first, last), (key, row)
        for row in rows:
            # Text cells (a yes/no is ✓ in the workbook and 是 on the page and in the PDF).
            words = [str(v) for v in row if isinstance(v, str) and v not in ("", "✓", "✗")]
            assert all("".join(w.split()) in text for w in words[:2]), (key, row)
        printed += len(rows)
    samples = next(s for s in inspection.rendered_sections(school, month) if s["key"] == "samples")
    assert (
        samples["context"]["total"]
        == FoodSample.objects.filter(school=school, day__gte=first, day__lte=last).count()
    )
    assert printed > 20  # the demo month has samples, readings, deliveries and diners


def test_a_section_over_its_bound_says_how_many_records_the_list_has(monkeypatch):
    school = seed_demo_school()
    month = FoodSample.objects.filter(school=school).latest("day").day.replace(day=1)
    monkeypatch.setattr(inspection, "TABLE_SECTION_MAX_ROWS", 3)
    section = next(s for s in inspection.rendered_sections(school, month) if s["key"] == "samples")
    assert len(section["context"]["rows"]) == 3
    assert section["context"]["total"] > 3
