"""Issue 13: a person who restricted the processing of their information (PIPL art. 44) is not
screened by the 免申即享 sweep: no offer is created, and existing offers are left as stored."""

from __future__ import annotations

import pytest

from zhihui.benefits.models import BenefitOffer, OfferStatus
from zhihui.benefits.sweep import run_sweep
from zhihui.privacy import actions as privacy
from zhihui.registry.models import InsuranceRecord

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def restrict(citizen_of, clerk, reviewer):
    def _restrict(person):
        citizen = citizen_of(person)
        req = privacy.file_request(citizen, person, "restriction", details="暂停免申即享推送和短信")
        privacy.accept_request(clerk, req)
        return privacy.complete_request(reviewer, req)

    return _restrict


def test_a_restricted_person_gets_no_offer_and_others_still_do(make_phd, restrict):
    restricted, other = make_phd("李博士"), make_phd("王博士")
    restrict(restricted)
    stats = run_sweep(AS_OF)
    assert stats.skipped_restricted == 1 and stats.persons == 2
    assert not BenefitOffer.objects.filter(person=restricted).exists()
    assert BenefitOffer.objects.filter(person=other, status=OfferStatus.OFFERED).count() == 3
    # a partial sweep of that one person does nothing either
    stats = run_sweep(AS_OF, person_ids=[restricted.pk])
    assert stats.skipped_restricted == 1 and stats.created == 0
    assert not BenefitOffer.objects.filter(person=restricted).exists()


def test_offers_found_before_the_restriction_are_stored_untouched(phd, restrict):
    run_sweep(AS_OF)
    before = sorted(BenefitOffer.objects.filter(person=phd).values_list("id", "status", "updated_at", "last_confirmed_at"))
    restrict(phd)
    InsuranceRecord.objects.filter(person=phd).update(continuous_months=5)  # would withdraw one offer
    stats = run_sweep(AS_OF)
    assert (stats.created, stats.updated, stats.withdrawn, stats.unchanged) == (0, 0, 0, 0)
    after = sorted(BenefitOffer.objects.filter(person=phd).values_list("id", "status", "updated_at", "last_confirmed_at"))
    assert after == before


def test_lifting_the_restriction_brings_the_person_back_into_the_sweep(phd, restrict, admin_user):
    restrict(phd)
    assert run_sweep(AS_OF).created == 0
    from zhihui.privacy.models import ProcessingRestriction

    privacy.lift_restriction(admin_user, ProcessingRestriction.objects.get(person=phd), reason="本人申请恢复")
    assert run_sweep(AS_OF).created == 3


def test_the_explain_command_does_not_screen_a_restricted_person(phd, restrict, capsys):
    from zhihui.cli import main

    restrict(phd)
    assert main(["benefits", "explain", "--person", str(phd.pk), "--as-of", "2025-06-30"]) == 3
    captured = capsys.readouterr()
    assert "restricted" in captured.err and "graduate_living" not in captured.out
