"""Issuing, revoking and reissuing cards; recording, superseding and withdrawing recognitions."""

from __future__ import annotations

import datetime as dt

import pytest

from zhihui.core.models import AuditEvent
from zhihui.registry.enums import RecognitionSource
from zhihui.registry.models import EmploymentRecord, TalentCategoryRecord
from zhihui.talent import actions, signing, verify
from zhihui.talent.actions import TalentError
from zhihui.talent.models import CardStatus, TalentCard
from zhihui.talent.verify import today_in_city

pytestmark = pytest.mark.django_db
TODAY = today_in_city()


def employed(person):
    EmploymentRecord.objects.create(person=person, start_date=TODAY - dt.timedelta(days=90))
    return person


def test_issuing_is_refused_without_a_current_category_and_nothing_is_written(make_person):
    person = make_person()
    with pytest.raises(TalentError, match="没有有效的任何人才类别认定") as err:
        actions.issue_card(None, person)
    assert err.value.field == "person"
    assert not TalentCard.objects.exists()
    assert not AuditEvent.objects.filter(object_type="talent.talentcard").exists()


def test_issuing_is_refused_when_the_recognition_has_lapsed(make_person):
    person = make_person()
    TalentCategoryRecord.objects.create(person=person, category="E", recognised_on=TODAY - dt.timedelta(days=900),
                                        valid_to=TODAY - dt.timedelta(days=1))
    with pytest.raises(TalentError):
        actions.issue_card(None, person)


def test_issuing_for_another_category_than_recognised_is_refused(recognised):
    person = recognised("E")
    with pytest.raises(TalentError, match="没有有效的C类") as err:
        actions.issue_card(None, person, category="C")
    assert err.value.field == "category"


def test_a_card_is_numbered_dated_audited_and_bounded_by_the_recognition(make_person):
    person = make_person()
    actions.record_recognition(None, person, category="C", recognised_on=TODAY,
                               valid_to=TODAY + dt.timedelta(days=400))
    card = actions.issue_card(None, person)
    assert card.number == f"WY{TODAY.year}000001"
    assert card.issued_on == TODAY
    assert card.valid_until == TODAY + dt.timedelta(days=400)  # not the default three years
    assert card.status == CardStatus.ACTIVE
    assert AuditEvent.objects.filter(object_type="talent.talentcard", object_id=str(card.pk),
                                     action=AuditEvent.Action.CREATE).exists()
    second = actions.issue_card(None, person)
    assert second.number == f"WY{TODAY.year}000002"


def test_default_validity_is_three_years_to_the_day_before(make_person):
    person = make_person()
    TalentCategoryRecord.objects.create(person=person, category="D", recognised_on=dt.date(2020, 1, 1))
    card = actions.issue_card(None, person, today=dt.date(2026, 3, 1))
    assert card.valid_until == dt.date(2029, 2, 28)


def test_a_new_card_replaces_the_active_one(recognised):
    person = recognised()
    first = actions.issue_card(None, person)
    second = actions.issue_card(None, person)
    first.refresh_from_db()
    assert first.status == CardStatus.REVOKED
    assert second.number in first.revocation_reason
    assert second.replaces == first
    assert TalentCard.objects.filter(person=person, status=CardStatus.ACTIVE).count() == 1


def test_revoking_needs_a_reason_and_happens_once(recognised):
    card = actions.issue_card(None, recognised())
    with pytest.raises(TalentError, match="原因"):
        actions.revoke_card(None, card, "  ")
    actions.revoke_card(None, card, "信息不实")
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED and card.revocation_reason == "信息不实"
    with pytest.raises(TalentError, match="已于"):
        actions.revoke_card(None, card, "again")


def test_reissue_gives_a_new_number_same_category_and_end_date(recognised):
    card = actions.issue_card(None, recognised("B"))
    new = actions.reissue_card(None, card, "遗失")
    card.refresh_from_db()
    assert new.number != card.number
    assert (new.category, new.valid_until) == ("B", card.valid_until)
    assert card.status == CardStatus.REVOKED
    assert card.revocation_reason.startswith("遗失") and new.number in card.revocation_reason
    assert verify.verify_token(new.token, signing.public_keys()).valid


def test_expiry_sweep_marks_only_cards_past_their_date(recognised):
    old = actions.issue_card(None, recognised(name="甲"), valid_years=1)
    TalentCard.objects.filter(pk=old.pk).update(valid_until=TODAY - dt.timedelta(days=1))
    fresh = actions.issue_card(None, recognised(name="乙"))
    assert actions.expire_cards(None) == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == CardStatus.EXPIRED and fresh.status == CardStatus.ACTIVE


# --- recognitions -----------------------------------------------------------------------------


