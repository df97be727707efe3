"""Key-group ledgers: entries with evidence, declared → verified by another clerk, the ledger
city → town → village, employment rates by group, town scope."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import create_person
from zhihui.core.roles import Role
from zhihui.employment import actions, selectors
from zhihui.employment.actions import EmploymentInputError
from zhihui.employment.models import StaffAssignment

D = dt.date


@pytest.fixture
def places(db):
    from zhihui.registry.models import Division

    town = Division.objects.create(code="419001100", name="克井镇", level="town")
    village = Division.objects.create(code="419001100201", name="枣庙村", level="village", parent=town)
    other = Division.objects.create(code="419001101", name="五龙口镇", level="town")
    return town, village, other


def test_declared_then_verified_by_someone_else(places, clerk, make_user):
    town, village, _other = places
    p = create_person("高明", D(2002, 7, 1), residence=village)
    citizen = make_user(Role.CITIZEN, person=p)
    with pytest.raises(EmploymentInputError) as e:
        actions.add_key_group(citizen, p, group="graduate_unplaced", since="2025-07-01", evidence="")
    assert e.value.field == "evidence"
    entry = actions.add_key_group(citizen, p, group="graduate_unplaced", since="2025-07-01",
                                  evidence="毕业证 104591202505001234", detail="郑州大学 2025届 软件工程")
    assert entry.evidence_state == "declared" and entry.channel == "self"
    with pytest.raises(EmploymentInputError) as e:
        actions.add_key_group(citizen, p, group="graduate_unplaced", since="2025-07-02", evidence="x")
    assert e.value.field == "group"
    with pytest.raises(PermissionDenied):
        actions.verify_key_group(citizen, entry, verification="x")
    entry = actions.verify_key_group(clerk, entry, verification="学信网核验一致")
    assert entry.evidence_state == "verified" and entry.verified_by == clerk
    vet = actions.add_key_group(clerk, create_person("秦军", D(1998, 1, 1), residence=town), group="veteran",
                                since="2024-09-01", evidence="退役证 2024-123")
    with pytest.raises(EmploymentInputError, match="职责分离"):
        actions.verify_key_group(clerk, vet, verification="x")


def test_ledger_summary_and_rates(places, clerk):
    town, village, other = places
    a = create_person("甲", D(1970, 1, 1), residence=village)
    b = create_person("乙", D(1971, 1, 1), residence=town)
    c = create_person("丙", D(1972, 1, 1), residence=other)
    for p in (a, b, c):
        actions.add_key_group(clerk, p, group="rural_labour", since="2024-01-01", evidence="村委会证明")
    actions.record_event(clerk, a, kind="flexible", effective_on=D(2025, 3, 1))
    actions.record_event(clerk, b, kind="registered_unemployed", effective_on=D(2025, 3, 1),
                         unemployment_reason="resigned")
    today = actions.today()
    row = next(d for d in selectors.key_group_summary(clerk, today) if d["group"] == "rural_labour")
    assert (row["members"], row["verified"], row["employed"], row["rate"]) == (3, 0, 1, 33.3)
    ledger = selectors.key_group_ledger(clerk, "rural_labour", today)
    assert [(t["name"], t["members"], [v["name"] for v in t["villages"]]) for t in ledger] == \
        [("五龙口镇", 1, []), ("克井镇", 2, ["枣庙村"])]
    # a town clerk's ledger is their town's
    town_clerk = clerk.__class__.objects.get(pk=clerk.pk)
    StaffAssignment.objects.create(user=town_clerk, division=other)
    assert [t["name"] for t in selectors.key_group_ledger(town_clerk, "rural_labour", today)] == ["五龙口镇"]


@pytest.mark.django_db
def test_pages(client_for, places, clerk, make_user, leader):
    town, _village, _other = places
    p = create_person("田园", D(1980, 1, 1), residence=town)
    c = client_for(clerk)
    r = c.post(f"/employment/persons/{p.pk}/groups/add/", {"group": "disabled", "since": "2020-01-01",
                                                           "evidence": "残疾人证 4190011980"})
    assert r.status_code == 302
    assert "本人申报（未核实）" in c.get(f"/employment/persons/{p.pk}/").content.decode()
    other_clerk = make_user(Role.CLERK)
    page = client_for(other_clerk).get("/employment/groups/?group=disabled").content.decode()
    assert "田园" in page and "克井镇" in page and 'name="verification"' in page
    entry = p.key_groups.get()
    client_for(other_clerk).post("/employment/groups/", {"entry": entry.pk, "verification": "残联系统比对一致"})
    entry.refresh_from_db()
    assert entry.evidence_state == "verified"
    # leaders see the summary, not names
    page = client_for(leader).get("/employment/groups/?group=disabled").content.decode()
    assert "残疾人" in page and "田园" not in page


@pytest.mark.django_db
def test_bad_posted_ids_are_404_not_500(client_for, admin_user, reviewer):
    c = client_for(admin_user)
    assert c.post("/employment/groups/", {"entry": "abc", "verification": "x"}).status_code == 404
    assert c.post("/employment/service-points/", {"toggle": "1x"}).status_code == 404
    assert c.post("/employment/monitoring/", {"enterprise": "x", "note": "y"}).status_code == 404
    assert client_for(reviewer).post("/employment/difficulty/", {"recognition": "x"}).status_code == 404
