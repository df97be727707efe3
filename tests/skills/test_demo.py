"""The demo city's skills data: providers, sessions, certificates and vouchers in every state."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import create_org, create_person
from zhihui.core.roles import Role
from zhihui.skills.demo import ensure_demo
from zhihui.skills.enums import VoucherStatus
from zhihui.skills.models import Voucher

pytestmark = pytest.mark.django_db


def test_demo_has_vouchers_in_every_state_and_runs_once(make_user):
    for name in ("clerk", "admin"):
        make_user(Role.CLERK if name == "clerk" else Role.ADMIN, name)
    for i in range(6):
        create_org(f"演示企业{i}")
    people = [create_person(f"居民{i}", dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 27)) for i in range(70)]
    make_user(Role.CITIZEN, "citizen", person=people[0])
    summary = ensure_demo(today=dt.date(2026, 12, 7))
    assert summary.startswith("skills: 3 providers")
    assert set(Voucher.objects.values_list("status", flat=True)) == set(VoucherStatus.values)
    assert Voucher.objects.filter(person=people[0], status="enrolled").exists()
    from zhihui.skills.models import ChiefTechnician, Competition, TrainingBase

    assert Competition.objects.filter(year=2025, level="zone").exists()
    assert TrainingBase.objects.count() == 2 and ChiefTechnician.objects.get().certificate.skill_level == "technician"
    assert ensure_demo(today=dt.date(2026, 12, 7)) == "skills: demo providers exist"
