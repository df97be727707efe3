"""Everyday tools (issue 15, found 10): the desk, the 免申即享 list and the audit log export to
Excel and CSV with the page's filters (formula-safe, audited, identity numbers masked); a
clerk reminds every pending offer's subject at once — in-app always, SMS only with consent,
not twice in a week."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.window import notify
from zhihui.window.models import Application, Message

pytestmark = pytest.mark.django_db


def _offer(person, benefit="youth_talent_living"):
    from zhihui.benefits.models import BenefitOffer

    return BenefitOffer.objects.create(
        person=person, subject_key=f"p:{person.pk}", benefit=benefit, period="", as_of=dt.date(2026, 11, 1),
        package_version="jiyuan@test", total=Decimal("60000.00"), payments=[], reasons=["E类人才"], fingerprint=f"x{person.pk}",
    )


def test_desk_exports_the_filtered_list_to_excel_and_csv(client_for, clerk, citizen, service):
    Application.objects.create(number="SQEXP0001", service=service, person=citizen.person,
                               subject_key=f"p:{citizen.person_id}", period="2026", status="submitted", submitted_by=citizen)
    c = client_for(clerk)
    page = c.get("/window/desk/?status=submitted").content.decode()
    assert 'id="export-xlsx"' in page
    r = c.get("/window/desk/?tab=all&status=submitted&format=xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "SQEXP0001" and rows[1][3] == citizen.person.id_number_masked
    r = c.get("/window/desk/?tab=all&status=refused&format=csv")
    assert len(list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))) == 1  # the header only
    assert AuditEvent.objects.filter(actor=clerk, action="export", object_type="window.application").count() == 2


def test_offer_list_exports_with_formulas_neutralised(client_for, clerk, make_person):
    _offer(make_person(name="=1+1"))
    r = client_for(clerk).get("/policy/offers/?benefit=youth_talent_living&status=offered&format=csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[1][0] == "'=1+1"


def test_the_auditor_exports_the_audit_log_and_nobody_else(client_for, auditor, clerk):
    r = client_for(auditor).get("/audit/?action=login&format=xlsx")
    assert r.status_code == 200
    assert client_for(clerk).get("/audit/?format=xlsx").status_code == 403


def test_bulk_reminder_in_app_for_all_sms_only_with_consent_and_not_twice(client_for, clerk, make_user, make_person,
                                                                          settings, django_capture_on_commit_callbacks):
    from zhihui.privacy.models import Consent

    settings.ZHIHUI_SMS_BACKEND = "locmem"
    notify.outbox.clear()
    agreed, silent = make_person(name="同意者", phone="13900000001"), make_person(name="未同意", phone="13900000002")
    Consent.objects.create(person=agreed, purpose="sms", notice_version="test")
    for i, p in enumerate((agreed, silent)):
        make_user(Role.CITIZEN, f"offer_c{i}", person=p)
        _offer(p)
    c = client_for(clerk)
    assert 'id="notify-offers"' in c.get("/policy/offers/?benefit=youth_talent_living").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/policy/offers/notify/", {"benefit": "youth_talent_living"}, follow=True)
    assert "已提醒 2 个待确认对象" in r.content.decode()
    assert Message.objects.filter(text__contains="免申即享").count() == 2
    assert [phone for phone, _ in notify.outbox] == ["13900000001"]
    c.post("/policy/offers/notify/", {"benefit": "youth_talent_living"})
    assert Message.objects.filter(text__contains="免申即享").count() == 2  # not repeated within a week
    assert client_for(make_user(Role.REVIEWER, "offer_rev")).post(
        "/policy/offers/notify/", {"benefit": "youth_talent_living"}).status_code == 403
