"""Subscriptions: a seeker subscribes from "我的求职"; publishing a matching posting writes one
notice and an in-app message (never twice); non-matching postings none; SMS only with the
person's SMS consent, and a withdrawn consent stops it."""

from __future__ import annotations

import pytest

from zhihui.market import actions
from zhihui.market.models import JobSeeker, SubscriptionNotice
from zhihui.window import notify
from zhihui.window.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeker(seeker_user, catalogues):
    from zhihui.registry.models import Person

    Person.objects.filter(pk=seeker_user.person_id).update(phone="13900000001")
    return actions.save_seeker(seeker_user, seeker_user.person, {"desired_title": "叉车司机", "visible": "1"})


def publish(make_posting, employer, clerk, **over):
    p = make_posting(**over)
    return actions.publish_posting(clerk, actions.submit_posting(employer, p))


def test_subscribe_and_get_notices_with_sms_only_under_consent(seeker, seeker_user, make_posting, employer, clerk,
                                                              client_for, settings, django_capture_on_commit_callbacks):
    from zhihui.privacy.actions import give_consent, withdraw_consent

    settings.ZHIHUI_SMS_BACKEND = "locmem"
    notify.outbox.clear()
    c = client_for(seeker_user)
    r = c.post("/market/me/subscriptions/", {"town_code": "419001001", "salary_min": "5000", "keywords": "叉车", "by_sms": "1"})
    assert r.status_code == 302
    assert "叉车" in c.get("/market/me/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        p1 = publish(make_posting, employer, clerk)  # 叉车司机, 419001001, up to 6500
    assert SubscriptionNotice.objects.filter(posting=p1).count() == 1
    assert Message.objects.filter(user=seeker_user, text__contains="叉车司机").count() == 1
    assert notify.outbox == []  # asked for SMS, but no SMS consent given

    consent = give_consent(seeker_user, seeker_user.person, "sms")
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_posting, employer, clerk, title="叉车工")
        publish(make_posting, employer, clerk, town_code="419001002")  # another town: no notice
        publish(make_posting, employer, clerk, salary_max="4800", salary_min="4000")  # below the minimum: none
        publish(make_posting, employer, clerk, title="仓库保管员", skills="", certificates="", text="负责仓库保管。")  # no 叉车
    assert len(notify.outbox) == 1 and notify.outbox[0][0] == "13900000001" and "叉车工" in notify.outbox[0][1]
    assert SubscriptionNotice.objects.count() == 2

    withdraw_consent(seeker_user, consent)
    with django_capture_on_commit_callbacks(execute=True):
        publish(make_posting, employer, clerk, title="叉车驾驶员")
    assert len(notify.outbox) == 1 and SubscriptionNotice.objects.count() == 3
    assert "叉车驾驶员" in c.get("/market/me/").content.decode()


def test_subscription_errors_name_the_field_and_only_the_owner_cancels(seeker, seeker_user, make_user, client_for):
    from zhihui.market import subscriptions
    from zhihui.market.actions import MarketError

    with pytest.raises(MarketError) as e:
        subscriptions.subscribe(seeker_user, seeker, {})
    assert e.value.field == "occupation"
    with pytest.raises(MarketError) as e:
        subscriptions.subscribe(seeker_user, seeker, {"occupation": "4-2"})
    assert e.value.field == "occupation"
    with pytest.raises(MarketError) as e:
        subscriptions.subscribe(seeker_user, seeker, {"salary_min": "abc"})
    assert e.value.field == "salary_min"
    sub = subscriptions.subscribe(seeker_user, seeker, {"occupation": "4-02"})
    import datetime as dt

    from tests.factories import create_person

    other = make_user("citizen", "other_seeker", person=create_person("王五", dt.date(1992, 3, 3)))
    assert client_for(other).post(f"/market/me/subscriptions/{sub.pk}/cancel/").status_code == 404
    assert client_for(seeker_user).post(f"/market/me/subscriptions/{sub.pk}/cancel/").status_code == 302
    sub.refresh_from_db()
    assert not sub.active and JobSeeker.objects.count() == 1
