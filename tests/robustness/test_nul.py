"""NUL characters (PostgreSQL cannot store them): removed from query parameters (filters),
refused in submitted data naming the field, 404 in a path — never a 500."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_json_body_is_a_422_naming_the_nested_field(world, client_for):
    c = client_for(world["users"]["clerk"])
    body = {"service": "youth_talent_living", "facts": {"degree": ["phd", "a\x00b"]}}
    r = c.post("/api/v1/window/applications", json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "facts", "degree", 1]


def test_nul_in_a_form_field_is_a_400_naming_the_field(world, client_for):
    r = client_for(world["users"]["clerk"]).post("/registry/persons/new/", {"name": "张\x00三"})
    assert r.status_code == 400 and "name" in r.content.decode()


def test_nul_in_a_search_is_ignored(world, client_for):
    from zhihui.window import actions
    from zhihui.window.models import Service

    clerk = world["users"]["clerk"]
    app, _ = actions.submit(clerk, Service.objects.get(code="youth_talent_living"), person=world["person"], facts={})
    r = client_for(clerk).get("/api/v1/window/applications", {"q": app.number[:6] + "\x00"})
    assert r.status_code == 200 and [a["number"] for a in r.json()["items"]] == [app.number]


def test_nul_in_a_path_is_not_found(world, client_for):
    c = client_for(world["users"]["clerk"])
    assert c.get("/window/a/SQ%00X/").status_code == 404
    assert c.get("/api/v1/window/applications/SQ%00X").status_code == 404
