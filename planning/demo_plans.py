"""Demo data of the plans part: the demo school's approved three-year general-affairs plan, in
its second year. Its facts follow the seed plans (a maintenance plan for every facility, assets
digitised and stocktaken at year end, class property checked twice a term, fire equipment in
date, food samples complete, satisfaction raised); the KPIs read the other modules' demo records.
Built through the services (drafted by the director, approved by the principal). Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.metrics import Period
from core.models import School, User
from planning.choices_plans import Direction, KpiKind, KpiWindow
from planning.models import Plan
from planning.services import plans as services
from planning.services.plan_tasks import kpis_snapshot

D = Decimal
H, L = Direction.HIGHER, Direction.LOWER

# area → goals: (title, yearly targets, measures, evidence, KPIs, milestones)
# KPI: (name, metric key or "", window, direction, baseline, three targets)
# milestone: (title, months after the plan's start, done)
AREAS: dict[str, list[tuple[Any, ...]]] = {
    "制度建设": [
        (
            "健全后勤管理制度与岗位职责",
            ("制度汇编成册", "按制度考核", "制度年度修订"),
            "修订报修、采购、财产、食堂等制度；岗位职责到人；每学期末考评。",
            "制度汇编、考评记录",
            [("已修订的后勤制度", "", "", H, D(0), (D(6), D(10), D(12)))],
            [("完成《后勤管理制度汇编》", 4, True), ("建立后勤人员考评办法", 14, False)],
        )
    ],
    "信息化": [
        (
            "校舍设施设备维护保养计划全覆盖",
            ("主要设施有保养计划", "全部设施有保养计划", "按计划执行并复盘"),
            "逐栋梳理设施设备，制定维护保养计划，故障数据用于预测维修需求。",
            "保养计划表、执行记录",
            [("有保养计划的设施比例", "", "", H, D(20), (D(60), D(90), D(100)))],
            [("完成设施设备普查", 3, True), ("保养计划覆盖全部楼栋", 20, False)],
        )
    ],
    "服务质量": [
        (
            "报修及时处理，师生满意",
            ("按时完工率 85%", "按时完工率 90%", "按时完工率 95%"),
            "报修限时响应，完工回访；每学期开展满意度调查。",
            "报修统计、满意度调查结果",
            [
                (
                    "报修按时完工率",
                    "repairs.sla_percent",
                    KpiWindow.TWELVE_MONTHS,
                    H,
                    D(80),
                    (D(85), D(90), D(95)),
                ),
                (
                    "报修满意率",
                    "repairs.satisfied_percent",
                    KpiWindow.TWELVE_MONTHS,
                    H,
                    D(85),
                    (D(88), D(92), D(95)),
                ),
            ],
            [("每学期开展一次满意度调查", 10, False)],
        )
    ],
    "安全": [
        (
            "每栋楼消防器材配备齐全、在有效期内",
            ("过期器材不超过 3 件", "过期器材不超过 1 件", "无过期器材"),
            "消防器材每月检查，到期前更换；每学期至少两次疏散演练。",
            "消防检查记录、演练记录",
            [
                (
                    "已过期消防器材",
                    "safety.fire_expired",
                    KpiWindow.MONTH,
                    L,
                    D(6),
                    (D(3), D(1), D(0)),
                ),
                (
                    "本学年已开展演练",
                    "safety.drills_held",
                    KpiWindow.SCHOOL_YEAR,
                    H,
                    D(2),
                    (D(3), D(4), D(4)),
                ),
            ],
            [("完成全部楼栋消防器材登记", 2, True)],
        )
    ],
    "食堂": [
        (
            "食品安全零事故，留样与消毒规范",
            ("留样完整率 95%", "留样完整率 98%", "留样完整率 100%"),
            "每餐每样留样不少于 125 克、保存 48 小时；餐具消毒记录齐全。",
            "留样记录、消毒记录",
            [
                (
                    "留样完整率",
                    "canteen.samples_complete",
                    KpiWindow.MONTH,
                    H,
                    D(90),
                    (D(95), D(98), D(100)),
                ),
                (
                    "餐具消毒达标率",
                    "canteen.disinfection_compliance",
                    KpiWindow.MONTH,
                    H,
                    D(90),
                    (D(95), D(98), D(100)),
                ),
            ],
            [],
        )
    ],
    "资产": [
        (
            "资产数字化管理，账物相符",
            ("资产建卡入账", "年终盘点全覆盖", "账物相符率 100%"),
            "一物一卡；年终盘点；班级财产期中、期末各检查一次，损坏赔偿。",
            "资产台账、盘点报告",
            [
                (
                    "从未盘点的资产",
                    "assets.never_stocktaken",
                    KpiWindow.MONTH,
                    L,
                    D(200),
                    (D(100), D(20), D(0)),
                ),
                ("资产数字化率", "", "", H, D(30), (D(60), D(90), D(100))),
            ],
            [("完成首次年终盘点", 10, True), ("班级财产期中检查", 14, False)],
        )
    ],
}


def seed(school: School | None = None) -> Plan | None:
    school = school or School.objects.filter(code="hongxing").first()
    if school is None:
        return None
    director = User.objects.filter(school=school, user_roles__role="director").first()
    principal = User.objects.filter(school=school, user_roles__role="principal").first()
    if director is None or principal is None:
        return None
    today = timezone.localdate()
    first_year = (today.year if today.month >= 9 else today.year - 1) - 1  # in its second year
    existing = Plan.objects.filter(school=school, first_year=first_year).first()
    if existing is not None:
        return existing
    plan = services.plan_create(
        school=school,
        title=f"{school.name}后勤保障三年发展规划",
        first_year=first_year,
        summary="第一年建立规范的后勤管理制度和流程；第二年推进信息化管理；第三年提升服务质量。",
        actor=director,
    )
    values = _build(plan, director)
    services.plan_submit(plan=plan, actor=director)
    services.plan_approve(plan=plan, actor=principal)
    _progress(plan, director, values)
    return plan


def _build(plan: Plan, director: User) -> list:
    manual: list[Any] = []
    start = plan.starts_on
    for area_name, goals in AREAS.items():
        area = services.area_add(plan=plan, name=area_name, actor=director)
        for title, targets, measures, evidence, kpis, steps in goals:
            goal = services.goal_add(
                plan=plan,
                area=area,
                title=title,
                target_year1=targets[0],
                target_year2=targets[1],
                target_year3=targets[2],
                measures=measures,
                evidence_expected=evidence,
                owner=director,
                actor=director,
            )
            for name, key, window, direction, baseline, goal_targets in kpis:
                kpi = services.kpi_add(
                    plan=plan,
                    goal=goal,
                    actor=director,
                    name=name,
                    kind=KpiKind.METRIC if key else KpiKind.MANUAL,
                    metric_key=key,
                    window=window or KpiWindow.MONTH,
                    unit="" if key else ("%" if "率" in name or "比例" in name else "项"),
                    direction=direction,
                    baseline=baseline,
                    target_year1=goal_targets[0],
                    target_year2=goal_targets[1],
                    target_year3=goal_targets[2],
                )
                if not key:
                    manual.append(kpi)
            for step_title, months, done in steps:
                step = services.milestone_add(
                    plan=plan,
                    goal=goal,
                    title=step_title,
                    due=_months_after(start, months),
                    owner=director,
                    actor=director,
                )
                if done:
                    manual.append(step)
    return manual


def _progress(plan: Plan, director: User, rows: list) -> None:
    """Manual values with their evidence, the milestones done, three months of snapshots."""
    today = timezone.localdate()
    levels = {"已修订的后勤制度": D(8), "有保养计划的设施比例": D(55), "资产数字化率": D(72)}
    for row in rows:
        if hasattr(row, "kind"):
            services.kpi_value_enter(
                kpi=row,
                measured_on=today - dt.timedelta(days=20),
                value=levels.get(row.name, D(1)),
                evidence_link="https://hongxing.example.edu.cn/zongwu/plan-evidence",
                note="总务处月度统计",
                actor=director,
            )
        else:
            services.milestone_complete(
                milestone=row, actor=director, evidence="材料已归档于总务处"
            )
    month = Period.current_month()
    for _n in range(3):
        month = month.previous()
        kpis_snapshot(month=month)


def _months_after(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    return dt.date(day.year + total // 12, total % 12 + 1, 28)
