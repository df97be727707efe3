"""What each role sees on the skills pages, and that bad input never produces a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhihui.core.roles import Role
from zhihui.skills import actions
from zhihui.skills.models import Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(world, clerk):
    """The world's session moved to this week, so that today is a training day."""
    today = timezone.localdate()
    s = world["session"]
    type(s).objects.filter(pk=s.pk).update(starts_on=today - dt.timedelta(days=1), ends_on=today + dt.timedelta(days=3),
                                           day_start=dt.time(0, 0), day_end=dt.time(23, 59))
    s.refresh_from_db()
    from zhihui.core.models import User
    from zhihui.window.actions import set_budget

    set_budget(User.objects.get(username="admin_t"), today.year, "skill_voucher", "10000")
    return world


def test_the_public_provider_page_lists_programmes_and_results(client, world):
    page = client.get("/skills/").content.decode()
    assert world["provider"].organisation.name in page and "HG-2026-01" in page and "1200.00" in page


def test_worker_enrols_with_a_voucher_and_checks_in_by_qr(client_for, live, clerk):
    v = actions.issue_voucher(clerk, live["worker"], kind="general", group="unemployed")
    c = client_for(live["citizen"])
    page = c.get(f"/skills/vouchers/{v.number}/").content.decode()
    assert "报名培训" in page and f"value=\"{live['session'].number}\"" in page
    c.post(f"/skills/vouchers/{v.number}/do/enrol/", {"session": live["session"].number})
    v.refresh_from_db()
    assert v.status == "enrolled" and v.provider == live["provider"]
    r = c.post(f"/skills/checkin/{live['session'].checkin_token}/")
    assert "签到成功" in r.content.decode() and r.cookies["zh_device"].value
    assert c.get("/skills/checkin/not-a-token/").status_code == 404


def test_someone_elses_voucher_is_404_and_the_office_sees_all(client_for, live, clerk, make_user):
    v = actions.issue_voucher(clerk, live["worker"], kind="general", group="unemployed")
    stranger = make_user(Role.CITIZEN)
    assert client_for(stranger).get(f"/skills/vouchers/{v.number}/").status_code == 404
    assert client_for(live["other_provider_user"]).get(f"/skills/vouchers/{v.number}/").status_code == 404
    assert v.number in client_for(clerk).get("/skills/vouchers/").content.decode()


def test_the_office_issues_a_voucher_by_id_number_and_errors_name_the_field(client_for, live, clerk):
    from zhihui.core.crypto import decrypt

    c = client_for(clerk)
    r = c.post("/skills/vouchers/issue/", {"id_number": "123", "kind": "general", "group": "rural"}, follow=True)
    assert "id_number" in r.content.decode() and r.status_code == 200
    idn = decrypt(live["worker"].id_number_encrypted)
    c.post("/skills/vouchers/issue/", {"id_number": idn, "kind": "general", "group": "nonsense"}, follow=True)
    assert not Voucher.objects.exists()
    c.post("/skills/vouchers/issue/", {"id_number": idn, "kind": "general", "group": "rural"})
    assert Voucher.objects.get().person == live["worker"]


def test_session_roster_clerk_check_in_and_qr(client_for, live, clerk):
    e = actions.enrol(clerk, live["session"], live["worker"])
    c = client_for(live["trainer"])
    page = c.get(f"/skills/sessions/{live['session'].number}/").content.decode()
    assert "<svg" in page and live["worker"].name in page and live["worker"].id_number_masked in page
    c.post(f"/skills/sessions/{live['session'].number}/checkin/", {"enrolment": e.pk})
    e.refresh_from_db()
    assert e.days_attended == 1
    assert client_for(live["other_provider_user"]).get(f"/skills/sessions/{live['session'].number}/").status_code == 404


def test_archive_and_verification_pages(client, client_for, live, clerk):
    from zhihui.skills.certificates import token_for

    actions.file_evaluation_body(clerk, live["evaluator"], kind="social", filed_on=dt.date(2025, 1, 1))
    cert = actions.record_certificate(clerk, person=live["worker"], kind="skill_level", level="intermediate_worker", name="焊工",
                                      number="V-1", obtained_on=dt.date(2026, 3, 20), evaluator=live["evaluator"])
    c = client_for(live["citizen"])
    page = c.get("/skills/archive/").content.decode()
    assert "V-1" in page and "<svg" in page and "/skills/verify/?t=" in page
    pdf = c.get("/skills/archive.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.logout()
    ok = client.get("/skills/verify/", {"t": token_for(cert.skills_record)}).content.decode()
    assert "核验通过" in ok and "V-1" in ok and live["worker"].name not in ok  # the name is masked
    assert "核验未通过" in client.get("/skills/verify/", {"t": "garbage.token"}).content.decode()


def test_signals_and_stats_are_for_supervisors_and_leaders(client_for, live, leader, make_user):
    assert client_for(live["citizen"]).get("/skills/signals/").status_code == 403
    assert client_for(make_user(Role.REVIEWER)).get("/skills/signals/").status_code == 200
    page = client_for(leader).get("/skills/stats/?year=abc").content.decode()
    assert 'data-chart="skills-stats"' in page and 'id="skills-stats"' in page


def test_the_api_lists_and_refuses_with_422(client_for, live, clerk):
    v = actions.issue_voucher(clerk, live["worker"], kind="general", group="unemployed")
    c = client_for(live["citizen"])
    assert [x["number"] for x in c.get("/api/v1/skills/vouchers").json()] == [v.number]
    r = c.post(f"/api/v1/skills/vouchers/{v.number}/cancel", {"reason": ""}, content_type="application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reason"]
    assert c.get("/api/v1/skills/vouchers/PX00NOPE").status_code == 404


def test_the_skills_pages_in_english(client_for, live, clerk, leader):
    from tests.core.test_english_everywhere import assert_english

    v = actions.issue_voucher(clerk, live["worker"], kind="general", group="unemployed")
    c = client_for(live["citizen"])
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert_english(c.get(f"/skills/vouchers/{v.number}/").content.decode(), ["General training voucher", "Enrol"],
                   data=(live["session"].programme.name,))
    assert_english(c.get("/skills/archive/").content.decode(), ["My electronic training and evaluation archive"])
    c = client_for(leader)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert_english(c.get("/skills/stats/").content.decode(), ["Training and certificate statistics"])
    assert_english(c.get("/skills/registers/").content.decode(), ["Yugong Herb Farmers"])
