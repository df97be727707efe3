"""The demo city's skills domain: three providers (one is the demo employer's enterprise
training centre), programmes, sessions each year since 2022 with real-name rosters and
check-ins, an evaluation body and its certificates, vouchers in every state (one enrolled for
the demo citizen in a session running this week), a night-time check-in and a provider whose
certification rate stands out for the supervisors' signals (idempotent; `zhihui setup` calls it)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhihui.registry.models import Occupation, Organisation, Person

from . import actions
from .models import Provider

PROGRAMMES = [  # (code, name, occupation name, level, hours, price cap, subsidy)
    ("HG", "焊工（中级工）", "焊工", "intermediate_worker", 80, "1800", "1500"),
    ("DG", "电工（初级工）", "电工", "junior_worker", 60, "1200", "1000"),
    ("YL", "养老护理员（初级工）", "养老护理员", "junior_worker", 56, "1000", "900"),
    ("PT", "中式烹调师（中级工）", "中式烹调师", "intermediate_worker", 72, "1600", "1300"),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@transaction.atomic
def ensure_demo(today: dt.date | None = None) -> str:
    if Provider.objects.exists():
        return "skills: demo providers exist"
    User = get_user_model()
    clerk, admin = (User.objects.filter(username=u).first() for u in ("clerk", "admin"))
    if clerk is None or admin is None:
        return "skills: no demo clerk/admin, skipped"
    firms = list(Organisation.objects.filter(kind="enterprise").order_by("id")[:6])
    people = list(Person.objects.order_by("-id")[:160])
    if len(firms) < 4 or len(people) < 60:
        return "skills: not enough residents or enterprises, skipped"
    today = today or timezone.localdate()
    rng = random.Random(20261207)
    from zhihui.window import actions as window

    for year in (today.year - 1, today.year):
        window.set_budget(admin, year, "skill_voucher", "300000")
    providers = [
        actions.register_provider(clerk, firms[0], kind="enterprise", approved_on=dt.date(2021, 3, 1), site="企业培训中心", teachers=8),
        actions.register_provider(clerk, firms[1], kind="social", approved_on=dt.date(2021, 5, 1), site="济源示范区济水大街", teachers=12),
        actions.register_provider(clerk, firms[2], kind="technical_school", approved_on=dt.date(2021, 2, 1), site="济源技师学院", teachers=30),
    ]
    evaluator = firms[3]
    actions.file_evaluation_body(clerk, evaluator, kind="social", filed_on=dt.date(2021, 1, 1), scope="焊工、电工、养老护理员、中式烹调师")
    programmes = []
    for i, (code, name, occ, level, hours, cap, sub) in enumerate(PROGRAMMES):
        occupation = Occupation.objects.filter(name=occ, level=4).order_by("-valid_from").first()
        programmes.append(actions.add_programme(clerk, providers[i % 3], code=f"{code}-{i + 1:02d}", name=name, occupation=occupation,
                                                level=level, hours=hours, price_cap=cap, subsidy=sub, capacity=30))
    pool = iter(people)
    n_sessions = 0
    cert_seq = 0
    # Past sessions: 2022 to last month, completed; the third provider certifies nearly everyone.
    for year in range(2022, today.year + 1):
        for k, prog in enumerate(programmes):
            start = dt.date(year, 3 + 2 * k, 6)
            if start + dt.timedelta(days=40) > today:
                continue
            s = actions.open_session(clerk, prog, starts_on=start, ends_on=start + dt.timedelta(days=2), day_start=dt.time(8, 30),
                                     day_end=dt.time(17, 0), teacher="王老师")
            n_sessions += 1
            trainees = [people[(year * 7 + k * 13 + j) % len(people)] for j in range(6)]
            for j, person in enumerate(dict.fromkeys(trainees)):
                e = actions.enrol(clerk, s, person, today=start - dt.timedelta(days=3))
                days = 3 if j < 5 else 1
                for d in range(days):
                    actions.check_in(clerk, e, method="clerk", at=_at(start + dt.timedelta(days=d), 8, 40 + j))
            actions.complete_session(clerk, s, today=s.ends_on)
            rate = 0.95 if prog.provider == providers[2] else 0.5
            for e in s.enrolments.filter(completed=True):
                if rng.random() < rate:
                    cert_seq += 1
                    actions.record_certificate(clerk, person=e.person, kind="skill_level", level=prog.level, name=prog.name.split("（")[0],
                                               number=f"S41900{year}{cert_seq:06d}", obtained_on=s.ends_on + dt.timedelta(days=20),
                                               occupation=prog.occupation, evaluator=evaluator)
    # This week's session: the demo citizen enrolled with a voucher, and a night-time check-in.
    current = actions.open_session(clerk, programmes[0], starts_on=today - dt.timedelta(days=1), ends_on=today + dt.timedelta(days=3),
                                   day_start=dt.time(8, 30), day_end=dt.time(17, 0), teacher="李老师")
    citizen = User.objects.filter(username="citizen").select_related("person").first()
    n_vouchers = 0
    if citizen is not None and citizen.person is not None:
        v = actions.issue_voucher(clerk, citizen.person, kind="general", group="unemployed", today=today - dt.timedelta(days=7))
        actions.enrol(citizen, current, citizen.person, voucher=v, today=today - dt.timedelta(days=2))
        n_vouchers += 1
    night = actions.enrol(clerk, current, next(pool), today=today - dt.timedelta(days=2))
    actions.check_in(clerk, night, method="clerk", at=_at(today - dt.timedelta(days=1), 21, 40))
    # Vouchers in every state, on a finished session of this year (or last year's).
    year_start = dt.date(today.year, 1, 1)
    done_start = max(year_start + dt.timedelta(days=14), today - dt.timedelta(days=60))
    finished = actions.open_session(clerk, programmes[1], starts_on=done_start, ends_on=done_start + dt.timedelta(days=2),
                                    day_start=dt.time(8, 30), day_end=dt.time(17, 0), teacher="赵老师")
    issued_on = done_start - dt.timedelta(days=7)
    states = ["issued", "issued", "enrolled", "completed", "certified", "redeemed", "redeemed", "cancelled"]
    wanted = []  # (voucher, state) on the finished session
    for i, state in enumerate(states):
        person = next(pool)
        group = ["unemployed", "rural", "flexible", "small_firm", "key_group"][i % 5]
        v = actions.issue_voucher(clerk, person, kind="general", group=group, today=issued_on)
        n_vouchers += 1
        if state == "issued":
            continue
        if state == "cancelled":
            actions.cancel(clerk, v, "本人放弃培训")
            continue
        session = current if state == "enrolled" else finished
        e = actions.enrol(clerk, session, person, voucher=v, today=min(issued_on + dt.timedelta(days=1), session.starts_on))
        if state == "enrolled":
            continue
        for d in range(3):
            actions.check_in(clerk, e, method="clerk", at=_at(finished.starts_on + dt.timedelta(days=d), 8, 50))
        wanted.append((v, state))
    actions.complete_session(clerk, finished, today=finished.ends_on)
    for v, state in wanted:
        if state == "completed":
            continue
        cert_seq += 1
        actions.record_certificate(clerk, person=v.person, kind="skill_level", level=programmes[1].level, name="电工",
                                   number=f"S41900{today.year}{cert_seq:06d}", obtained_on=min(today, finished.ends_on + dt.timedelta(days=10)),
                                   occupation=programmes[1].occupation, evaluator=evaluator)
        if state == "redeemed":
            actions.redeem(admin, v, today=min(today, finished.ends_on + dt.timedelta(days=12)))
    # A voucher issued last year and never used: lapsed, its value back on last year's line.
    old = actions.issue_voucher(clerk, next(pool), kind="employment", group="rural", today=today - dt.timedelta(days=400))
    n_vouchers += 1
    actions.lapse_expired(None, today=old.expires_on + dt.timedelta(days=1))
    _registers(clerk, firms, people, providers, today)
    return f"skills: {len(providers)} providers, {n_sessions + 2} sessions, {n_vouchers} vouchers, {cert_seq} certificates"


def _registers(clerk, firms, people, providers, today: dt.date) -> None:
    """The zone's 2025 competition with results, a studio, brand members, an apprenticeship."""
    people = people[-36:]
    comp = actions.record_competition(clerk, name="济源示范区第三届职业技能大赛（焊工）", year=2025, level="zone",
                                      organiser="济源示范区人力资源和社会保障局")
    for rank, person in enumerate(people[0:6], start=1):
        actions.add_entry(clerk, comp, person, unit=firms[rank % 4], coach="刘教练", rank=rank,
                          award={1: "一等奖", 2: "二等奖", 3: "二等奖"}.get(rank, "三等奖"),
                          title="济源示范区技术能手" if rank <= 3 else "")
    actions.record_studio(clerk, name="焊接技能大师工作室", kind="skill_master", level="provincial", host=firms[0], master=people[0],
                          recognised_by="河南省人力资源和社会保障厅", recognised_on=dt.date(2023, 9, 1), funding="100000")
    for i, brand in enumerate(["explosion_proof", "electrician", "carer", "housekeeping", "builder"]):
        for person in people[10 + 4 * i:14 + 4 * i]:
            actions.add_brand_member(clerk, brand, person, joined_on=dt.date(2024, 1, 1))
    actions.record_apprenticeship(clerk, firm=firms[0], school=providers[2].organisation, apprentice=people[32],
                                  level="senior_worker", starts_on=dt.date(today.year, 3, 1), ends_on=dt.date(today.year + 1, 2, 28),
                                  plan="企校双师联合培养：理论 240 课时，岗位实训 960 课时", subsidy="5000")
    _more_registers(clerk, firms, people, providers, today)


