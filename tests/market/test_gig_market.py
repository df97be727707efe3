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


def test_availability_offer_accept_and_ratings_both_ways(employer, other_employer, seeker_user, catalogues, client_for):
    from zhihui.market.models import GigAvailability

    job = gig.post_job(employer, gig_data())
    w = client_for(seeker_user)
    r = w.post("/market/gigs/availability/", {"days": ["1999-01-01"]})
    assert r.status_code == 422 and 'data-field="days"' in r.content.decode()
    w.post("/market/gigs/availability/", {"days": [job.work_date.isoformat()], "note": "会开叉车"})
    assert GigAvailability.objects.filter(person_id=seeker_user.person_id).count() == 1

    e = client_for(employer)
    page = e.get(f"/market/gigs/{job.pk}/").content.decode()
    assert 'class="available-worker"' in page and "李**" in page and "会开叉车" in page
    assert client_for(other_employer).post(f"/market/gigs/{job.pk}/offer/", {"worker": seeker_user.person_id}).status_code == 404
    client_for(employer).post(f"/market/gigs/{job.pk}/offer/", {"worker": seeker_user.person_id})
    eng = GigEngagement.objects.get()
    assert eng.status == "offered"
    w = client_for(seeker_user)
    assert "装卸搬运" in w.get("/market/gigs/availability/").content.decode()
    w.post(f"/market/gigs/engagements/{eng.pk}/act/accept/")
    eng.refresh_from_db()
    assert eng.status == "hired"

    for name, who in (("check_in", seeker_user), ("finish", seeker_user), ("worker_confirms", seeker_user)):
        gig.step(who, eng, name)
    w = client_for(seeker_user)
    w.post(f"/market/gigs/engagements/{eng.pk}/rate/", {"rating": "5"})  # not yet confirmed by both: refused
    eng.refresh_from_db()
    assert eng.rating_of_poster is None
    gig.step(employer, eng, "poster_confirms_last")
    gig.step(employer, eng, "pay", units="1")
    w = client_for(seeker_user)
    assert 'class="card to-rate"' in w.get("/market/gigs/ratings/").content.decode()
    w.post(f"/market/gigs/engagements/{eng.pk}/rate/", {"rating": "4"})
    w.post(f"/market/gigs/engagements/{eng.pk}/rate/", {"rating": "1"})  # once only
    e = client_for(employer)
    e.post(f"/market/gigs/engagements/{eng.pk}/rate/", {"rating": "9"})  # out of range: refused
    e.post(f"/market/gigs/engagements/{eng.pk}/rate/", {"rating": "5"})
    eng.refresh_from_db()
    assert (eng.rating_of_poster, eng.rating_of_worker) == (4, 5)
    assert "4.0" in e.get("/market/gigs/ratings/").content.decode()
    assert "5.0" in client_for(seeker_user).get("/market/gigs/ratings/").content.decode()


def test_worker_declines_an_offer_and_offers_need_availability(employer, seeker_user, catalogues):
    from zhihui.core.workflow import TransitionNotAllowed

    job = gig.post_job(employer, gig_data())
    with pytest.raises(TransitionNotAllowed):
        gig.offer(employer, job, seeker_user.person_id)
    gig.set_availability(seeker_user, [job.work_date.isoformat()])
    eng = gig.offer(employer, job, seeker_user.person_id)
    assert gig.step(seeker_user, eng, "decline").status == "declined"
    assert gig.available_workers(job) == []
