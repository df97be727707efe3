"""The demo city's window (issue 15, found 9): after `zhihui setup` the desk, queue, payments
and finance pages are not empty — budgets for the year, applications in every state, payments
scheduled and paid, one reconciled and one released batch, declared bank accounts."""

import datetime as dt
from decimal import Decimal

import pytest

from zhihui.core.roles import Role
from zhihui.window.models import Application, BankAccount, Budget, PaymentBatch, PaymentInstruction

pytestmark = pytest.mark.django_db


def test_the_demo_window_shows_every_state_and_both_batches(fake_engine, make_user, make_person):
    from zhihui.benefits.models import BenefitOffer
    from zhihui.window import demo

    year = dt.date.today().year
    fake_engine["payments"] = [{"year": year, "amount": "10000.00"}, {"year": year + 1, "amount": "10000.00"}]
    for username, role in (("clerk", Role.CLERK), ("reviewer", Role.REVIEWER), ("admin", Role.ADMIN)):
        make_user(role, username)
    for n in range(24):
        p = make_person(name=f"演示{n}")
        BenefitOffer.objects.create(person=p, subject_key=f"p:{p.pk}", benefit="youth_talent_living", period="",
                                    as_of=dt.date(year, 1, 2), package_version="jiyuan@test", total=Decimal("20000.00"),
                                    payments=fake_engine["payments"], reasons=["E类人才"], fingerprint=f"d{n}")
    note = demo.ensure_demo(count=24)
    assert "demo applications" in note
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"submitted", "accepted", "correction", "reviewed", "scheduled", "refused", "withdrawn"} <= statuses
    assert Budget.objects.filter(year=year, line="talent_living").exists()
    assert PaymentInstruction.objects.filter(status="paid").exists()
    assert set(PaymentBatch.objects.values_list("status", flat=True)) == {"reconciled", "released"}
    assert BankAccount.objects.exists()
    assert demo.ensure_demo(count=24).endswith("skipped")  # idempotent
