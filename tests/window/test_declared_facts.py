"""Found 2 (issue 12): subsidy fraud through declared facts.

A citizen registered as born 1973 with an associate degree submitted `facts` claiming a
master's degree and a 1998 birth date; the engine said eligible for 60,000 yuan and the
reviewer's page showed "符合 · 核定 60000.00 元" with nothing saying the facts were declared.
Now the registry is authoritative: a contradiction keeps the decision pending and is named;
facts the registry lacks are marked as declared; unknown fact names are refused, naming them.
"""

import datetime as dt
from decimal import Decimal

import pytest

from zhihui.window import actions
from zhihui.window.models import Service

pytestmark = pytest.mark.django_db

FRAUD = {
    "birth_date": "1998-03-01",
    "education": {"degree": "master", "full_time": True, "graduation_date": "2023-06-30"},
    "employment": {"start_date": "2024-03-01", "newly_introduced": True, "contract_years": 5},
    "hukou_settled": True,
    "pension": {"continuous_months": 24, "back_paid": False},
}


@pytest.fixture
def born_1973_associate(make_user, make_person, catalogues_loaded):
    from zhihui.registry import actions as registry

    person = make_person("冒领者", dt.date(1973, 5, 1))
    registry.add_education_record("test", person, level="31", school="济源职业技术学院", graduation_date="1994-07-01")
    return make_user("citizen", "fraud_citizen", person=person)


@pytest.fixture
def catalogues_loaded(db):
    from zhihui.registry.catalogues import load_all

    load_all(only=["education"])


def test_declared_facts_that_contradict_the_registry_keep_the_decision_pending(born_1973_associate, client_for, clerk, reviewer, approver):
    citizen = born_1973_associate
    svc = Service.objects.get(code="graduate_living")
    app, _ = actions.submit(citizen, svc, person=citizen.person, facts=FRAUD)
    assert app.engine_status == "undetermined" and app.engine_total == Decimal("0.00")
    facts = app.engine_result["facts"]
    contradicted = {c["path"] for c in facts["contradicted"]}
    assert contradicted == {"birth_date", "education.degree", "education.graduation_date"}
    assert "hukou_settled" in facts["declared"]  # the registry is silent: declared, and said so
    assert "申报事实与登记记录不符" in app.engine_result["reasons"][0]

    # The reviewer's page says so; it does not say 符合 · 60000.
    actions.accept(clerk, app)
    page = client_for(reviewer).get(f"/window/a/{app.number}/").content.decode()
    assert "申报事实与登记记录不符" in page and "education.degree" in page and "自行申报" in page
    assert "60000.00" not in page
    actions.review(reviewer, app)
    with pytest.raises(actions.WindowError):
        actions.approve(approver, app)  # a second reviewer (separation of duties) still cannot approve


def test_unknown_fact_names_are_refused_naming_them(born_1973_associate, client_for):
    citizen = born_1973_associate
    svc = Service.objects.get(code="graduate_living")
    with pytest.raises(actions.WindowError) as exc:
        actions.submit(citizen, svc, person=citizen.person, facts={"salary_bonus": 1, "education": {"degree": "associate"}})
    assert exc.value.field == "facts.salary_bonus"
    r = client_for(citizen).post(
        "/api/v1/window/applications",
        {"service": "graduate_living", "facts": {"is_vip": True}},
        content_type="application/json",
    )
    assert r.status_code == 422 and "is_vip" in r.content.decode()
