"""Issue 10: the window keeps accepting applications when next year's holiday notice is not out.

Under a frozen clock of 2026-12-15 (chinesecalendar 1.11 knows 2026; no 2027 notice), an
application is accepted with a due date counted on the provisional calendar and marked as such
wherever it is shown; loading the notice moves it, logs the move and tells the applicant.
"""

import datetime as dt

import pytest

from zhihui.cli import main
from zhihui.window import actions, notify
from zhihui.window.models import Application, Message, Transition

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 12, 15)

# An (invented) 2027 notice: 春节 from 除夕 5 February to 11 February with two Saturdays
# worked, 元旦 alone.
NOTICE_2027 = """
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知（测试用）
holidays:
  - {name: 元旦, date: 2027-01-01}
  - {name: 春节, start: 2027-02-05, end: 2027-02-12}
workdays: [2027-01-30, 2027-02-20]
"""


@pytest.fixture
def accepted(fake_engine, citizen, clerk, service, frozen_today):
    """An application accepted on 2026-12-15 with a 40-working-day limit (over 元旦 and 春节)."""
    frozen_today(TODAY)
    service.time_limit_days = 40
    service.save()
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    app.refresh_from_db()
    return app


def test_an_application_is_accepted_with_a_provisional_due_date(accepted, citizen):
    from zhihui.window.workdays import official_calendar

    app = accepted
    assert app.status == "accepted" and app.accepted_on == TODAY
    # 20 working days in December–January, then 1–4 February; 5–10 February off
    # (除夕 + 初一至初三, 初一 and 初二 on the weekend → 补假 9 and 10 February); 11, 12, 15, 16
    assert app.due_date == D(2027, 2, 16) and app.due_date_provisional is True
    cal = official_calendar()
    skipped = [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 2, 9), D(2027, 2, 10)]
    assert all(not cal.is_working_day(d) and d.weekday() < 5 for d in skipped)
    assert cal.working_days_between(TODAY, app.due_date) == 40
    # the log and the message say so
    t = app.transitions.get(to_status="accepted")
    assert t.data["due_date"] == "2027-02-16" and t.data["due_date_provisional"] is True
    msg = Message.objects.get(user=citizen, text__contains="受理")
    assert "2027-02-16（暂定" in msg.text


def test_a_due_date_within_a_known_year_is_not_provisional(fake_engine, citizen, clerk, service, frozen_today):
    frozen_today(D(2026, 11, 2))
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    app.refresh_from_db()
    assert app.due_date == D(2026, 11, 30) and app.due_date_provisional is False


def test_the_mark_is_shown_to_the_applicant_the_clerk_and_the_reviewer(accepted, citizen, clerk, reviewer, client_for):
    app = accepted
    pages = {
        "citizen detail": (citizen, f"/window/a/{app.number}/"),
        "citizen list": (citizen, "/window/mine/"),
        "clerk detail": (clerk, f"/window/a/{app.number}/"),
        "clerk list": (clerk, "/window/desk/"),
        "reviewer queue": (reviewer, "/window/queue/"),
        "reviewer detail": (reviewer, f"/window/a/{app.number}/"),
    }
    for where, (user, url) in pages.items():
        c = client_for(user)
        html = c.get(url).content.decode()
        assert "2027-02-16" in html and 'data-provisional="1"' in html and "暂定" in html, where
        c.logout()
    html = client_for(citizen).get(f"/window/a/{app.number}/").content.decode()
    assert 'id="due-provisional-note"' in html


def test_the_api_reports_due_date_provisional(accepted, citizen, client_for):
    c = client_for(citizen)
    one = c.get(f"/api/v1/window/applications/{accepted.number}").json()
    assert one["due_date"] == "2027-02-16" and one["due_date_provisional"] is True
    items = c.get("/api/v1/window/applications").json()["items"]
    assert [i["due_date_provisional"] for i in items] == [True]


def test_loading_the_notice_moves_the_date_logs_it_and_tells_the_applicant(
    accepted, citizen, admin_user, django_capture_on_commit_callbacks
):
    app = accepted
    from zhihui.privacy.actions import give_consent

    give_consent(citizen, citizen.person, "sms")
    before = Message.objects.filter(user=citizen).count()
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        row = actions.load_holiday_notice(admin_user, NOTICE_2027)
    app.refresh_from_db()
    # 元旦; 5–12 February off; Saturdays 30 January and 20 February worked:
    # December 12 days; January 4–29 and Saturday 30th: 21 → 33; 1–4 February 37; 15–17 February 40
    assert app.due_date == D(2027, 2, 17) and app.due_date_provisional is False
    assert (row.due_dates_changed, row.due_dates_moved) == (1, 1)
    log = app.transitions.order_by("id").last()
    assert log.from_status == log.to_status == "accepted"
    assert "由 2027-02-16（暂定） 调整为 2027-02-17" in log.reason
    assert log.data["due_date_before"] == "2027-02-16" and log.data["due_date"] == "2027-02-17"
    assert log.actor == admin_user
    msgs = Message.objects.filter(user=citizen).order_by("id")
    assert msgs.count() == before + 1 and "调整为 2027-02-17" in msgs.last().text
    assert [text for _phone, text in notify.outbox if "2027-02-17" in text] == [msgs.last().text]  # the SMS


