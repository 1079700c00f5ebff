"""A realistic August–July work calendar for a school's general-affairs office (月份工作安排),
made from the facts of the seeds' semester plans (term-start preparation, the stocktake at each
term end, class-property checks mid- and end-term, fire-equipment checks, summer maintenance,
canteen checks, holiday duty rosters); written in our own words."""

from __future__ import annotations

from django.db import transaction

from core.choices import Role
from planning.models.calendar import RecordKind, WorkItem, months_mask

# title, description, months, owner role, fulfilled by, due day (None: month end)
SEED: list[tuple[str, str, tuple[int, ...], str, str, int | None]] = [
    (
        "开学前校舍安全检查与维修",
        "开学前对教室、门窗、桌椅、水电和照明逐间检查，发现问题当月修好。",
        (8, 2),
        Role.LOGISTICS,
        "",
        25,
    ),
    (
        "编制开学物资采购计划",
        "汇总办公、教学用品和药品需求，形成采购计划报总务主任审批。",
        (8, 2),
        Role.DIRECTOR,
        "",
        20,
    ),
    (
        "与供货商签订或续签合同",
        "核对定点供货商的营业执照和食品经营许可证，签订或续签供货合同。",
        (8, 2),
        Role.DIRECTOR,
        "",
        None,
    ),
    (
        "按编班情况调整班级桌椅",
        "根据新学期各班人数调配课桌椅，做好登记。",
        (9, 3),
        Role.LOGISTICS,
        "",
        15,
    ),
    (
        "消防器材月度检查",
        "检查各楼层灭火器压力、有效期及消防通道、应急照明，填写检查记录。",
        (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7),
        Role.LOGISTICS,
        "",
        10,
    ),
    (
        "应急疏散演练",
        "每月组织一次应急疏散演练，记录疏散用时和参加人数。",
        (9, 10, 11, 12, 3, 4, 5, 6),
        Role.DIRECTOR,
        RecordKind.DRILL,
        None,
    ),
    (
        "食堂食品留样与仓管抽查",
        "抽查食堂留样记录、进货查验和仓库出入库登记。",
        (9, 11, 3, 5),
        Role.CANTEEN_MANAGER,
        "",
        None,
    ),
    (
        "食堂从业人员健康证年检",
        "组织后勤和食堂人员体检，更新健康证。",
        (11,),
        Role.CANTEEN_MANAGER,
        "",
        None,
    ),
    (
        "期中班级公物检查",
        "检查各班教室内公共财物，损坏的按规定赔偿并安排维修。",
        (11, 4),
        Role.LOGISTICS,
        "",
        None,
    ),
    (
        "期末班级公物检查",
        "期末再次检查各班公物，结果计入班级考核。",
        (1, 6),
        Role.LOGISTICS,
        "",
        None,
    ),
    (
        "期末资产清点（盘点）",
        "清点各班级、办公室和功能室财产，做到帐物相符，盘点结果由总务主任确认。",
        (1, 7),
        Role.LOGISTICS,
        RecordKind.STOCKTAKE,
        None,
    ),
    (
        "收回出借物品",
        "学期结束前收回教师和班级借用的学校物品并检查完好情况。",
        (1, 7),
        Role.LOGISTICS,
        "",
        None,
    ),
    (
        "安排假期值班护校表",
        "编排寒暑假及节假日值班护校人员，报校长审定后公布。",
        (9, 12, 1, 4, 7),
        Role.DIRECTOR,
        "",
        20,
    ),
    (
        "期中、期末校舍安全检查",
        "对教学楼、宿舍、围墙和楼梯扶手进行全面安全检查，做好隐患登记。",
        (11, 12),
        Role.DIRECTOR,
        "",
        None,
    ),
    (
        "检修水电和消防设备",
        "夏季用电高峰前检修配电、线路、水管和消防设施。",
        (6,),
        Role.WORKER,
        "",
        None,
    ),
    (
        "暑期校舍维修",
        "利用暑假对屋顶、门窗、下水道等集中维修，开学前完工验收。",
        (7,),
        Role.DIRECTOR,
        "",
        None,
    ),
    (
        "月度财务收支公开",
        "将上月总务收支情况张贴在校务公开栏。",
        (9, 10, 11, 12, 1, 3, 4, 5, 6, 7),
        Role.DIRECTOR,
        "",
        10,
    ),
    (
        "校园绿化整理",
        "修剪草坪、清除杂草，检查树木安全。",
        (4, 6),
        Role.WORKER,
        "",
        None,
    ),
]


@transaction.atomic
def calendar_seed(*, school) -> int:
    """The seed calendar for a school, once (an item of the same title is left as the school
    edited it). Returns the items created."""
    have = set(WorkItem.objects.filter(school=school).values_list("title", flat=True))
    rows = [
        WorkItem(
            school=school,
            title=title,
            description=description,
            months=months_mask(months),
            owner_role=role,
            record_kind=kind,
            due_day=due_day,
        )
        for title, description, months, role, kind, due_day in SEED
        if title not in have
    ]
    WorkItem.objects.bulk_create(rows)
    return len(rows)
