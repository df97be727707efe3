"""POST /api/v1/benefits/screen and GET /api/v1/benefits through the Django test client."""

import json
from pathlib import Path

import pytest

EXAMPLES = Path("/work/shared/contracts/benefits-examples.jsonl")
PHD = {
    "id": "ex-phd", "kind": "person", "birth_date": "1993-04-12",
    "education": {"degree": "doctorate", "full_time": True, "overseas": False,
                  "double_first_class": True, "university_in_jiyuan": False,
                  "graduation_date": "2022-07-01"},
    "talent_category": "E",
    "employment": {"start_date": "2022-10-08", "newly_introduced": True,
                   "employer_kind": "key_enterprise", "post": "research",
                   "frontline_professional": True, "contract_years": 5},
    "hukou_settled": True, "pension": {"continuous_months": 30, "back_paid": False},
    "owns_home_in_jiyuan": False,
}


def post(client, body, query="?as_of=2025-06-30"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/api/v1/benefits/screen" + query, data=data,
                       content_type="application/json")


@pytest.mark.django_db
def test_screen_returns_the_contract_result_for_one_profile(client):
    r = post(client, PHD)
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "ex-phd"
    assert body["package"] == "jiyuan@2026.1"
    by = {b["benefit"]: b for b in body["benefits"]}
    assert by["graduate_living"]["total"] == "90000.00"
    assert by["youth_talent_station"]["in_kind"] == {"nights": 7}
    assert [b["benefit"] for b in body["benefits"]] == sorted(by)
    assert "free_housing" not in by  # extras only on request


@pytest.mark.django_db
def test_screen_gives_the_same_result_as_the_cli_line(client):
    import datetime as dt

    from zhihui.policy import load_package

    expected = load_package("jiyuan").screen([PHD], dt.date(2025, 6, 30))[0]
    assert post(client, PHD).json() == expected


@pytest.mark.django_db
def test_as_of_may_be_a_body_field(client):
    r = post(client, {**PHD, "as_of": "2025-06-30"}, query="")
    assert r.status_code == 200
    assert r.json()["as_of"] == "2025-06-30"


@pytest.mark.django_db
def test_extras_on_request(client):
    r = post(client, PHD, query="?as_of=2025-06-30&include_extra=true")
    assert "free_housing" in {b["benefit"] for b in r.json()["benefits"]}


@pytest.mark.django_db
@pytest.mark.parametrize("body,field", [
    ({"id": "x", "kind": "person", "birth_date": "2023-02-30"}, "birth_date"),
    ({"id": "x", "kind": "person", "education": {"degree": "phd"}}, "education.degree"),
    ({"id": "x", "kind": "person", "titles": [{"level": "senior", "obtained": 5}]},
     "titles[0].obtained"),
    ({"id": "x", "kind": "alien"}, "kind"),
    ({"kind": "person"}, "id"),
])
def test_invalid_profile_is_422_naming_the_field(client, body, field):
    r = post(client, body)
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["msg"].startswith(field + ":")


@pytest.mark.django_db
def test_invalid_list_item_location_is_a_path(client):
    r = post(client, {"id": "x", "kind": "person", "titles": [{"level": "senior", "obtained": 5}]})
    assert r.json()["detail"][0]["loc"] == ["body", "titles", 0, "obtained"]


@pytest.mark.django_db
@pytest.mark.parametrize("query,body", [
    ("", PHD),
    ("?as_of=2025-02-30", PHD),
    ("?as_of=yesterday", PHD),
    ("?as_of=2025-06-30", "{not json"),
    ("?as_of=2025-06-30", "[1, 2]"),
])
def test_bad_date_or_body_is_422_not_500(client, query, body):
    r = post(client, body, query=query)
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"]


@pytest.mark.django_db
def test_catalogue_lists_benefits_with_dated_parameters(client):
    r = client.get("/api/v1/benefits?as_of=2025-06-30")
    assert r.status_code == 200
    body = r.json()
    by = {b["id"]: b for b in body["benefits"]}
    gl = by["graduate_living"]
    assert gl["kind"] == "person" and gl["contract"] is True
    assert "L131" in gl["references"]
    p = {x["id"]: x for x in gl["parameters"]}["graduate_living.amount_doctorate"]
    assert p["unit"] == "CNY/year"
    assert p["history"][0] == {"valid_from": "2021-01-01", "valid_to": None, "value": "30000.00"}
    assert p["value_at_as_of"] == "30000.00"
    unset = {x["id"]: x for x in gl["parameters"]}["graduate_living.amount_preparatory_technician"]
    assert unset["value_at_as_of"] is None
    assert by["free_housing"]["contract"] is False


@pytest.mark.django_db
def test_catalogue_bad_date_is_422(client):
    assert client.get("/api/v1/benefits?as_of=2025-13-01").status_code == 422
