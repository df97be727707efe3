"""免申即享: an offer found by the sweep is accepted in one step and becomes an application."""

import datetime as dt
from decimal import Decimal

import pytest

from zhihui.window import actions
from zhihui.window.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(citizen):
    from zhihui.benefits.models import BenefitOffer

    return BenefitOffer.objects.create(
        person=citizen.person, subject_key=f"p:{citizen.person_id}", benefit="youth_talent_living", period="",
        as_of=dt.date(2026, 11, 1), package_version="jiyuan@test", total=Decimal("60000.00"),
        payments=[], reasons=["E类人才"], fingerprint="x",
    )


def test_accepting_an_offer_files_one_application(fake_engine, citizen, offer):
    app = actions.accept_offer(citizen, offer)
    assert app.channel == "offer" and app.service.code == "youth_talent_living" and app.status == "submitted"
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.application_id == app.pk
    assert actions.accept_offer(citizen, offer).pk == app.pk  # twice: still one
    assert Application.objects.count() == 1


def test_a_withdrawn_offer_cannot_be_accepted(fake_engine, citizen, offer):
    offer.status = "withdrawn"
    offer.save()
    with pytest.raises(actions.WindowError, match="不能确认申领"):
        actions.accept_offer(citizen, offer)
    assert not Application.objects.exists()


def test_the_citizen_accepts_on_their_page_and_clerks_see_the_list(fake_engine, citizen, clerk, make_user, make_person, client_for, offer):
    from zhihui.core.roles import Role

    other = make_user(Role.CITIZEN, "someone_else", person=make_person())
    c = client_for(other)
    assert c.post(f"/window/offers/{offer.pk}/accept/").status_code == 403
    c = client_for(citizen)
    page = c.get("/window/mine/").content.decode()
    assert "青年人才储备生活补贴" in page and "一键确认享受" in page
    r = c.post(f"/window/offers/{offer.pk}/accept/")
    app = Application.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/window/a/{app.number}/"
    c = client_for(clerk)
    overview = c.get("/window/offers/", follow=True)
    assert overview.redirect_chain[-1][0] == "/policy/offers/"  # one 免申即享 list, the policy domain's
    assert "青年人才储备生活补贴" in overview.content.decode()
    listing = c.get("/window/offers/?benefit=youth_talent_living&status=accepted", follow=True).content.decode()
    assert "已转申请" in listing and "********" in listing
    assert f"/window/a/{app.number}/" in listing  # the offer links to the application it became