def _more_registers(clerk, firms, people, providers, today: dt.date) -> None:
    """A training base, a chief technician (with the technician certificate and the job that
    qualify him) and, when the education catalogue is loaded, a vocational student's 1+X."""
    from zhihui.registry.models import (
        Certificate,
        EducationLevel,
        EducationRecord,
        EmploymentRecord,
    )

    actions.record_training_base(clerk, name="济源职业技术学院高技能人才培训基地（智能制造）", kind="high_skill", level="provincial",
                                 host=providers[0].organisation, recognised_by="河南省人力资源和社会保障厅",
                                 recognised_on=dt.date(2023, 6, 1), stations=240, occupations="电工、焊工、工业机器人系统运维员",
                                 funding="3000000")
    actions.record_training_base(clerk, name="济源示范区公共实训基地", kind="public_practice", level="zone", host=firms[1],
                                 recognised_by="济源示范区人力资源和社会保障局", recognised_on=dt.date(2022, 3, 1), stations=400,
                                 occupations="焊工、电工、育婴员、中式烹调师", funding="8000000")
    chief = people[1]
    Certificate.objects.create(person=chief, kind="skill_level", skill_level="technician", name="焊工（二级/技师）",
                               number=f"S41900{today.year}T00001", issuer="济源示范区职业技能鉴定中心", obtained_on=dt.date(2022, 11, 20))
    if not EmploymentRecord.objects.filter(person=chief, organisation=firms[0], end_date__isnull=True).exists():
        EmploymentRecord.objects.create(person=chief, organisation=firms[0], start_date=dt.date(2015, 7, 1), monthly_wage="7800")
    actions.appoint_chief_technician(clerk, firm=firms[0], person=chief, appointed_on=dt.date(today.year, 1, 1),
                                     term_ends_on=dt.date(today.year + 2, 12, 31), monthly_allowance="800")
    level = EducationLevel.objects.filter(code="47").order_by("-valid_from").first()
    if level is None:
        return
    student = people[33]
    diploma = EducationRecord.objects.create(person=student, level=level, school="济源技师学院", major="电气自动化设备安装与维修",
                                             graduation_date=dt.date(today.year, 6, 30))
    x = Certificate.objects.create(person=student, kind="skill_level", skill_level="intermediate_worker", name="电工（四级/中级工）",
                                   number=f"S41900{today.year}X00001", issuer="济源技师学院职业技能等级认定站",
                                   obtained_on=dt.date(today.year, 5, 20))
    actions.record_one_plus_x(clerk, education=diploma, certificate=x)
