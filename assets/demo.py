"""Demo ledger for the demo school (红星实验小学, code "hongxing", built by core's seed_demo).

`seed_assets_demo()` is idempotent: categories are completed, and the ledger is only written when
the school has no asset yet.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assets import services
from assets.choices import AssetSource, CheckKind, FundingSource, StocktakeResult
from assets.models import Asset, AssetCategory, AssetMovement, Consumable
from core.models import Room, School, SchoolClass, User

# category code, name, brand, spec, unit, unit price, quantity, bought (y, m, d), room name,
# custodian, durable batch, source
LEDGER = [
    (
        "101",
        "教学楼A",
        "",
        "钢筋混凝土框架 5层 6200㎡",
        "栋",
        "18600000",
        1,
        (2012, 8, 30),
        None,
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "103",
        "塑胶田径场",
        "",
        "200米环形跑道",
        "处",
        "860000",
        1,
        (2015, 7, 20),
        "田径场",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2101",
        "学生计算机",
        "联想",
        "启天M437 i5/8G/512G",
        "台",
        "4650",
        40,
        (2022, 8, 15),
        "计算机教室",
        None,
        True,
        AssetSource.PURCHASE,
    ),
    (
        "2101",
        "教师办公电脑",
        "联想",
        "扬天M4000 i5",
        "台",
        "4980",
        1,
        (2023, 3, 10),
        "总务处办公室",
        "logistics1",
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2101",
        "笔记本电脑",
        "华为",
        "MateBook 14",
        "台",
        "5999",
        1,
        (2024, 2, 26),
        "教师办公室",
        "teacher2",
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2102",
        "激光打印机",
        "惠普",
        "LaserJet M437",
        "台",
        "2680",
        1,
        (2021, 9, 1),
        "总务处办公室",
        "logistics1",
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2102",
        "复印机",
        "理光",
        "MP 2555SP",
        "台",
        "16800",
        1,
        (2019, 6, 18),
        "教师办公室",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2102",
        "数码相机",
        "佳能",
        "EOS 90D",
        "台",
        "7800",
        1,
        (2020, 11, 5),
        "总务处办公室",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2103",
        "公务用车",
        "别克",
        "GL8 商务车",
        "辆",
        "238000",
        1,
        (2018, 4, 12),
        None,
        None,
        False,
        AssetSource.TRANSFER_IN,
    ),
    (
        "2104",
        "柜式空调",
        "格力",
        "5匹 KFR-120LW",
        "台",
        "11800",
        1,
        (2019, 7, 2),
        "图书馆",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2104",
        "直饮水机",
        "碧丽",
        "JO-2Q5",
        "台",
        "6200",
        1,
        (2021, 8, 25),
        "室内篮球场",
        None,
        False,
        AssetSource.DONATION,
    ),
    (
        "2201",
        "学生显微镜",
        "麦克奥迪",
        "XSP-02 640倍",
        "台",
        "680",
        30,
        (2021, 3, 16),
        "科学实验室",
        None,
        True,
        AssetSource.PURCHASE,
    ),
    (
        "2201",
        "数码显微互动系统",
        "麦克奥迪",
        "教师端",
        "套",
        "23500",
        1,
        (2021, 3, 16),
        "科学实验室",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2201",
        "天文望远镜",
        "星特朗",
        "NexStar 8SE",
        "台",
        "9800",
        1,
        (2023, 10, 9),
        "仪器室",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2202",
        "篮球架",
        "金陵",
        "移动式 凹箱",
        "副",
        "8600",
        2,
        (2017, 5, 20),
        "室内篮球场",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2203",
        "立式钢琴",
        "珠江",
        "UP118",
        "台",
        "16500",
        1,
        (2016, 9, 1),
        "音乐教室",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "2203",
        "广播功放",
        "ITC",
        "T-6240",
        "台",
        "3900",
        1,
        (2018, 8, 28),
        "总务处办公室",
        None,
        False,
        AssetSource.PURCHASE,
    ),
    (
        "3",
        "校史陈列品（老校门匾额）",
        "",
        "木质 1956年",
        "件",
        "0",
        1,
        (2010, 9, 1),
        "校史陈列室",
        None,
        False,
        AssetSource.DONATION,
    ),
    (
        "401",
        "图书（2023年采购）",
        "",
        "少儿读物",
        "册",
        "28.5",
        3200,
        (2023, 9, 5),
        "图书馆",
        None,
        True,
        AssetSource.PURCHASE,
    ),
    (
        "501",
        "办公桌椅",
        "震旦",
        "1.4米 含椅",
        "套",
        "1650",
        1,
        (2020, 8, 20),
        "总务处办公室",
        "logistics1",
        False,
        AssetSource.PURCHASE,
    ),
    (
        "501",
        "图书馆书架",
        "",
        "双面 钢木",
        "组",
        "1280",
        24,
        (2019, 8, 10),
        "图书馆",
        None,
        True,
        AssetSource.PURCHASE,
    ),
    (
        "502",
        "美术画架",
        "",
        "榉木",
        "个",
        "160",
        30,
        (2022, 8, 30),
        "美术教室",
        None,
        True,
        AssetSource.PURCHASE,
    ),
    (
        "6",
        "校园古樟树",
        "",
        "树龄约80年",
        "株",
        "0",
        1,
        (2012, 8, 30),
        None,
        None,
        False,
        AssetSource.TRANSFER_IN,
    ),
]

CONSUMABLES = [
    # name, spec, unit, reorder level, unit price, stock-in quantity, issued
    ("LED灯管", "T8 1.2米 18W", "支", "20", "18.50", "60", "45"),
    ("水龙头阀门", "DN15 铜芯", "个", "10", "26.00", "30", "8"),
    ("拖把", "棉线 加厚", "把", "15", "12.00", "40", "12"),
    ("A4复印纸", "70g 500张/包", "包", "50", "23.00", "200", "120"),
    ("粉笔", "无尘 白色 50支/盒", "盒", "100", "3.50", "300", "230"),
]


def _room(school: School, name: str | None) -> Room | None:
    if not name:
        return None
    return Room.objects.filter(school=school, name=name).first()


@transaction.atomic
def seed_assets_demo() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    services.categories_seed_defaults(school)
    if Asset.objects.filter(school=school).exists():
        return
    users = {u.username: u for u in User.objects.filter(school=school)}
    actor = users.get("logistics1") or users.get("director")
    if actor is None:
        return
    categories = {c.code: c for c in AssetCategory.objects.filter(school=school)}
    _seed_ledger(school, actor, users, categories)
    _seed_class_assets(school, actor, categories)
    _seed_loan_and_disposal(school, actor, users)
    _seed_consumables(school, actor, users)
    _seed_stocktake_and_check(school, actor, categories["501"])


def _seed_ledger(
    school: School, actor: User, users: dict[str, User], categories: dict[str, AssetCategory]
) -> None:
    for code, name, brand, spec, unit, price, qty, bought, room, custodian, batch, source in LEDGER:
        services.asset_create(
            school=school,
            actor=actor,
            category=categories[code],
            name=name,
            brand=brand,
            spec=spec,
            unit=unit,
            unit_price=Decimal(price),
            quantity=qty,
            purchase_date=dt.date(*bought),
            source=source,
            funding_source=FundingSource.DONATED
            if source == AssetSource.DONATION
            else FundingSource.BUDGET,
            room=_room(school, room),
            custodian=users.get(custodian) if custodian else None,
            durable_batch=batch,
            supplier="滨江教育装备有限公司" if source == AssetSource.PURCHASE else "",
        )


def _seed_class_assets(school: School, actor: User, categories: dict[str, AssetCategory]) -> None:
    # 班级公物: each classroom's interactive whiteboard and desks, the class responsible.
    board = categories["2201"]
    desks = categories["501"]
    for school_class in SchoolClass.objects.filter(school=school).select_related("room"):
        label = f"{school_class.grade}年级{school_class.number}班"
        services.asset_create(
            school=school,
            actor=actor,
            category=board,
            name=f"多媒体教学一体机（{label}）",
            brand="希沃",
            spec="86英寸 交互式",
            unit="台",
            unit_price=Decimal("12800"),
            purchase_date=dt.date(2021, 8, 20),
            room=school_class.room,
            responsible_class=school_class,
        )
        services.asset_create(
            school=school,
            actor=actor,
            category=desks,
            name=f"学生课桌椅（{label}）",
            spec="升降式 单人",
            unit="套",
            unit_price=Decimal("420"),
            quantity=45,
            purchase_date=dt.date(2020, 8, 15),
            room=school_class.room,
            responsible_class=school_class,
            durable_batch=True,
        )


def _seed_loan_and_disposal(school: School, actor: User, users: dict[str, User]) -> None:
    # A loan that is overdue (the camera lent to teacher1 for the sports day).
    camera = Asset.objects.get(school=school, name="数码相机")
    if "teacher1" in users:
        loan = services.asset_lend(
            asset=camera,
            actor=actor,
            to_custodian=users["teacher1"],
            due_date=timezone.localdate(),
            reason="运动会拍照",
        )
        AssetMovement.objects.filter(pk=loan.pk).update(
            due_date=timezone.localdate() - dt.timedelta(days=5),
            date=timezone.localdate() - dt.timedelta(days=12),
        )
    services.disposal_request(
        asset=Asset.objects.get(school=school, name="激光打印机"),
        actor=actor,
        reason="硒鼓仓损坏，维修费用超过残值",
    )


def _seed_consumables(school: School, actor: User, users: dict[str, User]) -> None:
    # Consumables, stocked in and partly issued.
    for name, spec, unit, level, price, stocked, issued in CONSUMABLES:
        item, _ = Consumable.objects.get_or_create(
            school=school,
            name=name,
            spec=spec,
            defaults={
                "unit": unit,
                "reorder_level": Decimal(level),
                "unit_price": Decimal(price),
                "storeroom": _room(school, "仪器室"),
            },
        )
        services.consumable_stock_in(
            school=school,
            actor=actor,
            lines=[(item, Decimal(stocked))],
            supplier="滨江五金建材商行",
        )
        services.consumable_issue(
            school=school,
            actor=actor,
            lines=[(item, Decimal(issued))],
            recipient=users.get("worker1"),
            reason="日常维修与保洁",
        )


def _seed_stocktake_and_check(school: School, actor: User, desks: AssetCategory) -> None:
    # A stocktake under way in the science lab, one microscope station checked.
    lab = _room(school, "科学实验室")
    if lab is not None:
        stocktake = services.stocktake_start(
            school=school, actor=actor, title="2026学年第一学期期中盘点（科学实验室）", rooms=[lab]
        )
        first = stocktake.lines.order_by("pk").first()
        if first is not None:
            services.stocktake_mark(line=first, actor=actor, result=StocktakeResult.FOUND)
    # The mid-term check of class 1-1: a broken desk, charged to the class.
    first_class = SchoolClass.objects.filter(school=school, grade=1, number=1).first()
    if first_class is not None:
        desk = Asset.objects.filter(responsible_class=first_class, category=desks).first()
        services.property_check_record(
            school_class=first_class,
            actor=actor,
            kind=CheckKind.MID_TERM,
            notes="课桌椅、一体机、窗帘检查",
            damages=[(desk, "课桌桌面被刻划、桌腿松动 1 套", Decimal("80.00"))],
        )
