"""Issue 20 (plan C12-S23, C12-D08): the public register of labour-dispute mediation bodies
(劳动争议调解仲裁法 第十条), kept by the office, each input error naming its field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_org
from zhihui.core.models import AuditEvent
from zhihui.regulation import actions, selectors
from zhihui.regulation.actions import RegulationError

pytestmark = pytest.mark.django_db

D = dt.date(2025, 3, 1)


def _body(actor, **over):
    data = {"name": "济源钢铁劳动争议调解委员会", "kind": "enterprise", "address": "济源市虎岭产业集聚区",
            "phone": "0391-6600001", "members": 5, "established_on": D, "organisation": create_org("济源钢铁")}
    data.update(over)
    return actions.register_mediation_body(actor, **data)


def test_the_office_registers_a_body_and_the_register_is_public(clerk, client):
    body = _body(clerk)
    assert AuditEvent.objects.filter(summary__contains="登记调解组织").count() == 1
    page = client.get("/regulation/mediation-bodies/").content.decode()
    assert "济源钢铁劳动争议调解委员会" in page and "0391-6600001" in page and "登记调解组织" not in page
    assert list(selectors.mediation_bodies(dt.date.today())) == [body]
    assert list(selectors.mediation_bodies(dt.date(2025, 2, 1))) == []  # not yet established
    actions.dissolve_mediation_body(clerk, body, on=dt.date(2026, 1, 1))
    assert list(selectors.mediation_bodies(dt.date(2026, 1, 2))) == []


@pytest.mark.parametrize(("over", "field"), [
    ({"name": ""}, "name"),
    ({"kind": "court"}, "kind"),
    ({"organisation": None}, "organisation"),
    ({"kind": "industry", "organisation": None}, "industry"),
    ({"kind": "township", "organisation": None}, "town_code"),
    ({"kind": "township", "organisation": None, "town_code": "419999999"}, "town_code"),
    ({"phone": "电话"}, "phone"),
    ({"members": 0}, "members"),
    ({"members": "x"}, "members"),
    ({"established_on": dt.date.today() + dt.timedelta(days=1)}, "established_on"),
])
def test_bad_input_names_the_field(clerk, over, field):
    with pytest.raises(RegulationError) as exc:
        _body(clerk, **over)
    assert exc.value.field == field


def test_only_the_office_registers_and_names_are_not_doubled(clerk, reviewer, make_user):
    from zhihui.core.roles import Role

    with pytest.raises(PermissionDenied):
        _body(make_user(Role.CITIZEN))
    _body(clerk)
    with pytest.raises(RegulationError) as exc:
        _body(clerk, organisation=create_org("另一家"))
    assert exc.value.field == "name"


def test_the_page_form_registers_and_shows_errors(clerk, client_for):
    c = client_for(clerk)
    r = c.post("/regulation/mediation-bodies/", {"name": "建筑业劳动争议调解中心", "kind": "industry", "industry": "",
                                                 "address": "济源市济渎路1号", "phone": "0391-6600002", "members": "3",
                                                 "established_on": "2025-01-01"})
    assert r.status_code == 400 and "行业性、区域性调解组织须填写行业或区域" in r.content.decode()
    r = c.post("/regulation/mediation-bodies/", {"name": "建筑业劳动争议调解中心", "kind": "industry", "industry": "建筑业",
                                                 "address": "济源市济渎路1号", "phone": "0391-6600002", "members": "3",
                                                 "established_on": "2025-01-01"}, follow=True)
    assert "已登记：建筑业劳动争议调解中心" in r.content.decode()
    assert "建筑业" in c.get("/regulation/mediation-bodies/?kind=industry").content.decode()
