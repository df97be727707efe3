"""Issue 15, found 5: the apply form asks only what the service needs (no JSON, no year or talent
category unless the service reads them), lists the materials, warns on eligibility before
submit, limits 申请说明 and refuses a future 申请年度."""

from __future__ import annotations

import datetime as dt

import pytest

from zhihui.window.models import Application

pytestmark = pytest.mark.django_db


def test_a_benefit_form_asks_only_what_the_service_needs(citizen, client_for):
    page = client_for(citizen).get("/window/apply/?service=graduate_living").content.decode()
    form = page[page.index('id="apply-form"'):]
    assert "JSON" not in page and "补充信息（" not in page and 'name="facts"' not in page
    assert 'name="period"' not in form  # applied for once, not per year
    assert 'name="fact:category"' not in form and "人才类别" not in form
    assert 'id="materials"' in page and "身份证" in page and "劳动合同" in page and "养老保险缴费证明" in page


def test_the_citizen_is_warned_before_submitting_when_the_file_says_no(citizen, client_for):
    page = client_for(citizen).get("/window/apply/?service=graduate_living").content.decode()
    assert 'id="eligibility-preview"' in page
    assert 'id="eligibility-warning"' in page  # a bare registry person: not eligible or not known


def test_a_recognition_asks_its_own_facts(citizen, client_for):
    page = client_for(citizen).get("/window/apply/?service=talent_category").content.decode()
    assert 'name="fact:category"' in page and 'name="fact:is_special"' in page
    assert 'name="period"' in page  # recognised once a year


def test_a_typed_fact_is_checked_naming_its_label(citizen, client_for):
    c = client_for(citizen)
    r = c.post("/window/apply/?service=talent_category",
               {"service": "talent_category", "fact:category": "Z", "idempotency_key": "t1"})
    assert r.status_code == 422 and "申请认定的人才类别：请从列表中选择" in r.content.decode()
    assert Application.objects.count() == 0


def test_a_long_note_and_a_future_year_are_refused(citizen, client_for):
    c = client_for(citizen)
    r = c.post("/window/apply/", {"service": "talent_category", "fact:category": "E",
                                  "note": "x" * 100_000, "idempotency_key": "t2"})
    assert r.status_code == 422 and "申请说明：不能超过 2000 字" in r.content.decode()
    next_year = dt.date.today().year + 1
    r = c.post("/window/apply/", {"service": "talent_category", "fact:category": "E",
                                  "period": str(next_year), "idempotency_key": "t3"})
    assert r.status_code == 422 and f"申请年度：{next_year} 不在可申请的年度内" in r.content.decode()
    assert Application.objects.count() == 0
    r = c.post("/window/apply/", {"service": "talent_category", "fact:category": "E",
                                  "period": str(next_year - 1), "idempotency_key": "t4"})
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.facts == {"category": "E"} and app.period == str(next_year - 1)


def test_budget_lines_are_chosen_from_a_named_list(admin_user, client_for):
    from zhihui.window.models import Budget

    c = client_for(admin_user)
    page = c.get("/window/payments/").content.decode()
    assert '<select name="line" required>' in page and '<option value="talent_living">人才生活补贴</option>' in page
    assert 'placeholder="talent_living"' not in page
    r = c.post("/window/payments/budget/", {"year": "2026", "line": "made_up", "amount": "100"}, follow=True)
    assert "请从列表中选择预算科目" in r.content.decode() and not Budget.objects.exists()
    c.post("/window/payments/budget/", {"year": "2026", "line": "talent_living", "amount": "100"})
    assert Budget.objects.get().name == "人才生活补贴"
