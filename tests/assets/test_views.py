"""Screens, lists, exports, import, QR labels and the API as a user meets them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from assets import services
from assets.models import Asset, AssetMovement, Compensation, Consumable, DisposalRequest, Stocktake
from core.choices import Role
from core.models import School
from tests.assets.factories import AssetFactory, ConsumableFactory, room_of
from tests.factories import SchoolClassFactory, UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def office(client, logistics):
    client.force_login(logistics)
    return client


def many_assets(school, categories, count, **extra):
    room = extra.pop("room", None) or room_of(school)
    holder = UserFactory(school=school)
    Asset.objects.bulk_create(
        [
            Asset(
                school=school,
                code=f"Q-{Asset.objects.count()}-{i:05d}",
                name=f"课桌{i}",
                category=categories["501"],
                unit_price=Decimal("1650"),
                quantity=2,
                purchase_date=dt.date(2020, 1 + i % 12, 1),
                room=room,
                custodian=holder,
                **extra,
            )
            for i in range(count)
        ]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/assets/assets/",
        "/api/v1/assets/assets/",
        "/assets/assets/?export=xlsx",
        "/assets/movements/",
        "/api/v1/assets/movements/",
        "/assets/consumables/",
        "/api/v1/assets/consumables/",
    ],
)
def test_list_queries_do_not_grow_with_rows(office, school, categories, url):
    def add(count):
        many_assets(school, categories, count)
        for asset in Asset.objects.order_by("-pk")[:count]:
            services.record_movement(
                asset=asset, kind="transfer", actor=asset.custodian, status_after="in_use"
            )
            ConsumableFactory(school=school, storeroom=room_of(school))

    add(3)
    few = count_queries(office, url)
    add(60)
    many = count_queries(office, url)
    assert many == few
    assert few <= 12


def test_filters_sort_and_page(office, school, categories):
    lab, store = room_of(school, name="实验室"), room_of(school, name="仓库")
    create = lambda **kw: services.asset_create(  # noqa: E731
        school=school,
        actor=UserFactory(school=school),
        **{
            "category": categories["2101"],
            "name": "电脑",
            "unit_price": Decimal("5000"),
            "purchase_date": dt.date(2023, 5, 1),
            **kw,
        },
    )
    a = create(room=lab, unit_price=Decimal("1200"), name="显微镜", category=categories["2201"])
    b = create(room=store, purchase_date=dt.date(2021, 1, 1))
    c = create(room=lab, unit_price=Decimal("9000"), brand="联想")

    def listed(query):
        response = office.get("/assets/assets/?" + query)
        assert response.status_code == 200
        return [pk for pk, _v in response.context["rows"]]

    assert set(listed(f"room={lab.pk}")) == {a.pk, c.pk}
    assert set(listed(f"building={store.building_id}")) == {b.pk}
    assert set(listed(f"category={categories['2'].pk}")) == {a.pk, b.pk, c.pk}  # children too
    assert set(listed(f"category={categories['22'].pk}")) == {a.pk}
    assert set(listed("price_min=1000&price_max=6000")) == {a.pk, b.pk}
    assert set(listed("purchased_from=2022-01-01&purchased_to=2023-12-31")) == {a.pk, c.pk}
    assert set(listed("q=联想")) == {c.pk}
    assert set(listed("status=in_stock")) == {a.pk, b.pk, c.pk}
    assert listed("sort=-unit_price") == [c.pk, b.pk, a.pk]
    assert office.get("/assets/assets/?price_min=abc").status_code == 400
    many_assets(school, categories, 60)
    assert len(listed("page=2")) == 50 - (50 - (63 - 50))  # 13 on the second page


def test_ledger_export_has_the_auditor_columns_and_depreciation(
    office, school, logistics, categories
):
    room = room_of(school, name="总务处办公室")
    pc = services.asset_create(
        school=school,
        actor=logistics,
        category=categories["2101"],
        name="办公电脑",
        spec="i5/8G",
        unit_price=Decimal("7200"),
        purchase_date=dt.date(2024, 1, 10),
        room=room,
        custodian=logistics,
    )
    services.asset_create(
        school=school,
        actor=logistics,
        category=categories["401"],
        name="图书",
        unit="册",
        unit_price=Decimal("30"),
        quantity=100,
        purchase_date=dt.date(2024, 1, 10),
    )
    response = office.get("/assets/assets/?export=xlsx&q=电脑")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # the header and exactly the filtered row
    header, row = rows
    assert len(header) == 16
    from assets.depreciation import depreciation

    want = depreciation(pc)
    assert row[0] == pc.code and row[1] == "办公电脑" and row[3] == "i5/8G"
    assert Decimal(str(row[7])) == Decimal("7200")
    assert Decimal(str(row[14])) == want.accumulated
    assert Decimal(str(row[15])) == want.net
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet.cell(row=2, column=9).number_format == "yyyy-mm-dd"
    assert sheet.cell(row=2, column=8).number_format == "#,##0.00"


@pytest.mark.parametrize(
    "url", ["/assets/movements/?export=xlsx", "/assets/consumables/?export=xlsx"]
)
def test_other_ledgers_export(office, school, url):
    AssetFactory(school=school)
    ConsumableFactory(school=school, name="LED灯管")
    response = office.get(url)
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.max_row >= 1


def test_stocktake_result_export(office, school, logistics):
    room = room_of(school)
    AssetFactory(school=school, room=room, name="显微镜")
    take = services.stocktake_start(school=school, actor=logistics, title="盘点", rooms=[room])
    response = office.get(f"/assets/stocktake-lines/?stocktake={take.pk}&export=xlsx")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[1][1] == "显微镜"


def test_create_lend_and_see_overdue_through_the_screens(office, school, categories, logistics):
    teacher = UserFactory(school=school, roles=[Role.TEACHER], last_name="刘", first_name="芳")
    response = office.post(
        "/assets/assets/add/",
        {
            "category": categories["2102"].pk,
            "name": "数码相机",
            "unit": "台",
            "unit_price": "7800",
            "quantity": 1,
            "purchase_date": "2024-05-01",
            "source": "purchase",
            "funding_source": "budget",
        },
    )
    assert response.status_code == 302
    camera = Asset.objects.get()
    assert camera.code == "2102-2024-0001" and camera.is_fixed_asset
    lend = office.post(
        f"/assets/assets/{camera.pk}/move/lend/",
        {
            "to_custodian": teacher.pk,
            "due_date": TODAY.isoformat(),
            "reason": "运动会",
        },
    )
    assert lend.status_code == 302
    AssetMovement.objects.filter(kind="lend").update(due_date=TODAY - dt.timedelta(days=2))
    overdue = office.get("/assets/loans/overdue/")
    assert [pk for pk, _ in overdue.context["rows"]] == [AssetMovement.objects.get(kind="lend").pk]
    refused = office.post(f"/assets/assets/{camera.pk}/move/dispose/", {"reason": "坏了"})
    assert refused.status_code == 400 and refused.context["form"].non_field_errors()
    assert not DisposalRequest.objects.exists()
    page = office.get(f"/assets/assets/{camera.pk}/").content.decode()
    assert f'href="/repairs/new/?asset={camera.pk}"' in page
    assert 'data-testid="depreciation"' in page


@pytest.mark.parametrize(
    "post, field",
    [
        ({"unit_price": "-5"}, "unit_price"),
        ({"purchase_date": (TODAY + dt.timedelta(days=3)).isoformat()}, "purchase_date"),
        ({"code": "DUP-1"}, "code"),
    ],
)
def test_bad_asset_forms_are_refused(office, school, categories, logistics, post, field):
    services.asset_create(
        school=school,
        actor=logistics,
        category=categories["2101"],
        name="x",
        unit_price=Decimal("5000"),
        purchase_date=dt.date(2024, 1, 1),
        code="DUP-1",
    )
    data = {
        "category": categories["2101"].pk,
        "name": "电脑",
        "unit": "台",
        "unit_price": "5000",
        "quantity": 1,
        "purchase_date": "2024-05-01",
        "source": "purchase",
        "funding_source": "budget",
        **post,
    }
    response = office.post("/assets/assets/add/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Asset.objects.count() == 1


def test_qr_scan_opens_the_asset_and_labels_print(office, school, logistics):
    asset = AssetFactory(school=school, name="立式钢琴")
    assert asset.get_qr_path() == f"/q/asset/{asset.qr_token}/"
    scanned = office.get(asset.get_qr_path())
    assert scanned.status_code == 302 and scanned["Location"] == f"/assets/assets/{asset.pk}/"
    other = AssetFactory(school=School.objects.create(name="青山中学", code="qs"))
    assert office.get(other.get_qr_path()).status_code == 404
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    office.force_login(teacher)  # not in their custody: straight to the repair form for it
    assert office.get(asset.get_qr_path())["Location"] == f"/repairs/new/?asset={asset.pk}"
    assert office.get(other.get_qr_path()).status_code == 404
    office.force_login(logistics)
    assert (
        office.get(f"/assets/assets/{asset.pk}/qr.svg").content.startswith(b"<?xml")
        or b"<svg" in office.get(f"/assets/assets/{asset.pk}/qr.svg").content
    )
    pdf = office.get("/assets/assets/qr-labels.pdf?q=钢琴")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "立式钢琴" in text and asset.code in text


def _xlsx(rows, headers=None):
    from assets.imports import COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers or [c.header for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("台账.xlsx", out.getvalue())


def _row(**kw):
    from assets.imports import COLUMNS

    values = {
        "name": "电脑",
        "category": "2101",
        "unit_price": 5000,
        "purchase_date": dt.date(2023, 9, 1),
        "quantity": 1,
        **kw,
    }
    return [values.get(c.key) for c in COLUMNS]


def test_import_template_downloads(office, school, categories):
    response = office.get("/assets/assets/import/?template=1")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.worksheets[0].cell(1, 2).value.startswith("资产名称")
    assert any(row[0] == "2101" for row in workbook["分类编码"].values)


def test_import_applies_every_row(office, school, categories):
    room_of(school, name="科学实验室")
    upload = _xlsx(
        [
            _row(),
            _row(name="显微镜", category="2201", unit_price=2300, room="科学实验室"),
            _row(code="OLD-0007", name="钢琴", category="2203", unit_price="16500.00"),
        ]
    )
    response = office.post("/assets/assets/import/", {"file": upload})
    assert response.status_code == 302
    assert Asset.objects.count() == 3 and AssetMovement.objects.count() == 3
    assert Asset.objects.get(name="显微镜").room.name == "科学实验室"
    assert Asset.objects.filter(code="OLD-0007").exists()


def test_import_with_bad_rows_saves_nothing_and_names_each_problem(office, school, categories):
    upload = _xlsx(
        [
            _row(),
            _row(unit_price=-3),
            _row(category="9999"),
            _row(purchase_date=TODAY + dt.timedelta(days=10)),
            _row(unit_price="十元"),
            _row(room="不存在的房间"),
        ]
    )
    response = office.post("/assets/assets/import/", {"file": upload})
    assert response.status_code == 400
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [(3, "单价"), (4, "分类编码"), (5, "购置日期"), (6, "单价"), (7, "存放地点")]
    assert Asset.objects.count() == 0 and AssetMovement.objects.count() == 0


def test_import_refuses_wrong_columns_and_bad_files(office, school, categories):
    wrong = office.post(
        "/assets/assets/import/", {"file": _xlsx([["x"]], headers=["名称", "价格"])}
    )
    assert wrong.status_code == 400 and "资产名称" in wrong.context["message"]
    garbage = SimpleUploadedFile("台账.xlsx", b"PK\x03\x04 not really a zip")
    bad = office.post("/assets/assets/import/", {"file": garbage})
    assert bad.status_code == 400 and bad.context["message"]
    from assets import imports

    big = SimpleUploadedFile("big.xlsx", b"0" * (imports.MAX_BYTES + 1))
    assert office.post("/assets/assets/import/", {"file": big}).status_code == 400
    assert Asset.objects.count() == 0


def test_api_create_filter_and_move(school, logistics, categories):
    api = APIClient()
    api.force_authenticate(logistics)
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    created = api.post(
        "/api/v1/assets/assets/",
        {
            "category": categories["2101"].pk,
            "name": "笔记本电脑",
            "unit_price": "5999.00",
            "purchase_date": "2024-02-26",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["code"] == "2101-2024-0001"
    bad = api.post(
        "/api/v1/assets/assets/",
        {
            "category": categories["2101"].pk,
            "name": "x",
            "unit_price": "-1",
            "purchase_date": "2024-02-26",
        },
        format="json",
    )
    assert bad.status_code == 400
    lend = api.post(
        f"/api/v1/assets/assets/{pk}/lend/",
        {"to_custodian": teacher.pk, "due_date": TODAY.isoformat()},
        format="json",
    )
    assert lend.status_code == 201, lend.json()
    assert (
        api.post(
            f"/api/v1/assets/assets/{pk}/dispose/", {"reason": "坏"}, format="json"
        ).status_code
        == 400
    )
    listed = api.get("/api/v1/assets/assets/", {"status": "lent"}).json()
    assert [r["id"] for r in listed["results"]] == [pk]
    assert "net_value" in listed["results"][0]
    assert api.get("/api/v1/assets/movements/", {"open_loans": "true"}).json()["count"] == 1


def test_api_consumable_issue_cannot_go_negative(school, logistics):
    api = APIClient()
    api.force_authenticate(logistics)
    bulbs = ConsumableFactory(school=school, quantity_on_hand=Decimal("2"))
    refused = api.post(
        f"/api/v1/assets/consumables/{bulbs.pk}/issue/", {"quantity": "3"}, format="json"
    )
    assert refused.status_code == 400
    ok = api.post(f"/api/v1/assets/consumables/{bulbs.pk}/issue/", {"quantity": "2"}, format="json")
    assert ok.status_code == 201 and ok.json()["quantity_on_hand"] == "0.00"
    low = api.get("/api/v1/assets/consumables/", {"below_reorder_level": "true"}).json()
    assert [r["id"] for r in low["results"]] == [bulbs.pk]


def test_stocktake_walk_screens(office, school, logistics, make_user):
    room = room_of(school, name="计算机教室")
    pc = AssetFactory(school=school, room=room, name="学生计算机")
    stray = AssetFactory(school=school, room=room_of(school), name="投影仪")
    start = office.post("/assets/stocktakes/add/", {"title": "期末盘点", "rooms": [room.pk]})
    take = Stocktake.objects.get()
    assert start["Location"] == f"/assets/stocktakes/{take.pk}/"
    walk = f"/assets/stocktakes/{take.pk}/rooms/{room.pk}/"
    assert "学生计算机" in office.get(walk).content.decode()
    line = take.lines.get(asset=pc)
    office.post(walk, {"line": line.pk, "result": "damaged"})
    office.post(walk, {"code": stray.code})
    office.post(walk, {"description": "旧音箱"})
    assert office.post(walk, {"code": "NO-SUCH"}).status_code == 400
    report = office.get(f"/assets/stocktakes/{take.pk}/").content.decode()
    assert "投影仪" in report and "旧音箱" in report
    director = make_user(Role.DIRECTOR)
    office.force_login(director)
    office.post(f"/assets/stocktakes/{take.pk}/confirm/")  # no tick: nothing happens
    take.refresh_from_db()
    assert take.status == "open"
    office.post(f"/assets/stocktakes/{take.pk}/confirm/", {"sure": "on"})
    take.refresh_from_db()
    stray.refresh_from_db()
    assert take.status == "confirmed" and stray.room == room


def test_class_check_screens(office, school, logistics):
    school_class = SchoolClassFactory(school=school)
    response = office.post(
        "/assets/class-checks/add/",
        {
            "school_class": school_class.pk,
            "kind": "end_of_term",
            "date": TODAY.isoformat(),
            "damage": "窗帘撕裂",
            "amount": "60.00",
        },
    )
    assert response.status_code == 302
    comp = Compensation.objects.get()
    assert comp.school_class == school_class and comp.amount == Decimal("60.00")
    office.post(f"/assets/compensations/{comp.pk}/settle/", {"status": "paid"})
    comp.refresh_from_db()
    assert comp.status == "paid"


def test_consumable_slips_through_the_screens(office, school):
    paper = ConsumableFactory(
        school=school, name="A4复印纸", quantity_on_hand=Decimal("4"), reorder_level=Decimal("10")
    )
    assert office.get("/assets/consumables/low/").context["rows"][0][0] == paper.pk
    refused = office.post(f"/assets/consumables/{paper.pk}/slip/out/", {"quantity": "5"})
    assert refused.status_code == 400
    office.post(f"/assets/consumables/{paper.pk}/slip/in/", {"quantity": "20"})
    paper.refresh_from_db()
    assert paper.quantity_on_hand == Decimal("24")
    assert not office.get("/assets/consumables/low/").context["rows"]


def test_demo_seed_is_idempotent():
    call_command("seed_demo")
    counts = (
        Asset.objects.count(),
        AssetMovement.objects.count(),
        Consumable.objects.count(),
        DisposalRequest.objects.count(),
        Stocktake.objects.count(),
    )
    assert counts[0] > 30
    call_command("seed_assets_demo")
    from assets.demo import seed_assets_demo

    seed_assets_demo()
    assert counts == (
        Asset.objects.count(),
        AssetMovement.objects.count(),
        Consumable.objects.count(),
        DisposalRequest.objects.count(),
        Stocktake.objects.count(),
    )
    school = School.objects.get(code="hongxing")
    assert services.overdue_loans(AssetMovement.objects.filter(school=school)).count() == 1
    assert services.below_reorder_level(Consumable.objects.filter(school=school)).exists()


def test_exchange_items_are_issued_only_against_the_old_one(office, school):
    valve = ConsumableFactory(school=school, name="水龙头阀门", exchange_required=True)
    refused = office.post(f"/assets/consumables/{valve.pk}/slip/out/", {"quantity": "1"})
    assert refused.status_code == 400
    office.post(
        f"/assets/consumables/{valve.pk}/slip/out/", {"quantity": "1", "old_returned": "on"}
    )
    valve.refresh_from_db()
    assert valve.quantity_on_hand == Decimal("9")


def test_api_stocktake_walk_and_confirm(school, logistics, make_user):
    room, other = room_of(school), room_of(school)
    listed = AssetFactory(school=school, room=room)
    stray = AssetFactory(school=school, room=other)
    api = APIClient()
    api.force_authenticate(logistics)
    started = api.post(
        "/api/v1/assets/stocktakes/", {"title": "期末盘点", "rooms": [room.pk]}, format="json"
    )
    assert started.status_code == 201, started.json()
    take = Stocktake.objects.get()
    line = take.lines.get(asset=listed)
    url = f"/api/v1/assets/stocktakes/{take.pk}/mark/"
    assert api.post(url, {"line": line.pk, "result": "found"}, format="json").status_code == 201
    assert api.post(url, {"line": line.pk, "result": "lost"}, format="json").status_code == 400
    moved = api.post(url, {"room": room.pk, "asset_code": stray.code}, format="json")
    assert moved.json()["result"] == "wrong_room"
    assert api.post(f"/api/v1/assets/stocktakes/{take.pk}/confirm/").status_code == 403
    api.force_authenticate(make_user(Role.DIRECTOR))
    assert api.post(f"/api/v1/assets/stocktakes/{take.pk}/confirm/").json()["movements"] == 1
    stray.refresh_from_db()
    assert stray.room == room
