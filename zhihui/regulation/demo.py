"""The demo city's regulation: licensed HR agencies with a spread of credit grades (one on the
dishonesty list), one inspection plan carried to published results and one with its pools
published and waiting for the seed (idempotent; `zhihui setup` calls it)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from zhihui.core.actions import create_user
from zhihui.core.roles import Role
from zhihui.registry.enums import OrgKind
from zhihui.registry.models import Organisation

from . import actions
from .enums import EntityScope, InspectionOutcome
from .models import InspectionPlan, InspectorProfile

FINDINGS = [
    (InspectionOutcome.NO_PROBLEM, "许可证照在有效期内，服务项目和收费标准已在经营场所公示，年度报告按时报送。", {}),
    (InspectionOutcome.ORDERED_TO_CORRECT, "未在经营场所公示收费标准和监督电话。",
     {"correction_order": "十五日内在经营场所醒目位置公示收费标准、投诉监督电话", "correction_due": dt.date(2026, 6, 30)}),
    (InspectionOutcome.NO_PROBLEM, "台账完整，未发现违规招聘信息。", {}),
    (InspectionOutcome.PENALISED, "未经许可从事职业中介活动（超出许可范围）。",
     {"penalty": "依据《人力资源市场暂行条例》第四十二条，责令改正，罚款一万元"}),
]


def _demo_agencies(admin, clerk, reviewer) -> str:
    """Licences for the demo city's HR agencies, annual reports on time, late or missing, one
    revoked licence and one agency on the HR-market dishonesty list: a spread of grades."""
    from .models import AgencyLicence

    if AgencyLicence.objects.exists():
        return "agencies: demo licences exist"
    agencies = list(Organisation.objects.filter(kind=OrgKind.HR_AGENCY).order_by("uscc")[:40])
    today = dt.date.today()
    for n, org in enumerate(agencies):
        kind = "filing" if n % 5 == 4 else "licence"
        actions.record_licence(
            clerk, org, kind=kind, number=f"豫人服{'备' if kind == 'filing' else '证'}字[{2019 + n % 5}]{n + 1:03d}号",
            scope="职业中介、人才推荐、人员测评、劳务派遣信息服务" if n % 3 else "职业中介、网络招聘",
            issued_on=dt.date(2019 + n % 5, 1 + n % 12, 1),
            valid_until=None if kind == "filing" else dt.date(2027 + n % 4, 1 + n % 12, 1) - dt.timedelta(days=1),
        )
        for year in range(max(2021, 2019 + n % 5), today.year):
            if n % 7 == 3 and year == today.year - 1:
                continue  # missing
            late = n % 6 == 5 and year == today.year - 1
            submitted = dt.date(year + 1, 4, 20) if late else dt.date(year + 1, 3, 1 + n % 25)
            if submitted > today:
                continue
            actions.submit_annual_report(
                clerk, org, year=year, people_served=200 + 37 * n, placements=40 + 9 * n,
                employers_served=10 + n, summary="依法开展职业中介和人才推荐服务。", today=submitted,
            )
    if len(agencies) > 8:
        lic = agencies[8].hr_licences.first()
        actions.revoke_licence(reviewer, lic, on=today - dt.timedelta(days=90), reason="停业，申请注销")
    if len(agencies) > 12:
        entry = actions.propose_listing(
            admin, agencies[12], kind="hr_market", reason="以招聘为名向求职者收取押金、培训费，拒不退还",
            basis="人力资源市场暂行条例 第四十三条", notified_on=today - dt.timedelta(days=40),
        )
        actions.decide_listing(reviewer, entry, today=today - dt.timedelta(days=20))
    return f"agencies: {len(agencies)} licensed with reports and grades"


def _demo_relations(admin, clerk, reviewer) -> str:
    """Collective contracts in each state, a clean-up and an integrity campaign with model
    agencies, dispatch headcounts with one firm over the cap, and a platform's cover return."""
    from zhihui.core.crypto import decrypt
    from zhihui.registry.models import Person

    from .models import CollectiveContract

    if CollectiveContract.objects.exists():
        return "labour relations: demo data exist"
    today = dt.date.today()
    firms = list(Organisation.objects.filter(kind=OrgKind.ENTERPRISE).order_by("uscc")[:6])
    if len(firms) < 4:
        return "labour relations: fewer than 4 demo enterprises, skipped"
    terms = "职工月工资不低于济源市最低工资标准的1.3倍，每年协商确定工资增长幅度；标准工时每日8小时、每周40小时；依法安排年休假；按规定提供劳动防护用品。"
    made = []
    for n, (days_ago, decide) in enumerate([(60, "approve"), (40, None), (20, "object"), (3, None)]):
        received = today - dt.timedelta(days=days_ago)
        c = actions.file_collective_contract(
            clerk, kind="wage" if n == 1 else "enterprise", organisation=firms[n], employer_party=firms[n].name,
            worker_party=f"{firms[n].name}工会委员会", workers_covered=120 + 85 * n, terms=terms,
            signed_on=received - dt.timedelta(days=5 + 4 * n), term_start=received + dt.timedelta(days=20),
            term_end=received + dt.timedelta(days=20 + 3 * 365), received_on=received)
        if decide == "approve":
            actions.approve_collective_contract(reviewer, c, today=received + dt.timedelta(days=7))
        elif decide == "object":
            actions.object_collective_contract(reviewer, c, "加班工资计算基数低于法定标准，请双方重新协商后报送",
                                               today=received + dt.timedelta(days=6))
        made.append(c)
    actions.file_collective_contract(
        clerk, kind="industry", industry="建筑业", employer_party="济源市建筑业协会", worker_party="济源市建筑业工会联合会",
        workers_covered=5600, terms=terms, signed_on=today - dt.timedelta(days=12), term_start=today,
        term_end=today + dt.timedelta(days=2 * 365), received_on=today - dt.timedelta(days=8))
    actions.lapse_collective_contracts("setup", today=today)

    clean = actions.open_campaign(admin, title="2026年人力资源市场秩序清理整顿专项行动", kind="clean_up",
                                  period_start=today - dt.timedelta(days=60), period_end=today + dt.timedelta(days=30),
                                  matters="无证从事职业中介、发布虚假招聘信息、以招聘为名收取费用",
                                  plans=list(InspectionPlan.objects.all()[:1]))
    for name, measure, finding in [("济源某某劳务信息部", "banned", "未经许可从事职业中介活动"),
                                   ("沁园路某职介门店", "referred", "以介绍工作为名收取押金后失联，涉嫌诈骗")]:
        actions.record_finding(clerk, clean, party_name=name, address="济源市沁园路", finding=finding, measure=measure,
                               found_on=today - dt.timedelta(days=20))
    integrity = actions.open_campaign(admin, title="2026年诚信服务示范机构创建活动", kind="integrity",
                                      period_start=today - dt.timedelta(days=90), period_end=today + dt.timedelta(days=60),
                                      matters="评选守法经营、服务规范、信用等级为A的人力资源服务机构")
    named = 0
    for org in Organisation.objects.filter(kind=OrgKind.HR_AGENCY).order_by("uscc"):
        if named < 3 and not actions.model_ineligibility(org, today):
            actions.name_model_agency(admin, integrity, org, today=today)
            named += 1

    agencies = list(Organisation.objects.filter(kind=OrgKind.HR_AGENCY).order_by("uscc")[:2])
    dispatcher = agencies[0] if agencies else None
    if dispatcher is not None:
        actions.record_licence(clerk, dispatcher, kind="dispatch", number="豫劳派许字[2024]001号", scope="劳务派遣",
                               issued_on=dt.date(2024, 1, 1), valid_until=dt.date(2027, 12, 31))
    for firm, (own, sent) in zip(firms, [(900, 160), (450, 50), (300, 20), (1200, 0)], strict=False):
        actions.report_dispatch(clerk, firm, as_of=today - dt.timedelta(days=10), contract_employees=own,
                                dispatched_workers=sent, dispatch_firm=dispatcher if sent else None)

    platform = firms[-1]
    people = list(Person.objects.order_by("pk")[:12])
    rows = [",".join(actions.COVER_HEADERS)]
    for n, p in enumerate(people):
        rows.append(f"{decrypt(p.id_number_encrypted)},{p.name},{'否' if n % 4 == 3 else '是'},{'否' if n % 3 == 2 else '是'},"
                    f"{'否' if n % 5 == 4 else '是'},{'是' if n % 2 else '否'}")
    note = ""
    if people:
        ret = actions.import_cover_return(admin, platform, month=today.replace(day=1) - dt.timedelta(days=1),
                                          data="\n".join(rows).encode(), commit=True)
        note = f", cover return of {ret.workers} workers"
    return f"labour relations: {len(made) + 1} collective contracts, 2 campaigns ({named} model agencies), dispatch reports{note}"


