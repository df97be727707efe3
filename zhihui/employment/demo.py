"""Employment data for the demo city (`zhihui demo generate` calls `populate` after loading the
registry, and `delete` before removing demo persons).

Built from the loaded registry, with a fixed seed, so every employment page shows something true
to life: status histories (the registry's employment records become 单位就业 events; people of
working age without one are registered unemployed, flexibly employed or out of the labour force;
people past retirement age retired), households of 1–4 members per street/town with a few
zero-employment ones, key enterprises with monthly reports and a few layoff events (which raise
alerts), assistance cases for the households found, and sweeps at past dates so that the
zero-employment series goes down to its current level.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

REASONS = ["contract_ended", "resigned", "business_closed", "graduate", "other"]


def delete() -> None:
    """Remove every employment row that refers to demo persons or demo organisations."""
    from zhihui.registry.models import Person

    from . import models as m

    demo = Person.objects.filter(is_demo=True)
    _delete_registers(m, demo)
    m.CaseTransition.objects.filter(case__person__in=demo).delete()
    m.CaseService.objects.filter(case__person__in=demo).delete()
    m.AssistanceCase.objects.filter(person__in=demo).delete()
    m.ZeroHousehold.objects.filter(household__is_demo=True).delete()
    m.HouseholdMember.objects.filter(household__is_demo=True).delete()
    m.Household.objects.filter(is_demo=True).delete()
    m.SweepRun.objects.all().delete()
    m.StatusEvent.objects.filter(corrects__isnull=False, person__in=demo).delete()
    m.StatusEvent.objects.filter(person__in=demo).delete()
    m.DifficultyReview.objects.filter(recognition__person__in=demo).delete()
    m.DifficultyRecognition.objects.filter(person__in=demo).delete()
    m.DifficultyTransition.objects.filter(application__person__in=demo).delete()
    m.DifficultyApplication.objects.filter(person__in=demo).delete()
    from .graduate_models import Graduate

    batches = list(Graduate.objects.filter(person__in=demo).values_list("batch_id", flat=True).distinct())
    Graduate.objects.filter(person__in=demo).delete()
    m.ImportBatch.objects.filter(pk__in=[b for b in batches if b]).exclude(
        pk__in=Graduate.objects.values("batch_id")).delete()
    m.KeyGroupEntry.objects.filter(person__in=demo).delete()
    m.ServicePoint.objects.filter(is_demo=True).delete()
    m.PlaceLocation.objects.filter(is_demo=True).delete()
    demo_orgs = m.MonitoredEnterprise.objects.filter(organisation__employment_records__person__in=demo).distinct()
    m.AlertTransition.objects.filter(alert__enterprise__in=demo_orgs).delete()
    m.Alert.objects.filter(enterprise__in=demo_orgs).delete()
    m.ReportChase.objects.filter(enterprise__in=demo_orgs).delete()
    m.MonthlyReport.objects.filter(enterprise__in=demo_orgs).delete()
    m.MonitoredEnterprise.objects.filter(pk__in=[e.pk for e in demo_orgs]).delete()


def populate(seed: int = 2021, today: dt.date | None = None, *, verbose: bool = False) -> dict:
    from zhihui.registry.models import EmploymentRecord, Organisation, Person

    from . import actions, retirement
    from . import models as m

    rnd = random.Random(seed)
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    persons = list(Person.objects.filter(is_demo=True).select_related("residence")
                   .only("id", "birth_date", "sex", "residence__id", "residence__level", "residence__name"))
    jobs: dict[int, list] = {}
    for r in (EmploymentRecord.objects.filter(person__is_demo=True)
              .values_list("person_id", "start_date", "end_date", "organisation_id", "occupation_id")
              .order_by("person_id", "start_date")):
        jobs.setdefault(r[0], []).append(r[1:])
    industry = dict(Organisation.objects.filter(employment_records__person__is_demo=True)
                    .values_list("id", "industry_id").distinct())
    names = dict(Organisation.objects.filter(pk__in=industry).values_list("id", "name"))

    events = []
    status_now: dict[int, str] = {}
    for p in persons:
        age_days = (today - p.birth_date).days
        if age_days < 16 * 365:
            continue
        sixteen = retirement.sixteenth_birthday(p.birth_date)
        category = "male" if p.sex == "M" else rnd.choice(["female_worker", "female_cadre"])
        retire_on = retirement.retirement_date(p.birth_date, category)
        urban = p.residence is not None and p.residence.level == "street" or rnd.random() < 0.4
        own = jobs.get(p.pk, [])
        for start, end, org, occ in own:
            if start < sixteen or start > today:
                continue
            events.append(m.StatusEvent(person_id=p.pk, kind="employed", effective_on=start, employer_id=org,
                                        employer_name=names.get(org, ""), occupation_id=occ, industry_id=industry.get(org),
                                        contract_type="open_ended" if rnd.random() < 0.3 else "fixed",
                                        contract_end=None, urban=urban, channel="import"))
            status_now[p.pk] = "employed"
            if end and end <= today:
                kind = rnd.choice(["registered_unemployed", "flexible", "registered_unemployed"])
                events.append(m.StatusEvent(person_id=p.pk, kind=kind, effective_on=end, urban=urban,
                                            unemployment_reason=rnd.choice(REASONS) if kind == "registered_unemployed" else "",
                                            channel="window"))
                status_now[p.pk] = kind
        if events and events[-1].contract_type == "fixed" and events[-1].person_id == p.pk:
            events[-1].contract_end = events[-1].effective_on + dt.timedelta(days=365 * 3)
        if not own:
            if today >= retire_on:
                events.append(m.StatusEvent(person_id=p.pk, kind="retired", effective_on=retire_on, channel="import"))
                status_now[p.pk] = "retired"
            else:
                x = rnd.random()
                day = today - dt.timedelta(days=rnd.randint(20, 900))
                if day < sixteen:
                    continue
                kind = ("registered_unemployed" if x < 0.35 else "flexible" if x < 0.7
                        else "self_employed" if x < 0.8 else "out_of_labour_force")
                transfer = kind in ("flexible", "self_employed") and not urban and rnd.random() < 0.5
                events.append(m.StatusEvent(person_id=p.pk, kind=kind, effective_on=day, urban=urban,
                                            rural_transfer=transfer,
                                            unemployment_reason=rnd.choice(REASONS) if kind == "registered_unemployed" else "",
                                            channel="service_point"))
                status_now[p.pk] = kind
    with transaction.atomic():
        m.StatusEvent.objects.bulk_create(events, batch_size=5000)
    counts["status_events"] = len(events)

    # households: people of each street/town grouped in 1–4
    by_town: dict[int, list] = {}
    for p in persons:
        if p.residence is not None:
            by_town.setdefault(p.residence.pk, []).append(p)
    households, members = [], []
    n = 0
    for town_id, people in sorted(by_town.items()):
        rnd.shuffle(people)
        i = 0
        while i < len(people):
            size = rnd.choice([1, 2, 2, 3, 3, 3, 4])
            group = people[i:i + size]
            i += size
            n += 1
            h = m.Household(code=f"DEMO{n:07d}", division_id=town_id, is_demo=True,
                            urban=group[0].residence.level == "street" or rnd.random() < 0.5,
                            business_income=rnd.random() < 0.12)
            households.append((h, group))
    with transaction.atomic():
        m.Household.objects.bulk_create([h for h, _ in households], batch_size=5000)
        for h, group in households:
            for p in group:
                members.append(m.HouseholdMember(household=h, person_id=p.pk, able_to_work=rnd.random() < 0.93,
                                                 wants_work=rnd.random() < 0.9))
        m.HouseholdMember.objects.bulk_create(members, batch_size=5000)
    counts["households"] = len(households)

    # key enterprises and their monthly reports (two years), a few with layoffs
    orgs = list(Organisation.objects.filter(employment_records__person__is_demo=True, is_key_enterprise=True)
                .distinct()[:40])
    ents = [m.MonitoredEnterprise(organisation=o, kind="key", since=dt.date(2025, 1, 1)) for o in orgs]
    with transaction.atomic():
        m.MonitoredEnterprise.objects.bulk_create(ents)
        first = dt.date(today.year - 1, 1, 1)
        months = []
        d = first
        while d < today.replace(day=1):
            months.append(d)
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        shock = set(rnd.sample(range(len(ents)), min(3, len(ents))))
        reports = []
        for k, ent in enumerate(ents):
            head = max(50, int(ent.organisation.staff_count or 200))
            for j, month in enumerate(months[:-1] if k == 0 else months):  # the first one misses its last report
                drop = 0
                if k in shock and j == len(months) - 3:
                    drop = int(head * rnd.uniform(0.12, 0.25))
                hires = rnd.randint(0, max(1, head // 50))
                seps = rnd.randint(0, max(1, head // 60)) + drop
                head = max(10, head + hires - seps)
                reports.append(m.MonthlyReport(enterprise=ent, month=month, headcount=head, hires=hires,
                                               separations=seps, vacancies=rnd.randint(0, 12),
                                               planned_layoffs=0, channel="form"))
        m.MonthlyReport.objects.bulk_create(reports, batch_size=5000)
        actions.raise_alerts_for("demo", m.MonthlyReport.objects.filter(enterprise__in=ents)
                                 .order_by("enterprise_id", "month"))
    counts["monitored_enterprises"] = len(ents)
    counts["monthly_reports"] = len(reports)
    counts["alerts"] = m.Alert.objects.filter(enterprise__in=ents).count()

    # sweeps at past dates: the series goes down as people find work
    for weeks in (12, 8, 4):
        actions.sweep_zero_households("demo", today - dt.timedelta(weeks=weeks))
    found = list(m.ZeroHousehold.objects.filter(household__is_demo=True, state="open").select_related("household")[:300])
    cleared = 0
    for z in found[: len(found) // 3]:
        member = z.household.members.first()
        if member is not None:
            m.StatusEvent.objects.create(person_id=member.person_id, kind="flexible", effective_on=today - dt.timedelta(days=3),
                                         urban=bool(z.household.urban), channel="service_point")
            cleared += 1
    actions.sweep_zero_households("demo", today)
    counts["zero_households_open"] = m.ZeroHousehold.objects.filter(state="open").count()
    counts.update(populate_services(rnd, today, persons, status_now))
    counts.update(populate_registers(rnd, today, persons, status_now))
    counts.update(populate_graduates(rnd, today, persons, status_now))
    if verbose:
        print("就业 employment: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


# Approximate seats of Jiyuan's streets and towns (longitude, latitude), read off public maps to
# about 0.01° — for the demo's 15-minute circle only; the bureau enters surveyed points.
SEATS = {
    "沁园街道": (112.590, 35.090), "济水街道": (112.600, 35.100), "北海街道": (112.575, 35.110),
    "天坛街道": (112.610, 35.080), "玉泉街道": (112.640, 35.090), "克井镇": (112.520, 35.180),
    "五龙口镇": (112.680, 35.160), "轵城镇": (112.630, 35.030), "承留镇": (112.500, 35.060),
    "邵原镇": (112.120, 35.170), "坡头镇": (112.530, 34.960), "梨林镇": (112.730, 35.070),
    "大峪镇": (112.350, 34.980), "思礼镇": (112.450, 35.120), "王屋镇": (112.270, 35.120),
    "下冶镇": (112.230, 35.020),
}
# Towns the demo leaves without a station of their own, so that the map shows the uncovered case.
NO_STATION = {"邵原镇", "大峪镇"}
DEMO_STAFF = [("demo-emp-window", "就业窗口（演示）"), ("demo-emp-checker", "材料核实（演示）")]


def _demo_staff():
    """Two inactive clerk accounts without a usable password that stand for the bureau's staff in
    demo records (a case needs a responsible clerk; a verification someone other than the
    recorder). They cannot log in."""
    from django.contrib.auth import get_user_model

    from zhihui.core.roles import Role

    User = get_user_model()
    out = []
    for username, label in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, role=Role.CLERK, is_active=False, display_name=label)
            user.set_unusable_password()
            user.save()
        out.append(user)
    return out


def populate_services(rnd, today: dt.date, persons, status_now: dict) -> dict:
    """Service points and places, key-group ledgers, 就业困难人员 and assistance cases."""
    from zhihui.registry.models import Division

    from . import actions
    from . import models as m
    from .retirement import add_months

    counts: dict[str, int] = {}
    window, checker = _demo_staff()
    divisions = {d.name: d for d in Division.objects.filter(level__in=["street", "town"], name__in=list(SEATS))}
    with transaction.atomic():
        for name, d in divisions.items():
            lon, lat = SEATS[name]
            m.PlaceLocation.objects.update_or_create(division=d, defaults={"lon": lon, "lat": lat, "is_demo": True})
            if name not in NO_STATION:
                m.ServicePoint.objects.create(
                    name=f"{name}就业和社会保障服务站" if d.level == "town" else f"{name}人社服务站", level="town",
                    division=d, address=f"济源市{name}便民服务中心", hours="周一至周五 8:30-12:00, 14:30-17:30",
                    staff=rnd.randint(2, 6), phone=f"0391-66{rnd.randint(10000, 99999)}", lon=lon + 0.002,
                    lat=lat - 0.002, is_demo=True)
    counts["service_points"] = m.ServicePoint.objects.filter(is_demo=True).count()

    # key groups from what the registry says, with named evidence; most verified
    def age(p):
        return today.year - p.birth_date.year - ((today.month, today.day) < (p.birth_date.month, p.birth_date.day))

    entries = []
    for p in persons:
        a = age(p)
        town = p.residence is not None and p.residence.level == "town"
        picks = []
        if 21 <= a <= 24 and rnd.random() < 0.25:
            unplaced = status_now.get(p.pk) in (None, "registered_unemployed") and rnd.random() < 0.5
            picks.append(("graduate_unplaced" if unplaced else "graduate", "毕业证书（学信网）",
                          f"{today.year - (a - 22)}届 {rnd.choice(['河南理工大学', '济源职业技术学院', '郑州大学', '河南大学'])}"))
        if town and 18 <= a < 60 and status_now.get(p.pk) in ("flexible", "self_employed") and rnd.random() < 0.6:
            picks.append(("rural_labour", "村委会证明", rnd.choice(["外出务工：郑州", "外出务工：山西晋城", "本地务工"])))
        if p.sex == "M" and 24 <= a <= 45 and rnd.random() < 0.02:
            picks.append(("veteran", "退出现役证", f"{today.year - rnd.randint(1, 15)}年退役"))
        if 16 <= a < 60 and rnd.random() < 0.015:
            picks.append(("disabled", "残疾人证（第二代）", rnd.choice(["肢体三级", "听力四级", "视力三级"])))
        if town and 16 <= a < 60 and rnd.random() < 0.02:
            picks.append(("poverty", "扶贫开发信息系统比对", ""))
        if status_now.get(p.pk) == "registered_unemployed" and a >= (40 if p.sex == "F" else 50):
            picks.append(("older", "身份证", ""))
        if p.sex == "F" and 25 <= a <= 38 and rnd.random() < 0.01:
            picks.append(("women_returning", "出生医学证明", "产假结束后求职"))
        for group, evidence, detail in picks:
            verified = rnd.random() < 0.7
            entries.append(m.KeyGroupEntry(
                person_id=p.pk, group=group, since=max(p.birth_date + dt.timedelta(days=16 * 365),
                                                       today - dt.timedelta(days=rnd.randint(30, 1500))),
                detail=detail, evidence=evidence, evidence_state="verified" if verified else "declared",
                channel="service_point", recorded_by=window, verified_by=checker if verified else None,
                verified_on=today - dt.timedelta(days=rnd.randint(1, 20)) if verified else None,
                verification="与相关部门数据比对一致（演示）" if verified else ""))
    m.KeyGroupEntry.objects.bulk_create(entries, batch_size=5000)
    counts["key_group_entries"] = len(entries)

    # 就业困难人员: the older registered unemployed, recognised over the last two years (so some are
    # due for review now)
    recs = []
    for e in entries:
        if e.group in ("older", "disabled") and rnd.random() < 0.6:
            day = today - dt.timedelta(days=rnd.randint(20, 700))
            review = add_months(day, 12)
            while review < today - dt.timedelta(days=40):
                review = add_months(review, 12)
            recs.append(m.DifficultyRecognition(person_id=e.person_id, category=e.group, recognised_on=day,
                                                review_due=review, recorded_by=checker))
    m.DifficultyRecognition.objects.bulk_create(recs, batch_size=5000)
    counts["difficulty_recognitions"] = len(recs)

    # assistance cases for members of open zero-employment households: planned, some followed up, a
    # few closed with an outcome (through the actions, so logs and audit rows are as in real use)
    cases = 0
    zero = (m.ZeroHousehold.objects.filter(household__is_demo=True, state="open")
            .select_related("household").order_by("id")[:30])
    for z in zero:
        member = z.household.members.select_related("person__residence").first()
        if member is None or member.person.residence is None:
            continue
        case = actions.open_case(window, member.person, source="zero_household", household=z.household,
                                 needs="家庭无人就业，本人希望就近就业", opened_on=z.found_on)
        services = [{"kind": "guidance", "detail": "职业指导面谈", "starts_on": z.found_on},
                    *({"kind": "referral", "detail": f"推荐岗位：{job}", "starts_on": z.found_on}
                      for job in rnd.sample(["保洁员", "仓储管理员", "餐厅服务员", "物业保安", "车间普工"], 3))]
        if rnd.random() < 0.3:
            services.append({"kind": "public_welfare_post", "detail": "村级公益性岗位（保洁）", "starts_on": today,
                             "ends_on": add_months(today, 12), "monthly_subsidy": "1200"})
        actions.plan_case(window, case, services=services)
        if rnd.random() < 0.5:
            actions.follow_up(window, case, note="电话回访：已参加两次面试")
        if rnd.random() < 0.25:
            actions.close_case(window, case, outcome=rnd.choice(["employed", "flexible", "public_welfare_post"]),
                               note="已上岗，回访确认")
        cases += 1
    counts["assistance_cases"] = cases
    return counts


# --- traineeship bases and assistance workshops (C10-D02, C10-D07) ----------------------------------

def _delete_registers(m, demo) -> None:
    bases = m.TraineeshipBase.objects.filter(posts__trainees__person__in=demo).distinct()
    shops = m.Workshop.objects.filter(workers__person__in=demo).distinct()
    base_ids, shop_ids = list(bases.values_list("pk", flat=True)), list(shops.values_list("pk", flat=True))
    claim_ids = list(m.TraineeshipClaim.objects.filter(base_id__in=base_ids).values_list("pk", flat=True))
    m.RegisterTransition.objects.filter(workflow="employment.traineeship_claim", object_id__in=claim_ids).delete()
    m.RegisterTransition.objects.filter(workflow="employment.traineeship_base", object_id__in=base_ids).delete()
    m.RegisterTransition.objects.filter(workflow="employment.workshop", object_id__in=shop_ids).delete()
    m.TraineeshipClaim.objects.filter(pk__in=claim_ids).delete()
    m.TraineeMonth.objects.filter(trainee__post__base_id__in=base_ids).delete()
    m.Trainee.objects.filter(post__base_id__in=base_ids).delete()
    m.TraineePost.objects.filter(base_id__in=base_ids).delete()
    m.TraineeshipBase.objects.filter(pk__in=base_ids).delete()
    m.WorkshopWorker.objects.filter(workshop_id__in=shop_ids).delete()
    m.Workshop.objects.filter(pk__in=shop_ids).delete()


POSTS = [("行政管理助理", "management"), ("研发助理", "research"), ("质检技术员", "technical"), ("电气技术员", "technical"),
         ("财务助理", "management"), ("客服专员", "other")]
WORKSHOPS = [("王屋镇", "手工编织帮扶车间", "手工编织品、草编工艺品"), ("邵原镇", "服装加工帮扶车间", "劳保服装来料加工"),
             ("坡头镇", "食用菌帮扶车间", "香菇种植与分拣包装"), ("大峪镇", "电子元件帮扶车间", "线束和电子元件组装")]


def populate_registers(rnd, today: dt.date, persons, status_now: dict) -> dict:
    """A few traineeship bases among the registry's enterprises (recognised by a second person,
    one a model unit) with posts, young registered unemployed people enrolled over the last year,
    their months recorded, some ended or retained, and last month's claims computed (not yet
    approved: the demo city sets no budget for them); and four assistance workshops in the
    mountain towns, employing residents of the town, some on the poverty ledger."""
    from zhihui.registry.models import Division, Organisation

    from . import actions
    from .models import KeyGroupEntry, Trainee, TraineeMonth, Workshop
    from .retirement import add_months
    from .traineeship import eligibility
    from .workflows import BASE_WORKFLOW, WORKSHOP_WORKFLOW

    window, checker = _demo_staff()
    counts = {"traineeship_bases": 0, "trainees": 0, "workshops": 0, "workshop_workers": 0}
    orgs = list(Organisation.objects.filter(kind="enterprise", division__isnull=False).order_by("pk")[:200])
    if not orgs:
        return counts
    young = [p for p in persons if status_now.get(p.pk) == "registered_unemployed"
             and 17 <= today.year - p.birth_date.year <= 23]
    rnd.shuffle(young)
    with transaction.atomic():
        for i, org in enumerate(rnd.sample(orgs, min(5, len(orgs)))):
            base = m_create_base(org, window, checker, today, BASE_WORKFLOW, model=(i == 0))
            counts["traineeship_bases"] += 1
            for title, kind in rnd.sample(POSTS, 2):
                post = base.posts.create(title=title, kind=kind, count=rnd.randint(2, 4), months=rnd.choice([6, 6, 12]),
                                         opened_on=add_months(today, -11), recorded_by=window)
                for _n in range(rnd.randint(1, post.count)):
                    if not young:
                        break
                    p = young.pop()
                    start = add_months(today, -rnd.randint(2, 10)).replace(day=1)
                    ok, why = eligibility(p, "youth", start)
                    if not ok:
                        continue
                    t = Trainee.objects.create(post=post, person=p, group="youth", eligibility=why, start_on=start,
                                               months=post.months, enrolled_by=window)
                    served = 0
                    month = start
                    while month < today.replace(day=1) and served < post.months:
                        TraineeMonth.objects.create(trainee=t, month=month, recorded_by=window)
                        served, month = served + 1, add_months(month, 1)
                    if served >= post.months or rnd.random() < 0.15:
                        t.end_on = add_months(start, served) - dt.timedelta(days=1)
                        t.outcome = "left" if served < post.months else rnd.choice(["retained", "retained", "completed"])
                        t.save(update_fields=["end_on", "outcome"])
                    counts["trainees"] += 1
        last = add_months(today.replace(day=1), -1)
        from .models import TraineeshipBase
        from .selectors import pending_claims
        for row in pending_claims(None, last):
            actions.compute_claim(window, TraineeshipBase.objects.get(pk=row["base_id"]), last)
        places = {d.name: d for d in Division.objects.filter(level="town", name__in=[w[0] for w in WORKSHOPS])}
        taken: set[int] = set()
        for town_name, name, products in WORKSHOPS:
            town = places.get(town_name)
            if town is None:
                continue
            village = Division.objects.filter(parent=town, level="village").order_by("code").first() or town
            ws = Workshop.objects.create(name=f"{village.name}{name}", operator=rnd.choice(orgs), division=village,
                                         address=f"济源市{town_name}{village.name if village != town else ''}村委会旁",
                                         products=products, applied_on=add_months(today, -14), applied_by=window)
            actions.log_register_step(WORKSHOP_WORKFLOW, ws, "apply", "", "applied", window, name)
            ws.state, ws.recognised_on = "recognised", add_months(today, -13)
            ws.review_due = add_months(ws.recognised_on, 12)  # some now overdue for review
            ws.save(update_fields=["state", "recognised_on", "review_due"])
            actions.log_register_step(WORKSHOP_WORKFLOW, ws, "recognise", "applied", "recognised", checker, "演示")
            # a workshop takes on the poverty-alleviated and low-income of the place first
            ledger = set(KeyGroupEntry.objects.filter(group__in=["poverty", "low_income"], until__isnull=True)
                         .values_list("person_id", flat=True))
            locals_ = sorted((p for p in persons if p.residence_id in (town.pk, village.pk)
                              and 25 <= today.year - p.birth_date.year <= 58 and p.pk not in taken),
                             key=lambda p: (p.pk not in ledger, rnd.random()))[:rnd.randint(8, 20)]
            taken.update(p.pk for p in locals_)
            for p in locals_:
                ws.workers.create(person=p, since=add_months(today, -rnd.randint(1, 12)), recorded_by=window)
            counts["workshops"] += 1
            counts["workshop_workers"] += len(locals_)
    return counts


def m_create_base(org, window, checker, today, workflow, *, model: bool):
    """A base applied for by the window clerk and recognised by the checker a year ago."""
    from . import actions
    from .models import TraineeshipBase
    from .retirement import add_months

    base = TraineeshipBase.objects.create(organisation=org, contact=f"人事部 0391-66{org.pk % 100000:05d}",
                                          description="管理、技术类见习岗位", applied_on=add_months(today, -13),
                                          applied_by=window, state="recognised", recognised_on=add_months(today, -12))
    actions.log_register_step(workflow, base, "apply", "", "applied", window, org.name)
    actions.log_register_step(workflow, base, "recognise", "applied", "recognised", checker, "演示")
    if model:
        base.state, base.model_on = "model", add_months(today, -2)
        base.save(update_fields=["state", "model_on"])
        actions.log_register_step(workflow, base, "designate", "recognised", "model", checker, "留用率高（演示）")
    return base
# Colleges that send graduate files: the one college in Jiyuan (学校国标代码 12768, from its 2023
# admissions charter) and two in the province where many of Jiyuan's young people study.
COLLEGES = [
    ("12768", "济源职业技术学院", True, "junior_college",
     ["机电一体化技术", "冶金技术", "护理", "学前教育", "大数据与会计", "汽车检测与维修技术", "计算机网络技术", "电子商务"]),
    ("10460", "河南理工大学", False, "bachelor", ["采矿工程", "安全工程", "测绘工程", "机械设计制造及其自动化", "冶金工程"]),
    ("10459", "郑州大学", False, "bachelor", ["临床医学", "土木工程", "法学", "化学工程与工艺", "汉语言文学"]),
]
ELSEWHERE = ["郑州某软件有限公司", "洛阳某机械制造有限公司", "焦作某化工有限公司", "上海某物流有限公司", "深圳某电子有限公司"]


def populate_graduates(rnd, today: dt.date, persons, status_now: dict) -> dict:
    """The colleges' graduate files of the last two or three graduation years for residents aged
    21–25, as CSV files each college sends, imported through the ordinary preview and commit
    (so the 离校未就业 ledger entries, batches and audit rows are as in real use)."""
    import csv
    import io

    from zhihui.core.crypto import decrypt
    from zhihui.registry.models import Organisation, Person

    from . import actions
    from .graduate_models import College

    window, _checker = _demo_staff()
    colleges = {code: College.objects.get_or_create(code=code, defaults={"name": name, "in_city": local})[0]
                for code, name, local, _d, _m in COLLEGES}
    local_firms = list(Organisation.objects.filter(division__isnull=False, kind="enterprise")
                       .values_list("uscc", flat=True)[:200])
    years = [y for y in range(today.year - 2, today.year + 1) if dt.date(y, 6, 30) <= today]
    files: dict[tuple, list] = {}
    numbers = dict(Person.objects.filter(pk__in=[p.pk for p in persons]).values_list("pk", "id_number_encrypted"))
    for p in persons:
        age = today.year - p.birth_date.year
        if not 21 <= age <= 25 or rnd.random() > 0.3:
            continue
        code, _name, local, degree, majors = rnd.choices(COLLEGES, weights=[5, 2, 2])[0]
        year = years[min(len(years) - 1, max(0, age - 22))] if years else None
        if year is None:
            continue
        r = rnd.random()
        unplaced = status_now.get(p.pk) in (None, "registered_unemployed") and r < 0.35
        destination = "未就业" if unplaced else rnd.choices(
            ["就业", "灵活就业", "升学", "参军入伍", "出国（境）"], weights=[70, 8, 12, 3, 1])[0]
        employer, employer_name, place = "", "", ""
        if destination == "就业":
            stays = rnd.random() < (0.6 if local else 0.35)
            if stays and local_firms:
                employer, place = rnd.choice(local_firms), "济源"
            else:
                employer_name, place = rnd.choice(ELSEWHERE), "外地"
        elif destination == "灵活就业":
            place = "济源" if rnd.random() < 0.6 else "外地"
        files.setdefault((code, year), []).append(
            [decrypt(numbers[p.pk]), "", code, rnd.choice(majors), dict(_DEGREES)[degree], f"{year}-06-30",
             destination, employer, employer_name, place])
    from .importing import GRADUATE_COLUMNS

    imported = unplaced_entries = 0
    for (code, year), rows in sorted(files.items()):
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow([h for _f, h in GRADUATE_COLUMNS])
        w.writerows(rows)
        batch = actions.preview_graduate_import(window, f"{colleges[code].name}{year}届毕业生去向.csv",
                                                out.getvalue().encode("utf-8"))
        n, u = actions.commit_graduate_import(window, batch)
        imported += n
        unplaced_entries += u
    return {"graduates": imported, "graduate_unplaced_entries": unplaced_entries}


_DEGREES = [("junior_college", "专科（高职）"), ("bachelor", "本科")]
