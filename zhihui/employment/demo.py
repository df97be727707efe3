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
    m.CaseTransition.objects.filter(case__person__in=demo).delete()
    m.CaseService.objects.filter(case__person__in=demo).delete()
    m.AssistanceCase.objects.filter(person__in=demo).delete()
    m.ZeroHousehold.objects.filter(household__is_demo=True).delete()
    m.HouseholdMember.objects.filter(household__is_demo=True).delete()
    m.Household.objects.filter(is_demo=True).delete()
    m.SweepRun.objects.all().delete()
    m.StatusEvent.objects.filter(corrects__isnull=False, person__in=demo).delete()
    m.StatusEvent.objects.filter(person__in=demo).delete()
    m.DifficultyRecognition.objects.filter(person__in=demo).delete()
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
        for r in m.MonthlyReport.objects.filter(enterprise__in=ents).order_by("enterprise_id", "month"):
            actions.raise_alerts("demo", r)
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
    if verbose:
        print("就业 employment: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts
