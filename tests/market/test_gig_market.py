"""The gig market: post (screened) → apply → hire → check in → done → both confirm → paid;
only the poster's organisation moves its engagements; the worker's paid history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from zhihui.market import gig
from zhihui.market.models import GigEngagement

pytestmark = pytest.mark.django_db


def gig_data(**over):
    data = {"task": "装卸搬运", "description": "仓库货物装卸，男女不限。", "town_code": "419001001", "place": "虎岭物流园",
            "work_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(), "pay_amount": "200", "pay_unit": "day",
            "workers_needed": "3", "contact_phone": "13800000000"}
    data.update(over)
    return data


def test_gig_from_posting_to_paid_through_the_pages(employer, seeker_user, catalogues, client_for):
    e = client_for(employer)
    r = e.post("/market/gigs/new/", gig_data())
    assert r.status_code == 302
    job_url = r.url
    assert "装卸搬运" in Client().get("/market/gigs/").content.decode()
    assert "13800000000" not in Client().get(job_url).content.decode()
    w = client_for(seeker_user)
    w.post(job_url + "apply/")
    eng = GigEngagement.objects.get()

    def act(client, name, **data):
        client.post(f"/market/gigs/engagements/{eng.pk}/act/{name}/", data)
        eng.refresh_from_db()
        return eng.status

    e = client_for(employer)
    assert act(e, "hire") == "hired"
    w = client_for(seeker_user)
    assert act(w, "check_in") == "working"
    assert act(w, "finish") == "done"
    assert act(w, "worker_confirms") == "w_confirmed"
    e = client_for(employer)
    assert act(e, "poster_confirms_last") == "confirmed"
    assert act(e, "pay", units="1.5") == "paid"
    assert eng.amount_paid == Decimal("300.00")
    w = client_for(seeker_user)
    body = w.get("/market/gigs/history/").content.decode()
    assert "装卸搬运" in body and "300.00" in body
    assert list(eng.transitions.values_list("name", flat=True)) == [
        "apply", "hire", "check_in", "finish", "worker_confirms", "poster_confirms_last", "pay"]


def test_worker_cannot_pay_and_another_employer_cannot_hire(employer, other_employer, seeker_user, catalogues):
    job = gig.post_job(employer, gig_data())
    eng = gig.apply(seeker_user, job)
    from django.http import Http404

    with pytest.raises(Http404):
        gig.step(other_employer, eng, "hire")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        gig.step(seeker_user, eng, "hire")


def test_gig_with_an_unlawful_requirement_is_held(employer, catalogues):
    job = gig.post_job(employer, gig_data(description="限男性，需交押金100元。"))
    assert job.status == "held" and {f["category"] for f in job.flags} == {"sex", "fees_or_documents"}


def test_gig_form_names_the_wrong_field(employer, catalogues, client_for):
    r = client_for(employer).post("/market/gigs/new/", gig_data(pay_unit="week"))
    assert r.status_code == 422 and 'data-field="pay_unit"' in r.content.decode()
