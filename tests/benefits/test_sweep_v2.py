"""A change of the package's reading of the plan (contract version 2) reaching offers and
decisions on file: the next 免申即享 sweep offers what version 2 newly grants, withdraws open
offers it no longer grants with the reason the citizen is shown, and leaves the subject's own
decisions (accepted offers, applications and their recorded rule version) as they were."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from zhihui.benefits.models import BenefitOffer, OfferStatus
from zhihui.benefits.sweep import run_sweep

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

JIYUAN = Path(__file__).resolve().parents[2] / "zhihui" / "policies" / "jiyuan"

# Version 1's readings, for the benefits this test follows: the youth station for any bachelor
# from a school outside Jiyuan; the graduate living subsidy refused on a back payment; E-class
# living subsidy only in a research, teaching or production post.
V1_RULES = '''

# ---- version 1 readings (test only) ----
def youth_talent_station(c):
    cond = all_of(
        c.is_in("education.degree", ["doctorate", "master", "bachelor"]),
        c.is_false("education.university_in_jiyuan"),
    )
    return Outcome(cond, None, extras={"in_kind": {"nights": c.param("youth_station.nights")}})


_v2_graduate_living = graduate_living
_v2_youth_talent_living = youth_talent_living


def youth_talent_living(c):
    o = _v2_youth_talent_living(c)
    o.cond = all_of(o.cond, when(c.col("talent_category").eq("E"),
                                 c.is_in("employment.post", ["research", "teaching", "production"])))
    return o


def graduate_living(c):
    o = _v2_graduate_living(c)
    o.cond = all_of(o.cond, c.is_false("pension.back_paid"))
    return o
'''


def _use(settings, name: str) -> None:
    from zhihui.benefits import engine as benefits_engine
    from zhihui.window import decisions as window_engine

    settings.ZHIHUI_POLICY_PACKAGE = name
    benefits_engine.package.cache_clear()
    window_engine.package.cache_clear()


@pytest.fixture
def v1(tmp_path, settings):
    """A copy of the Jiyuan package as it read the plan under version 1 (jiyuan@2025.1)."""
    root = tmp_path / "jiyuan_v1"
    shutil.copytree(JIYUAN, root)
    manifest = root / "package.yaml"
    manifest.write_text(manifest.read_text().replace('version: "2026.1"', 'version: "2025.1"'))
    (root / "rules.py").write_text((root / "rules.py").read_text() + V1_RULES)
    (root / "tests").exists() and shutil.rmtree(root / "tests")
    yield str(root)
    _use(settings, "jiyuan")


@pytest.fixture
def resident(make_person, make_org):
    """Born 1961, a bachelor from a school outside Jiyuan, working in Jiyuan since 2015 (not
    newly introduced): version 1 offered the youth station, version 2 does not."""
    from zhihui.registry.models import EducationLevel, EducationRecord, EmploymentRecord

    level = EducationLevel.objects.get_or_create(
        code="21", defaults={"name": "大学本科毕业", "rank": 70, "engine_degree": "bachelor"})[0]
    p = make_person(name="张老职工", birth_date=dt.date(1961, 5, 1))
    EducationRecord.objects.create(person=p, level=level, degree="bachelor", school="郑州大学",
                                   full_time=True, school_in_city=False,
                                   graduation_date=dt.date(1983, 7, 1))
    EmploymentRecord.objects.create(person=p, organisation=make_org(name="济源某钢铁公司"),
                                    start_date=dt.date(2015, 3, 1), newly_introduced=False)
    return p


def test_the_sweep_after_version_2_offers_new_grants_and_withdraws_with_the_reason(
    settings, v1, phd, resident, client_for, citizen_of
):
    from zhihui.registry.models import EmploymentRecord

    # an E talent in a front-line professional post recorded as "management": version 1 read
    # 科研、教学、生产 as the only posts and refused; version 2 reads them as examples (等)
    EmploymentRecord.objects.filter(person=phd).update(post="management")
    _use(settings, v1)
    stats = run_sweep(AS_OF)
    assert stats.package == "jiyuan@2025.1"
    station = BenefitOffer.objects.get(person=resident, benefit="youth_talent_station")
    assert station.status == OfferStatus.OFFERED and station.package_version == "jiyuan@2025.1"
    assert not BenefitOffer.objects.filter(person=phd, benefit="youth_talent_living").exists()

    _use(settings, "jiyuan")
    stats = run_sweep(AS_OF)
    assert stats.package == "jiyuan@2026.1"
    # newly granted under version 2: offered
    living = BenefitOffer.objects.get(person=phd, benefit="youth_talent_living")
    assert living.status == OfferStatus.OFFERED and str(living.total) == "60000.00"
    assert living.package_version == "jiyuan@2026.1"
    # no longer granted: withdrawn, with the engine's result under version 2 kept
    station.refresh_from_db()
    assert station.status == OfferStatus.WITHDRAWN
    assert station.withdrawal["why"] == "not_eligible"
    assert station.withdrawal["package"] == "jiyuan@2026.1"
    assert station.package_version == "jiyuan@2025.1"  # what was offered, and under which reading
    assert any(r.startswith("birth_date (young talent): required born after 1989-06-30")
               and r.endswith("profile: 1961-05-01")
               for r in station.withdrawal["reasons"])
    assert stats.withdrawn_by == {"not_eligible": 1}
    # the phd's station offer still holds (aged 32, newly introduced)
    assert BenefitOffer.objects.get(person=phd, benefit="youth_talent_station").status == (
        OfferStatus.OFFERED)

    # the citizen sees why
    page = client_for(citizen_of(resident, "citizen_v2")).get("/policy/check/").content.decode()
    assert "已撤销(不再符合)" in page
    assert "政策包已由 jiyuan@2025.1 更新为 jiyuan@2026.1" in page
    assert "出生日期" in page and "1989-06-30" in page and "1961-05-01" in page

    # a second run changes nothing; the withdrawal reason stays
    before = station.withdrawal
    stats = run_sweep(AS_OF)
    assert (stats.created, stats.updated, stats.withdrawn, stats.reoffered) == (0, 0, 0, 0)
    station.refresh_from_db()
    assert station.withdrawal == before


def test_a_withdrawn_offer_that_qualifies_again_is_offered_without_its_old_reason(phd):
    from zhihui.registry.models import InsuranceRecord

    run_sweep(AS_OF)
    InsuranceRecord.objects.filter(person=phd).update(continuous_months=5)
    run_sweep(AS_OF)
    living = BenefitOffer.objects.get(person=phd, benefit="graduate_living")
    assert living.status == OfferStatus.WITHDRAWN
    assert living.withdrawal["package"] == "jiyuan@2026.1"
    assert "按 2025-06-30 的登记信息，您不再符合" in living.withdrawal_text
    assert any("pension.continuous_months" in r and "profile: 5" in r
               for r in living.withdrawal["reasons"])
    InsuranceRecord.objects.filter(person=phd).update(continuous_months=30)
    assert run_sweep(AS_OF).reoffered == 1
    living.refresh_from_db()
    assert living.status == OfferStatus.OFFERED and living.withdrawal == {}
    assert living.withdrawal_text == ""


def test_a_missing_fact_under_the_new_reading_is_asked_for(settings, v1, make_person):
    """Version 1 offered the station without asking whether the person came to Jiyuan; on
    file there is no current job, so version 2 cannot tell: withdrawn as undetermined, and the
    citizen is told which fact is needed."""
    from zhihui.registry.models import EducationLevel, EducationRecord

    level = EducationLevel.objects.get_or_create(
        code="21", defaults={"name": "大学本科毕业", "rank": 70, "engine_degree": "bachelor"})[0]
    p = make_person(name="赵应届", birth_date=dt.date(2001, 3, 3))
    EducationRecord.objects.create(person=p, level=level, degree="bachelor", school="河南大学",
                                   full_time=True, school_in_city=False,
                                   graduation_date=dt.date(2024, 7, 1))
    _use(settings, v1)
    run_sweep(AS_OF)
    assert BenefitOffer.objects.get(person=p, benefit="youth_talent_station").is_open
    _use(settings, "jiyuan")
    stats = run_sweep(AS_OF)
    offer = BenefitOffer.objects.get(person=p, benefit="youth_talent_station")
    assert offer.status == OfferStatus.WITHDRAWN and stats.withdrawn_by == {"undetermined": 1}
    assert offer.withdrawal["missing"] == ["employment.newly_introduced"]
    assert "还需核实以下信息" in offer.withdrawal_text
    assert "全职新引进" in offer.withdrawal_text


def test_an_application_decided_under_version_1_keeps_its_decision_and_rule_version(
    settings, v1, resident, client_for, citizen_of
):
    """The citizen accepted the station under version 1 (the window filed an application with
    the engine's decision and its rule version): version 2's sweep leaves the offer and the
    application as they were."""
    from zhihui.window.models import Application

    _use(settings, v1)
    run_sweep(AS_OF)
    offer = BenefitOffer.objects.get(person=resident, benefit="youth_talent_station")
    c = client_for(citizen_of(resident, "citizen_v1_accept"))
    assert c.post(f"/window/offers/{offer.pk}/accept/").status_code == 302
    offer.refresh_from_db()
    app = Application.objects.get(pk=offer.application_id)
    assert app.rule_version == "jiyuan@2025.1" and app.engine_status == "eligible"
    recorded = (app.status, app.engine_status, app.engine_result, app.rule_version)

    _use(settings, "jiyuan")
    stats = run_sweep(AS_OF)
    assert stats.withdrawn == 0
    offer.refresh_from_db()
    assert offer.status != OfferStatus.WITHDRAWN and offer.withdrawal == {}
    app.refresh_from_db()
    assert (app.status, app.engine_status, app.engine_result, app.rule_version) == recorded


def test_a_back_payment_on_file_leaves_the_on_time_months_unknown(phd, client_for, clerk):
    """The registry's run includes back-paid months; the contract counts on-time months only:
    with a back payment on file the living subsidy is not offered and the months are asked."""
    from zhihui.benefits import profiles
    from zhihui.registry.models import InsuranceRecord

    InsuranceRecord.objects.filter(person=phd).update(continuous_months=40, back_paid=True)
    assert profiles.person_profile(phd, AS_OF)["pension"] == {"back_paid": True}
    run_sweep(AS_OF)
    assert not BenefitOffer.objects.filter(person=phd, benefit="graduate_living").exists()
    page = client_for(clerk).get(f"/policy/explain/person/{phd.pk}/?as_of=2025-06-30")
    assert "按时连续缴纳养老保险月数(不含补缴)" in page.content.decode()
