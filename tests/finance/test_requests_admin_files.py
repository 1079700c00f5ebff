"""The admin's actions go through the services (same rules, same budget check); documents are
checked on upload and served only to those who read the request; the collective tier on the page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from finance.choices import ApprovalLevel, RequestStatus
from finance.models import Approval, BudgetLine, PurchaseRequest
from tests.factories import UserFactory
from tests.finance.factories import line_of, office
from tests.finance.factories_requests import approved_through, submitted
from tests.finance.test_requests_pages import form_post

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def crew(school):
    people = office(school)
    people["line"] = line_of(school, amount="3000")
    return people


def test_the_admin_approve_action_is_the_service(crew):
    director = crew["director"]
    director.is_staff = True
    director.save(update_fields=["is_staff"])
    first = approved_through(
        submitted(crew["teacher"], crew["line"], ("椅子", "1", "2000")), crew["head"]
    )
    second = approved_through(
        submitted(crew["teacher"], crew["line"], ("桌子", "1", "2500")), crew["head"]
    )
    admin = client_of(director)
    assert admin.get("/admin/finance/purchaserequest/").status_code == 200
    assert admin.get(f"/admin/finance/purchaserequest/{first.pk}/change/").status_code == 200
    answer = admin.post(
        "/admin/finance/purchaserequest/",
        {"action": "approve_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    shown = " ".join(str(m) for m in answer.context["messages"])
    assert (
        "申请金额为" in shown and "已处理 1 份请购单。" in shown
    )  # one fits, the other is refused
    rows = PurchaseRequest.objects.filter(pk__in=[first.pk, second.pk])
    approved = rows.get(status=RequestStatus.APPROVED)
    assert rows.get(status=RequestStatus.PENDING).level == ApprovalLevel.DIRECTOR
    assert BudgetLine.objects.get(pk=crew["line"].pk).committed == approved.amount
    assert admin.get("/admin/finance/approval/add/").status_code == 403


def test_documents_are_checked_and_served_to_readers_only(crew):
    teacher = client_of(crew["teacher"])
    data = form_post(crew["line"], [("白板笔", "20", "支", "3.50")])
    fake = SimpleUploadedFile("报价单.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = teacher.post(reverse("finance:purchaserequest_add"), {**data, "attachments": fake})
    assert refused.status_code == 400 and PurchaseRequest.objects.count() == 0
    assert "文件内容与文件类型不符" in refused.content.decode()
    good = SimpleUploadedFile("报价单.pdf", PDF, content_type="application/pdf")
    made = teacher.post(reverse("finance:purchaserequest_add"), {**data, "attachments": good})
    assert made.status_code == 302
    document = PurchaseRequest.objects.get().attachments.get()
    url = reverse("finance:requestattachment_file", args=[document.pk])
    assert url in teacher.get(PurchaseRequest.objects.get().get_absolute_url()).content.decode()
    assert teacher.get(url).status_code == 200
    assert client_of(crew["director"]).get(url).status_code == 200
    colleague = UserFactory(school=crew["teacher"].school, roles=[Role.TEACHER])
    assert client_of(colleague).get(url).status_code == 404


def test_the_collective_tier_is_recorded_on_the_page(crew, school):
    line = line_of(school, amount="200000")
    request = submitted(crew["teacher"], line, ("录播系统", "1", "60000"))
    request = approved_through(request, crew["head"], crew["director"])
    assert request.level == ApprovalLevel.COLLECTIVE  # the meeting instead of one signature
    page = client_of(crew["principal"])
    shown = page.get(request.get_absolute_url()).content.decode()
    assert 'name="minutes"' in shown and "三重一大" in shown
    url = reverse("finance:purchaserequest_step", args=[request.pk, "approve"])
    missing = page.post(url, {"note": "同意"})
    assert missing.status_code == 400
    assert "集体决策须填写会议日期。" in " ".join(str(m) for m in missing.context["messages"])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    done = page.post(
        url,
        {
            "note": "校务会议通过",
            "meeting_date": yesterday.isoformat(),
            "attendees": "校长、副校长、总务主任",
            "minutes": SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    decision = Approval.objects.get(request=request, level=ApprovalLevel.COLLECTIVE)
    minutes = reverse("finance:approval_minutes", args=[decision.pk])
    assert minutes in page.get(request.get_absolute_url()).content.decode()
    assert page.get(minutes).status_code == 200
