"""Demo data for the market: realistic published postings of demo employers and job-seeker
profiles for demo residents (`zhihui market demo`, idempotent). Rows are written directly (like
the registry's demo loader), with one IMPORT audit row; each posting passes the screen first and
only clean ones are published; a week of gig jobs from tomorrow and one job fair (three days from
today) with the demo employers' postings at booths."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

JOBS = [
    ("数控车床操作工", "6-18-01-01", "负责数控车床的日常操作与保养，按图纸加工零件。", "数控编程、识图", "", "senior", 4500, 7000),
    ("叉车司机", "", "负责仓库物料的叉车转运与装卸。", "叉车驾驶", "叉车证", "junior", 4500, 6500),
    ("仓库管理员", "", "负责出入库登记、盘点和账务核对。", "仓储管理、Excel", "", "senior", 3800, 5000),
    ("化工操作工", "", "负责化工装置的巡检、操作和记录，四班三运转。", "DCS操作", "", "senior", 5500, 8000),
    ("电工", "", "负责厂区配电设备巡检和维修。", "电气维修", "电工证", "senior", 5000, 7500),
    ("焊工", "", "负责钢结构件焊接。", "气体保护焊", "焊工证", "junior", 6000, 9000),
    ("会计", "", "负责日常账务、纳税申报和报表。", "财务软件", "初级会计师", "associate", 4000, 6000),
    ("销售代表", "", "负责区域客户开发和维护。", "客户沟通", "", "associate", 3500, 10000),
    ("中式烹调师", "", "负责餐厅中餐制作和后厨卫生。", "中餐烹饪", "健康证", "junior", 4500, 7000),
    ("养老护理员", "", "负责养老机构老人的生活照护。", "生活照料", "养老护理员证", "junior", 3800, 5200),
    ("保安员", "", "负责园区门岗值守与巡逻。", "", "保安员证", "junior", 3000, 3800),
    ("软件开发工程师", "", "负责业务系统的设计、开发与维护。", "Python、SQL", "", "bachelor", 7000, 14000),
]
SENTENCES = ["男女不限，身体健康。", "有相关工作经验者优先。", "能适应倒班。", "缴纳五险一金。", "提供员工宿舍和工作餐。",
             "不限户籍，欢迎外地朋友。", "欢迎残疾人朋友报名，岗位有无障碍设施。", "年满18周岁。"]


def load_demo(n_postings: int = 60, n_seekers: int = 40) -> str:
    from django.db import transaction
    from django.utils import timezone

    from zhihui.core import audit
    from zhihui.registry.models import Division, Organisation, Person

    from . import search
    from .coding import code_title, occupation_name
    from .enums import PostingStatus
    from .models import JobSeeker, Posting, PostingTransition
    from .screen import default_screen

    if Posting.objects.filter(organisation__name__startswith="演示").exists():
        return "market demo already loaded"
    towns = list(Division.objects.filter(code__regex=r"^419001\d{3}$").values_list("code", "name"))
    if not towns:
        return "load the division catalogue first (zhihui catalog load)"
    rng = random.Random(2026)
    now = timezone.now()
    screen = default_screen()
    with transaction.atomic():
        orgs = [Organisation.objects.get_or_create(uscc=f"91419001DM{i:08d}", defaults={
            "name": name, "kind": "enterprise"})[0] for i, name in enumerate(
            ["演示济源钢铁配套有限公司", "演示济源化工新材料有限公司", "演示济源物流有限公司", "演示济源餐饮管理有限公司",
             "演示济源康养服务中心", "演示济源软件科技有限公司"])]
        made = 0
        for i in range(n_postings):
            title, code, duties, skills, cert, edu, lo, hi = JOBS[i % len(JOBS)]
            text = f"岗位职责：{duties}\n任职要求：{''.join(rng.sample(SENTENCES, 3))}"
            if screen.screen({"id": "demo", "title": title, "text": text}):
                continue
            if not code:
                code, name, _s = code_title(title)
            else:
                name = occupation_name(code)
            town, town_name = rng.choice(towns)
            p = Posting(organisation=orgs[i % len(orgs)], title=title, town_code=town, town_name=town_name,
                        salary_min=Decimal(lo), salary_max=Decimal(hi), education=edu, skills=skills, certificates=cert,
                        experience_years=rng.randrange(0, 4), vacancies=rng.randrange(1, 8), working_hours="8:00-17:00",
                        text=text, contact_name="人事部", contact_phone=f"0391-66{i:05d}",
                        valid_until=dt.date.today() + dt.timedelta(days=rng.randrange(20, 90)),
                        status=PostingStatus.PUBLISHED, rules_version=screen.version, screened_at=now,
                        published_at=now - dt.timedelta(hours=i * 7))
            p.set_occupation(code, name)
            p.search_text = search.document(p.title, p.occupation_name, p.skills, p.certificates, town_name, p.text,
                                            p.organisation.name)
            p.save()
            PostingTransition.objects.create(posting=p, name="publish", from_status="pending", to_status="published",
                                             reason="演示数据")
            made += 1
        stations = _demo_stations(towns)
        seekers = 0
        for person in Person.objects.filter(is_demo=True).exclude(job_seeker__isnull=False).order_by("id")[:n_seekers]:
            title, code, _d, skills, cert, edu, lo, hi = rng.choice(JOBS)
            code = code or code_title(title)[0]
            JobSeeker.objects.create(person=person, desired_title=title, desired_occupations=code, skills=skills,
                                     certificates=cert, education=edu, town_code=rng.choice(towns)[0],
                                     expected_salary=Decimal((lo + hi) // 2),
                                     station=stations[seekers % len(stations)] if seekers % 3 == 0 else None)
            seekers += 1
        gigs = _demo_gigs(orgs, towns, rng, screen, stations)
        fair = _demo_fair(orgs)
        audit.record(None, audit.Action.IMPORT, object_type="market.demo",
                     summary=f"market demo: {made} postings, {seekers} job seekers, {gigs} gig jobs, "
                             f"{len(stations)} gig stations, fair {fair.pk}")
    return (f"market demo: {made} published postings, {seekers} job seekers, {gigs} gig jobs (a week), "
            f"{len(stations)} gig stations, 1 job fair")


GIGS = [
    ("仓库装卸搬运", "物流园货物装卸，男女不限。", "220", "day"),
    ("餐厅帮厨", "午晚高峰备菜、洗碗。", "25", "hour"),
    ("展会布展", "搭建展位、摆放物料。", "200", "day"),
    ("家政保洁", "新房开荒保洁，需自带工具。", "30", "hour"),
    ("快递分拣", "夜班分拣，计件结算。", "0.3", "piece"),
    ("农忙采摘", "冬凌茶基地采摘，包午饭。", "150", "day"),
    ("小区绿化养护", "修剪、浇水、除草。", "180", "day"),
]


# Demo gig stations: (name, address, hours, services, lon, lat). The coordinates are spread around
# the city seat (about 112.60 E, 35.07 N) for the map; they are not surveyed positions.
STATIONS = [
    ("沁园零工驿站", "沁园路与济水大街交叉口东南角", "每天 6:00-12:00", ["posting", "matching", "registration", "rest"], "112.5905", "35.0902"),
    ("天坛零工驿站", "天坛路人力资源市场一楼", "周一至周六 6:30-11:30", ["posting", "matching", "policy", "rest"], "112.6123", "35.0751"),
    ("玉泉零工驿站", "玉泉街道便民服务中心旁", "每天 7:00-17:00", ["posting", "registration", "training"], "112.6540", "35.0712"),
    ("克井零工市场", "克井镇政府西侧广场", "每天 5:30-10:30", ["posting", "matching", "rights", "rest"], "112.5310", "35.1634"),
]


def _demo_stations(towns):
    from .models import GigStation

    out = []
    for i, (name, address, hours, services, lon, lat) in enumerate(STATIONS):
        town, town_name = next(((c, n) for c, n in towns if n.startswith(name[:2])), towns[i % len(towns)])
        out.append(GigStation.objects.create(name=name, town_code=town, town_name=town_name, address=address, hours=hours,
                                             services=services, lon=Decimal(lon), lat=Decimal(lat),
                                             phone=f"0391-66{i:03d}88", is_demo=True))
    return out


def _demo_gigs(orgs, towns, rng, screen, stations=()) -> int:
    """A week of gig jobs from tomorrow: two a day, open, screened."""
    from django.utils import timezone

    from .enums import GigStatus
    from .models import GigJob

    today = timezone.localdate()
    n = 0
    for day in range(1, 8):
        for k in range(2):
            task, desc, pay, unit = GIGS[(day * 2 + k) % len(GIGS)]
            town, town_name = rng.choice(towns)
            flags = screen.screen({"id": "gig", "title": task, "text": desc})
            GigJob.objects.create(organisation=orgs[(day + k) % len(orgs)], task=task, description=desc, town_code=town,
                                  town_name=town_name, place="演示地点", work_date=today + dt.timedelta(days=day),
                                  pay_amount=Decimal(pay), pay_unit=unit, workers_needed=rng.randrange(1, 6),
                                  contact_phone=f"1390391{day:02d}{k:02d}", flags=flags,
                                  station=stations[(day + k) % len(stations)] if stations else None,
                                  status=GigStatus.HELD if flags else GigStatus.OPEN)
            n += 1
    return n


def _demo_fair(orgs):
    """The spring campaign fair, running from today for three days, with the demo employers'
    postings at booths."""
    from django.utils import timezone

    from .enums import FairKind
    from .models import Fair, FairBooth

    today = timezone.localdate()
    fair = Fair.objects.create(name="演示：2026年春风行动暨民营企业招聘月济源专场", kind=FairKind.SPRING, starts_on=today,
                               ends_on=today + dt.timedelta(days=2), venue="济源市人力资源市场一楼大厅",
                               description="演示数据：现场招聘、政策咨询、职业指导。")
    for i, org in enumerate(orgs):
        booth = FairBooth.objects.create(fair=fair, organisation=org, booth_no=f"A{i + 1:02d}")
        booth.postings.add(*org.postings.filter(status="published")[:3])
    return fair