@transaction.atomic
def ensure_demo() -> str:
    User = get_user_model()
    admin, clerk, reviewer = (User.objects.filter(username=u).first() for u in ("admin", "clerk", "reviewer"))
    if admin is None or clerk is None or reviewer is None:
        return "regulation: no demo admin/clerk/reviewer account, skipped"
    agencies_note = _demo_agencies(admin, clerk, reviewer)
    agencies_note += "; " + _demo_relations(admin, clerk, reviewer)
    if InspectionPlan.objects.exists():
        return f"{agencies_note}; random inspections: demo plans exist"
    inspectors = [] if InspectorProfile.objects.filter(user=clerk).exists() else [actions.enrol_inspector(admin, clerk, "JY-JC-001")]
    for n in range(2, 6):
        username = f"inspector{n}"
        user = User.objects.filter(username=username).first() or create_user(
            "setup", username=username, password=secrets.token_urlsafe(24), role=Role.CLERK,
            display_name=f"劳动保障监察员{n}",
        )
        if not InspectorProfile.objects.filter(user=user).exists():
            inspectors.append(actions.enrol_inspector(admin, user, f"JY-JC-{n:03d}"))
    agencies = Organisation.objects.filter(kind=OrgKind.HR_AGENCY)
    scope = EntityScope.HR_AGENCY if agencies.count() >= 8 else EntityScope.ALL
    first = Organisation.objects.filter(kind=OrgKind.HR_AGENCY).order_by("uscc").first()
    if first is not None and inspectors:
        actions.declare_conflict(admin, inspectors[-1], first, "配偶在该机构任职")
    done = actions.create_plan(
        admin, title="2026年度人力资源服务机构“双随机、一公开”抽查", scope=scope,
        matters="人力资源服务许可、年度报告公示、收费标准公示、招聘信息真实性",
        period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 9, 30), entities_to_draw=4,
        seed_source="2026年3月31日中国福利彩票3D开奖号码",
    )
    done = actions.publish_pools(admin, done)
    done = actions.draw(admin, done, "2026-03-31 福彩3D 407")
    for record, (outcome, text, extra) in zip(done.records.order_by("draw_rank"), FINDINGS, strict=False):
        actions.record_inspection(admin, record, outcome=outcome, findings=text,
                                  inspected_on=dt.date(2026, 5, 10 + record.draw_rank), **extra)
    actions.publish_results(admin, done)
    waiting = actions.create_plan(
        admin, title="2027年第一季度用人单位劳动用工“双随机”抽查", scope=EntityScope.EMPLOYER,
        matters="劳动合同签订、工资支付、工时和休息休假、社会保险登记",
        period_start=dt.date(2027, 1, 4), period_end=dt.date(2027, 3, 31), entities_to_draw=6,
        seed_source="2026年12月31日上证综合指数收盘点位",
    )
    actions.publish_pools(admin, waiting)
    return f"{agencies_note}; random inspections: demo plans {done.number} (results published), {waiting.number} (pools published)"