def test_a_new_recognition_supersedes_the_old_one_without_editing_its_content(make_person):
    person = make_person()
    first, _ = actions.record_recognition(None, person, category="E", recognised_on=TODAY - dt.timedelta(days=100))
    second, _ = actions.record_recognition(None, person, category="D", recognised_on=TODAY)
    first.refresh_from_db()
    assert (first.category, first.recognised_on) == ("E", TODAY - dt.timedelta(days=100))
    assert first.valid_to == TODAY - dt.timedelta(days=1)
    assert actions.current_recognition(person) == second
    assert TalentCategoryRecord.objects.filter(person=person).count() == 2


def test_a_category_change_revokes_the_old_card_and_can_issue_the_new_one(recognised):
    person = recognised("E")
    old = actions.issue_card(None, person)
    _, new = actions.record_recognition(None, person, category="D", recognised_on=TODAY, issue=True)
    old.refresh_from_db()
    assert old.status == CardStatus.REVOKED
    assert new.category == "D" and new.status == CardStatus.ACTIVE


def test_mutual_recognition_of_d_and_above_maps_to_the_same_class(make_person):
    person = employed(make_person())
    record, card = actions.record_recognition(None, person, category=None, source=RecognitionSource.CITY_1_8,
                                              origin_category="C", issuer="洛阳市人才工作领导小组", issue=True)
    assert record.category == "C" and record.source == RecognitionSource.CITY_1_8
    assert "洛阳" in record.note
    assert card.category == "C"


def test_mutual_recognition_below_d_is_refused(make_person):
    person = employed(make_person())
    with pytest.raises(TalentError, match="D类以上") as err:
        actions.record_recognition(None, person, category=None, source=RecognitionSource.HENAN, origin_category="E")
    assert err.value.field == "origin_category"
    assert not TalentCategoryRecord.objects.filter(person=person).exists()


def test_mutual_recognition_from_a_city_outside_1_plus_8_is_refused(make_person):
    person = employed(make_person())
    with pytest.raises(TalentError, match="1\\+8") as err:
        actions.record_recognition(None, person, category="D", source=RecognitionSource.CITY_1_8,
                                   origin_category="D", issuer="武汉市")
    assert err.value.field == "issuer"


def test_mutual_recognition_needs_work_in_jiyuan(make_person):
    with pytest.raises(TalentError, match="来济工作"):
        actions.record_recognition(None, make_person(), category=None, source=RecognitionSource.HENAN, origin_category="B")


def test_mutual_recognition_cannot_change_the_class(make_person):
    person = employed(make_person())
    with pytest.raises(TalentError, match="对应济源B类"):
        actions.record_recognition(None, person, category="A", source=RecognitionSource.HENAN, origin_category="B")


def test_special_talent_needs_the_leading_groups_decision(make_person):
    person = make_person()
    with pytest.raises(TalentError) as err:
        actions.record_recognition(None, person, category="C", source=RecognitionSource.LEADING_GROUP)
    assert err.value.field == "basis"
    record, card = actions.record_recognition(None, person, category="C", source=RecognitionSource.LEADING_GROUP,
                                              basis="济人才领〔2026〕3号", issue=True)
    assert record.is_special and record.issuer == actions.LEADING_GROUP_ISSUER
    assert card.is_special and "偏才/专才" in card.category_label


def test_bad_recognition_input_names_the_field(make_person):
    person = make_person()
    for kwargs, field in [
        ({"category": "Z"}, "category"),
        ({"category": "D", "recognised_on": TODAY + dt.timedelta(days=1)}, "recognised_on"),
        ({"category": "D", "recognised_on": TODAY, "valid_to": TODAY - dt.timedelta(days=1)}, "valid_to"),
        ({"category": "D", "source": "mars"}, "source"),
    ]:
        with pytest.raises(TalentError) as err:
            actions.record_recognition(None, person, **kwargs)
        assert err.value.field == field


def test_withdrawing_a_recognition_revokes_its_card(recognised):
    person = recognised("D")
    card = actions.issue_card(None, person)
    actions.withdraw_recognition(None, card.recognition, "材料造假")
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED and "材料造假" in card.revocation_reason
    assert actions.current_recognition(person) is None


def test_a_failed_issue_rolls_back_the_recognition(make_person):
    person = make_person()
    with pytest.raises(TalentError):
        # A recognition that had already lapsed: recorded, but no card can rest on it.
        actions.record_recognition(None, person, category="D", recognised_on=TODAY - dt.timedelta(days=30),
                                   valid_to=TODAY - dt.timedelta(days=1), issue=True)
    assert not TalentCategoryRecord.objects.filter(person=person).exists()


def test_a_card_number_taken_at_the_same_moment_moves_on_to_the_next(recognised, monkeypatch):
    first = actions.issue_card(None, recognised(name="甲"))
    real = actions._next_number
    answers = iter([first.number])  # another window just took this number
    monkeypatch.setattr(actions, "_next_number", lambda year: next(answers, None) or real(year))
    second = actions.issue_card(None, recognised(name="乙"))
    assert second.number != first.number and second.pk is not None
    assert verify.verify_token(second.token, signing.public_keys()).card["number"] == second.number