def test_an_unmoved_date_is_confirmed_in_the_log_without_a_message(accepted, citizen, admin_user):
    before = Message.objects.filter(user=citizen).count()
    same = NOTICE_2027.replace("2027-02-12}", "2027-02-10}").replace("workdays: [2027-01-30, 2027-02-20]", "workdays: []")
    actions.load_holiday_notice(admin_user, same)
    accepted.refresh_from_db()
    assert accepted.due_date == D(2027, 2, 16) and accepted.due_date_provisional is False
    assert "不变，已确定" in accepted.transitions.order_by("id").last().reason
    assert Message.objects.filter(user=citizen).count() == before


def test_nothing_else_changes(accepted, fake_engine, make_user, make_person, clerk, service, admin_user, frozen_today):
    from zhihui.core.roles import Role

    other = make_user(Role.CITIZEN, "citizen_2", person=make_person(name="李四"))
    frozen_today(D(2026, 11, 2))
    early, _ = actions.submit(other, service, person=other.person)
    service.time_limit_days = 10
    service.save()
    actions.accept(clerk, early)
    early.refresh_from_db()
    logs = early.transitions.count()
    actions.load_holiday_notice(admin_user, NOTICE_2027)
    early.refresh_from_db()
    assert early.due_date == D(2026, 11, 16) and early.transitions.count() == logs
    accepted.refresh_from_db()
    assert accepted.status == "accepted" and accepted.reviewer is None


def test_the_cli_load_recomputes_and_add_loses_the_mark(accepted, tmp_path, capsys):
    f = tmp_path / "2027.yaml"
    f.write_text(NOTICE_2027, encoding="utf-8")
    assert main(["workdays", "add", "2026-12-15", "40"]) == 0
    assert capsys.readouterr().out == "2027-02-16 provisional\n"
    assert main(["workdays", "load", str(f)]) == 0
    assert "1 due date(s) of open applications recomputed (1 moved" in capsys.readouterr().out
    assert main(["workdays", "add", "2026-12-15", "40"]) == 0
    assert capsys.readouterr().out == "2027-02-17\n"
    assert Transition.objects.filter(application=accepted, data__holiday_notice=2027).count() == 1
    assert Application.objects.get(pk=accepted.pk).due_date == D(2027, 2, 17)


def test_the_calendar_page_shows_origins_and_reminds_from_november(admin_user, client_for, frozen_today):
    c = client_for(admin_user)
    frozen_today(D(2026, 10, 31))
    html = c.get("/window/calendar/").content.decode()
    assert 'data-origin="package"' in html and "2004–2026" in html
    assert 'data-origin="provisional"' in html and "2027–2100" in html
    assert 'id="remind-2027"' not in html
    frozen_today(D(2026, 11, 1))
    html = c.get("/window/calendar/").content.decode()
    assert 'id="remind-2027"' in html and "2027 年仍为暂定日历" in html
    assert "2027-02-10" in html and "春节补假" in html  # the computed days off of 2027
    r = c.post("/window/calendar/", {"text": NOTICE_2027}, follow=True)
    html = r.content.decode()
    assert "已导入 2027 年节假日安排" in html and 'id="remind-2027"' not in html
    assert 'data-origin="notice"' in html and "国务院办公厅关于2027年部分节假日安排的通知（测试用）" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_the_applicant_sees_the_provisional_mark(fake_engine, make_user, make_person, clerk,
                                                       frozen_today, page, tmp_path):
    """Frozen clock 2026-12-15, no 2027 notice: the citizen opens their application in a real
    browser and sees the due date marked 暂定, with the explanation."""
    from tests.conftest import browser_login
    from zhihui.core.roles import Role
    from zhihui.window.catalogue import seed
    from zhihui.window.models import Quota, Service, TalentPool

    seed(Service, Quota, TalentPool)  # transactional tests flush data migrations
    frozen_today(TODAY)
    service = Service.objects.get(code="youth_talent_living")
    service.time_limit_days = 40
    service.save()
    citizen = make_user(Role.CITIZEN, "provisional_citizen", person=make_person(name="周七"))
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)

    browser_login(page, "provisional_citizen")
    page.goto(page.base + "/window/mine/")
    row = page.locator("tr", has_text=app.number)
    assert "2027-02-16" in row.inner_text() and row.locator("[data-provisional]").inner_text() == "暂定"
    row.locator(f"text={app.number}").click()
    page.wait_for_selector("#due-date")
    due = page.inner_text("#due-date")
    assert "2027-02-16" in due and "暂定" in due
    assert "国务院尚未公布节假日安排" in page.inner_text("#due-provisional-note")
    page.screenshot(path=str(tmp_path / "provisional.png"), full_page=True)


def test_the_overdue_report_marks_a_provisional_due_date(accepted, frozen_today, capsys):
    frozen_today(D(2027, 2, 17))  # the notice still not loaded, the provisional date passed
    assert main(["window", "overdue"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"{accepted.number}\t2027-02-16\t") and line.endswith("\tprovisional")
