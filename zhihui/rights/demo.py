"""The demo city's labour-rights cases: six years of complaints, mediations and arbitrations in
every state, with rates near the plan's baselines, and an open case for the demo citizen
(idempotent; `zhihui setup` calls it)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhihui.registry.models import Organisation, Person

from . import actions
from .enums import CaseKind
from .models import Case

FACTS = [
    ("拖欠2个月工资", 8600), ("未签订书面劳动合同，要求支付二倍工资", 24000), ("未足额支付加班费", 5200),
    ("违法解除劳动合同，要求支付赔偿金", 36000), ("未缴纳社会保险", 0), ("扣押身份证件", 0),
    ("拖欠农民工工资", 15800), ("未支付经济补偿", 12000),
]


@transaction.atomic
def ensure_demo(today: dt.date | None = None) -> str:
    if Case.objects.exists():
        return "labour-rights cases: demo cases exist"
    User = get_user_model()
    clerk, reviewer, admin = (User.objects.filter(username=u).first() for u in ("clerk", "reviewer", "admin"))
    if clerk is None or reviewer is None or admin is None:
        return "labour-rights cases: no demo clerk/reviewer/admin, skipped"
    people = list(Person.objects.order_by("id")[:400])
    firms = list(Organisation.objects.filter(kind="enterprise").order_by("id")[:120])
    if not people or not firms:
        return "labour-rights cases: no residents or enterprises, skipped"
    today = today or dt.date.today()
    rng = random.Random(20261207)
    n = 0
    for year in range(2021, today.year + 1):
        for i in range(24):
            kind = rng.choice([CaseKind.INSPECTION, CaseKind.MEDIATION, CaseKind.ARBITRATION])
            received = dt.date(year, 1 + (i * 11) % 12, 1 + rng.randrange(27))
            if received >= today - dt.timedelta(days=3):
                continue
            facts, amount = rng.choice(FACTS)
            case = actions.file_case(clerk, kind=kind, respondent=rng.choice(firms), applicant=rng.choice(people),
                                     facts=facts, claimed_amount=amount, received_on=received)
            n += 1
            age = (today - received).days
            if age < 4 and i % 2:
                continue  # still waiting for the acceptance decision
            if rng.random() < 0.04:
                actions.not_accept(clerk, case, "不属于受理范围", today=received + dt.timedelta(days=3))
                continue
            accepted = received + dt.timedelta(days=2)
            case = actions.accept(clerk, case, handler=reviewer if kind != CaseKind.MEDIATION else None, today=accepted)
            if kind == CaseKind.ARBITRATION and age > 20:
                at = timezone.make_aware(dt.datetime.combine(accepted + dt.timedelta(days=18), dt.time(9 + i % 7, 0)))
                case = actions.schedule(clerk, case, hearing_at=at, hearing_room=f"第{1 + i % 3}仲裁庭")
            settle_by = {CaseKind.INSPECTION: 50, CaseKind.MEDIATION: 12, CaseKind.ARBITRATION: 40}[kind]
            if age < settle_by and rng.random() < 0.7:
                continue  # open, inside its time limit
            if kind == CaseKind.ARBITRATION and year < today.year and rng.random() < 0.08:
                continue  # carried over: still open
            closed = min(accepted + dt.timedelta(days=rng.randrange(5, settle_by)), today)
            if kind == CaseKind.INSPECTION:
                outcome = rng.choices(["order", "no_violation", "penalise"], [6, 3, 1])[0]
                actor = reviewer if outcome == "penalise" else clerk
                text = {"order": "责令限期支付", "no_violation": "经调查未发现违法行为", "penalise": "依法作出行政处罚"}[outcome]
            elif kind == CaseKind.MEDIATION:
                outcome = "mediated" if rng.random() < 0.74 else "failed"
                actor, text = clerk, "双方达成调解协议" if outcome == "mediated" else "调解不成，告知申请仲裁"
            else:
                outcome = rng.choices(["award", "mediated", "withdraw", "dismiss"], [5, 4, 1, 1])[0]
                actor = clerk if outcome == "withdraw" else reviewer
                text = {"award": "裁决支付", "mediated": "仲裁庭主持下达成调解", "withdraw": "申请人撤回", "dismiss": "驳回仲裁请求"}[outcome]
            paid = amount if outcome in ("award", "mediated", "order") else 0
            actions.conclude(actor, case, outcome, text, paid, today=closed)
    n += _demo_project(clerk, reviewer, people, firms, today)
    citizen = User.objects.filter(username="citizen").select_related("person").first()
    if citizen is not None and citizen.person is not None:
        actions.file_case(citizen, kind=CaseKind.ARBITRATION, respondent=firms[0], applicant=citizen.person,
                          facts="公司未支付2026年10月工资及加班费", claimed_amount=7600,
                          knew_on=today - dt.timedelta(days=30), received_on=today)
        n += 1
    return f"labour-rights cases: {n} demo cases"


def _demo_project(clerk, reviewer, people, firms, today: dt.date) -> int:
    """A construction project paid by the bank month after month, until last month's payroll
    did not come in: the unpaid months and the payday warning show, and an arrears case follows."""
    from zhihui.core.crypto import decrypt

    from .arrears import month_start, next_month

    contractor = firms[-1]
    starts = month_start(today - dt.timedelta(days=182))
    project = actions.register_project(
        clerk, code=f"JY-{today.year}-001", name="济源示范区产业园标准化厂房（二期）", contractor=contractor,
        starts_on=starts, payday=15, wage_bank="中国农业银行济源分行", wage_account="6228480000012345678",
        deposit_amount="500000", deposit_paid_on=starts, address="济源示范区虎岭产业集聚区",
    )
    crew = people[-8:]
    trades = ["钢筋工", "木工", "混凝土工", "架子工", "电焊工", "瓦工", "水电工", "普工"]
    workers = [actions.add_worker(clerk, project, p, employer=contractor, joined_on=starts, monthly_wage=6000 + 300 * (i % 3),
                                  trade=trades[i]) for i, p in enumerate(crew)]
    month = starts
    last_paid = month_start(month_start(today) - dt.timedelta(days=1))  # last month is the one missed
    while month < last_paid:
        rows = ["身份证号码,姓名,实发金额"] + [
            f"{decrypt(w.person.id_number_encrypted)},{w.person.name},{w.monthly_wage}" for w in workers
        ]
        paid_on = next_month(month).replace(day=12)
        actions.import_payroll(clerk, project, month=month, paid_on=paid_on, bank_reference=f"ABC{paid_on:%Y%m%d}01",
                               data="\n".join(rows).encode("utf-8"), filename="payroll.csv", commit=True)
        month = next_month(month)
    actions.file_case(clerk, kind=CaseKind.INSPECTION, respondent=contractor, applicant=crew[0],
                             facts=f"{project.name}项目{last_paid:%Y年%m月}工资未发放", received_on=today - dt.timedelta(days=2))
    return 1
