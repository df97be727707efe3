"""The window API: the same path as the pages, idempotency by header, errors naming the field."""

import json

import pytest

from zhihui.window.models import Application

pytestmark = pytest.mark.django_db


def post(c, url, data, **headers):
    return c.post(url, json.dumps(data), content_type="application/json", **headers)


def test_the_whole_path_through_the_api(fake_engine, citizen, clerk, reviewer, client_for, service, budgets, client):
    c = client_for(citizen)
    r = post(c, "/api/v1/window/applications", {"service": service.code, "note": "经由网上大厅"}, HTTP_IDEMPOTENCY_KEY="k9")
    assert r.status_code == 201, r.content
    number = r.json()["number"]
    again = post(c, "/api/v1/window/applications", {"service": service.code}, HTTP_IDEMPOTENCY_KEY="k9")
    assert again.status_code == 200 and again.json()["number"] == number
    c.logout()
    c = client_for(clerk)
    assert post(c, f"/api/v1/window/applications/{number}/accept", {"reason": "齐全"}).json()["status"] == "accepted"
    c.logout()
    c = client_for(reviewer)
    assert post(c, f"/api/v1/window/applications/{number}/review", {}).json()["status"] == "reviewed"
    body = post(c, f"/api/v1/window/applications/{number}/approve", {"reason": "符合"}).json()
    assert body["status"] == "scheduled" and [p["amount"] for p in body["payments"]] == ["20000.00", "20000.00"]
    assert [t["to"] for t in body["transitions"]] == ["submitted", "accepted", "reviewed", "approved", "scheduled"]


def test_refusals_are_422_naming_the_field_and_duplicates_409(fake_engine, citizen, client_for, service):
    c = client_for(citizen)
    r = post(c, "/api/v1/window/applications", {"service": "no_such_thing"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "service"]
    assert post(c, "/api/v1/window/applications", {"service": service.code}).status_code == 201
    r = post(c, "/api/v1/window/applications", {"service": service.code})
    assert r.status_code == 409 and "同一事项" in r.json()["detail"][0]["msg"]
    number = Application.objects.get().number
    r = post(c, f"/api/v1/window/applications/{number}/accept", {})
    assert r.status_code == 403


def test_a_correction_without_items_is_refused(fake_engine, citizen, clerk, client_for, service):
    c = client_for(citizen)
    number = post(c, "/api/v1/window/applications", {"service": service.code}).json()["number"]
    c.logout()
    c = client_for(clerk)
    r = post(c, f"/api/v1/window/applications/{number}/correction", {"items": []})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "items"]


def test_workdays_over_the_api(citizen, client_for):
    c = client_for(citizen)
    r = c.get("/api/v1/window/workdays/add?date=2025-12-31&n=1").json()
    assert r["result"] == "2026-01-04" and r["provisional"] is False
    r = c.get("/api/v1/window/workdays/add?date=2026-12-31&n=1").json()
    assert r["result"] == "2027-01-04" and r["provisional"] is True
    r = c.get("/api/v1/window/workdays/add?date=2100-12-31&n=1")
    assert r.status_code == 422 and "2101" in r.json()["detail"][0]["msg"]
    assert c.get("/api/v1/window/workdays/add?date=2026-13-01&n=1").status_code == 422
