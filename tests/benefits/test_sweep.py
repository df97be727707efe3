"""免申即享 sweep: offers for the eligible, idempotent re-runs, withdrawal, applications respected."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhihui.benefits.models import BenefitOffer, OfferStatus
from zhihui.benefits.sweep import run_sweep

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def _state():
    return sorted(
        BenefitOffer.objects.values_list(
            "id",
            "subject_key",
            "benefit",
            "period",
            "status",
            "total",
            "fingerprint",
            "updated_at",
            "status_changed_at",
            "first_found_at",
        )
    )


def test_the_sweep_offers_what_a_person_qualifies_for_with_the_explanation(phd, make_person):
    make_person()  # nothing on file: nothing offered
    stats = run_sweep(AS_OF)
    assert stats.persons == 2 and stats.created == 3
    offers = {o.benefit: o for o in BenefitOffer.objects.filter(person=phd)}
    assert set(offers) == {"graduate_living", "youth_talent_living", "youth_talent_station"}
    living = offers["graduate_living"]
    assert living.status == OfferStatus.OFFERED and living.total == Decimal("90000.00")
    assert living.payments == [
        {"year": 2022, "amount": "30000.00"},
        {"year": 2023, "amount": "30000.00"},
        {"year": 2024, "amount": "30000.00"},
    ]
    assert living.package_version.startswith("jiyuan@") and living.as_of == AS_OF
    assert any("education.degree" in r for r in living.reasons)
    assert offers["youth_talent_station"].extra["in_kind"] == {"nights": 7}
    assert BenefitOffer.objects.count() == 3


def test_a_second_run_on_the_same_data_changes_nothing_but_last_confirmed(phd):
    run_sweep(AS_OF)
    before = _state()
    confirmed = dict(BenefitOffer.objects.values_list("id", "last_confirmed_at"))
    stats = run_sweep(AS_OF)
    assert (stats.created, stats.updated, stats.withdrawn, stats.reoffered, stats.unchanged) == (
        0,
        0,
        0,
        0,
        3,
    )
    assert _state() == before  # counts, contents and updated timestamps unchanged
    after = dict(BenefitOffer.objects.values_list("id", "last_confirmed_at"))
    assert all(after[i] >= confirmed[i] for i in confirmed)


def test_offers_no_longer_eligible_are_withdrawn_and_come_back_when_eligible_again(phd):
    from zhihui.registry.models import InsuranceRecord

    run_sweep(AS_OF)
    InsuranceRecord.objects.filter(person=phd).update(
        continuous_months=5
    )  # 5 on-time months: no living subsidy
    stats = run_sweep(AS_OF)
    assert stats.withdrawn == 1
    living = BenefitOffer.objects.get(person=phd, benefit="graduate_living")
    assert living.status == OfferStatus.WITHDRAWN
    assert (
        BenefitOffer.objects.get(person=phd, benefit="youth_talent_living").status
        == OfferStatus.OFFERED
    )
    InsuranceRecord.objects.filter(person=phd).update(continuous_months=30)
    stats = run_sweep(AS_OF)
    assert stats.reoffered == 1
    assert BenefitOffer.objects.get(pk=living.pk).status == OfferStatus.OFFERED
    assert (
        BenefitOffer.objects.count() == 3
    )  # never a second row for the same subject, benefit, period


def test_changed_facts_update_the_offer_in_place(phd):
    from zhihui.registry.models import TalentCategoryRecord

    run_sweep(AS_OF)
    youth = BenefitOffer.objects.get(person=phd, benefit="youth_talent_living")
    TalentCategoryRecord.objects.filter(person=phd).update(category="G")
    stats = run_sweep(AS_OF)
    assert stats.updated == 1
    youth2 = BenefitOffer.objects.get(pk=youth.pk)
    assert youth2.total == Decimal("9000.00") and youth2.first_found_at == youth.first_found_at
    assert youth2.updated_at > youth.updated_at


def test_a_subject_who_applied_at_the_window_is_not_offered_it_again(phd, make_user):
    from zhihui.benefits.sweep import already_applied_keys
    from zhihui.core.roles import Role
    from zhihui.window.models import Application, Service

    run_sweep(AS_OF)
    clerk = make_user(Role.CLERK, "clerk_apply")
    Application.objects.create(
        number="T-1",
        service=Service.objects.get(code="graduate_living"),
        person=phd,
        subject_key=f"p:{phd.pk}",
        period="",
        submitted_by=clerk,
    )
    assert (f"p:{phd.pk}", "graduate_living", "") in already_applied_keys()
    stats = run_sweep(AS_OF)
    assert stats.skipped_applied == 1 and stats.withdrawn == 1
    assert (
        BenefitOffer.objects.get(person=phd, benefit="graduate_living").status
        == OfferStatus.WITHDRAWN
    )


def test_declined_and_accepted_offers_are_left_alone(phd):
    from zhihui.registry.models import InsuranceRecord

    run_sweep(AS_OF)
    offer = BenefitOffer.objects.get(person=phd, benefit="graduate_living")
    BenefitOffer.objects.filter(pk=offer.pk).update(status=OfferStatus.DECLINED)
    InsuranceRecord.objects.filter(person=phd).update(continuous_months=5)
    run_sweep(AS_OF)
    assert BenefitOffer.objects.get(pk=offer.pk).status == OfferStatus.DECLINED


def test_the_sweep_command_runs_and_is_audited(phd, capsys):
    from zhihui.cli import main
    from zhihui.core.models import AuditEvent

    assert main(["benefits", "sweep", "--as-of", "2025-06-30", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "created 3" in out and "graduate_living" in out
    assert (
        AuditEvent.objects.filter(object_type="benefits.sweep", object_id="2025-06-30").count() == 1
    )
    assert main(["benefits", "sweep", "--as-of", "2025-06-30", "--quiet"]) == 0
    assert "unchanged 3" in capsys.readouterr().out


def test_the_sweep_command_names_a_bad_date(capsys):
    from zhihui.cli import main

    with pytest.raises(SystemExit):
        main(["benefits", "sweep", "--as-of", "2025-02-30"])
    assert "--as-of" in capsys.readouterr().err


def test_the_celery_task_records_progress_in_a_background_job(phd, clerk):
    from zhihui.benefits.actions import start_sweep_job
    from zhihui.core.models import BackgroundJob

    job = start_sweep_job(clerk, AS_OF)
    job = BackgroundJob.objects.get(pk=job.pk)
    assert job.status == BackgroundJob.Status.DONE and job.percent == 100
    assert job.result["created"] == 3
    assert job.done == job.total == 2  # one person + one organisation (the employer)


def test_explain_command_prints_reasons(phd, capsys):
    from zhihui.cli import main

    assert main(["benefits", "explain", "--person", str(phd.pk), "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "[eligible] graduate_living total 90000.00" in out
    assert phd.id_number_masked in out
    assert main(["benefits", "explain", "--person", "999999"]) == 2


def test_offers_for_returns_the_citizens_own_offers(phd, make_phd, citizen_of):
    from zhihui.benefits.actions import offers_for

    other = make_phd(name="另一位博士")
    run_sweep(AS_OF)
    mine = offers_for(citizen_of(phd))
    assert {o.person_id for o in mine} == {phd.pk} and len(mine) == 3
    assert other.pk not in {o.person_id for o in mine}


def test_a_partial_sweep_touches_only_the_given_persons(phd, make_phd):
    other = make_phd(name="另一位")
    run_sweep(AS_OF)
    from zhihui.registry.models import InsuranceRecord

    InsuranceRecord.objects.update(continuous_months=5)  # both lose the graduate living subsidy
    stats = run_sweep(AS_OF, person_ids=[phd.pk])
    assert stats.persons == 1 and stats.organisations == 0 and stats.withdrawn == 1
    assert (
        BenefitOffer.objects.get(person=phd, benefit="graduate_living").status
        == OfferStatus.WITHDRAWN
    )
    assert (
        BenefitOffer.objects.get(person=other, benefit="graduate_living").status
        == OfferStatus.OFFERED
    )


def test_the_benefits_group_has_each_command_once():
    from zhihui.cli import build_parser

    parser = build_parser()
    top = next(
        a for a in parser._actions if getattr(a, "choices", None) and "benefits" in a.choices
    )
    group = next(a for a in top.choices["benefits"]._actions if getattr(a, "choices", None))
    names = list(group.choices)
    assert names.count("sweep") == 1 and names.count("explain") == 1 and "screen" in names
