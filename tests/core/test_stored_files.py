"""Every stored photo is served through its record's access rule (core.files): a user of another
school — or a role that may not read the record — gets 404 for every kind of file, whether it asks
by the record's address (what templates print) or by the old /media/ path."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.choices import Role
from core.uploads import clean_photo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 10)).save(buffer, format="JPEG")
    return clean_photo(SimpleUploadedFile("x.jpg", buffer.getvalue()))


def asset_photo(school):
    from tests.assets.factories import AssetFactory

    asset = AssetFactory(school=school)
    asset.photo.save("p.jpg", photo())
    return asset.photo


def repair_photo(school):
    from repairs.models import RepairPhoto
    from tests.repairs.factories import file_request

    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    request = file_request(school, teacher, photos=[photo()])
    return RepairPhoto.objects.get(request=request).image


def hazard_photo(school):
    from tests.safety.factories import HazardFactory

    hazard = HazardFactory(school=school)
    hazard.photo.save("p.jpg", photo())
    return hazard.photo


def hazard_handling_photo(school):
    from tests.safety.factories import HazardFactory

    hazard = HazardFactory(school=school)
    hazard.handling_photo.save("p.jpg", photo())
    return hazard.handling_photo


def drill_photo(school):
    from tests.safety.factories import DrillFactory

    drill = DrillFactory(school=school)
    drill.photo.save("p.jpg", photo())
    return drill.photo


def answer_photo(school):
    from safety.models import InspectionAnswer
    from tests.safety.factories import ItemFactory, TaskFactory

    task = TaskFactory(template__school=school)
    item = ItemFactory(template=task.template)
    answer = InspectionAnswer.objects.create(
        school=school, task=task, item=item, result="fail", answered_by=UserFactory(school=school)
    )
    answer.photo.save("p.jpg", photo())
    return answer.photo


KINDS = [asset_photo, repair_photo, hazard_photo, hazard_handling_photo, drill_photo, answer_photo]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("make", KINDS, ids=[k.__name__ for k in KINDS])
def test_a_photo_is_served_to_its_school_and_not_found_for_another(
    client, school, other_school, make
):
    stored = make(school)
    assert stored.url.startswith("/files/")
    media_path = f"/media/{stored.name}"
    client.force_login(UserFactory(school=school, roles=[Role.DIRECTOR]))
    for address in (stored.url, media_path):
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"] == "image/jpeg"
        assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    client.force_login(UserFactory(school=other_school, roles=[Role.DIRECTOR]))
    assert client.get(stored.url).status_code == 404
    assert client.get(media_path).status_code == 404
    label, pk = stored.url.split("/")[2:4]
    unknown = stored.url.replace(f"/{label}/{pk}/", f"/{label}/{int(pk) + 999}/")
    assert client.get(unknown).status_code == 404  # the same answer as another school's id


def test_a_role_that_may_not_read_the_record_gets_404_not_403(client, school):
    stored = drill_photo(school)
    client.force_login(UserFactory(school=school, roles=[Role.CANTEEN]))
    assert client.get(stored.url).status_code == 404


def test_a_teacher_sees_the_photos_of_their_own_repair_request_only(client, school):
    stored = repair_photo(school)
    reporter = stored.instance.request.reporter
    client.force_login(reporter)
    assert client.get(stored.url).status_code == 200
    client.force_login(UserFactory(school=school, roles=[Role.TEACHER]))
    assert client.get(stored.url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, school):
    stored = drill_photo(school)
    assert client.get(stored.url).status_code == 302
    assert client.get(f"/media/{stored.name}").status_code == 302


@pytest.mark.parametrize(
    "address",
    [
        "/files/core.exportjob/1/file/",  # not a photo owner
        "/files/auth.group/1/name/",
        "/files/nothing.here/1/photo/",
        "/media/assets/attachments/2026/合同.pdf",
        "/media/repairs/../../etc/passwd",
    ],
)
def test_other_files_and_guesses_are_not_found(client, school, address):
    client.force_login(UserFactory(school=school, roles=[Role.DIRECTOR], is_superuser=True))
    assert client.get(address).status_code == 404


def test_an_attachment_of_another_school_is_not_found(client, school, other_school):
    from assets.services import asset_attach
    from tests.assets.factories import AssetFactory

    owner = UserFactory(school=school, roles=[Role.LOGISTICS])
    asset = AssetFactory(school=school)
    pdf = SimpleUploadedFile("发票.pdf", b"%PDF-1.7\n...")
    attachment = asset_attach(asset=asset, actor=owner, upload=pdf)
    client.force_login(owner)
    assert client.get(attachment.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(school=other_school, roles=[Role.LOGISTICS]))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
