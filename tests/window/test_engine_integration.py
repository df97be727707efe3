"""The window with the real Jiyuan policy package: the decision, its explanation and version."""

import datetime as dt
from decimal import Decimal

import pytest

from zhihui.window import actions
from zhihui.window.models import Selection

pytestmark = pytest.mark.django_db


def test_the_engine_decides_from_the_registry_and_the_clerk_sees_why(citizen, clerk, reviewer, admin_user):
    from zhihui.window.models import Application, Service

    year = dt.date.today().year
    sel_app = Application.objects.create(
        number="SQSEL1", service=Service.objects.get(code="wangwu_professional_selection"), person=citizen.person,
        subject_key=f"p:{citizen.person_id}", period=str(year), status="approved", submitted_by=admin_user,
    )
    Selection.objects.create(program="wangwu_professional", year=year, person=citizen.person, application=sel_app)
    app, _ = actions.submit(citizen, Service.objects.get(code="wangwu_professional"), person=citizen.person)
    assert app.engine_status == "eligible" and app.engine_total == Decimal("20000.00")
    assert app.rule_version.startswith("jiyuan@") and "L80" in app.engine_result["clause"]
    assert app.engine_result["reasons"]


def test_missing_facts_block_the_approval_and_are_named(citizen, clerk, reviewer, admin_user, approver):
    from zhihui.window.models import Service

    svc = Service.objects.get(code="scarce_talent_salary")
    app, _ = actions.submit(citizen, svc, person=citizen.person)
    assert app.engine_status == "undetermined"
    assert "scarce_talent.quality" in app.engine_result["missing"]
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    with pytest.raises(actions.WindowError, match="缺少：学历学位等素质得分"):  # named in words (issue 15)
        actions.approve(approver, app)


def test_declared_facts_complete_the_profile(citizen, clerk, reviewer, admin_user):
    from zhihui.window.models import Service

    svc = Service.objects.get(code="scarce_talent_salary")
    facts = {"scarce_talent": {"quality": 90, "scarcity": 80, "salary": 85, "recognized_year": 2025}}
    app, _ = actions.submit(citizen, svc, person=citizen.person, facts=facts)
    assert app.engine_status == "eligible" and app.engine_total == Decimal("90000.00")
    with pytest.raises(actions.WindowError, match="facts"):
        actions.submit(citizen, Service.objects.get(code="graduate_startup"), person=citizen.person,
                       facts={"business": {"license_date": "not a date"}})
