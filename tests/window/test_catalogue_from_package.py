"""The window's benefit services say what the policy package says (issue 11): the clerk's
screen and the engine's clause cannot disagree on a title, a plan line or who applies."""

from __future__ import annotations

import pytest

from zhihui.policy import load_package
from zhihui.window import catalogue
from zhihui.window.models import Service

pytestmark = pytest.mark.django_db


def _package():
    from django.conf import settings

    return load_package(settings.ZHIHUI_POLICY_PACKAGE)


def test_every_window_benefit_is_a_package_benefit():
    ids = {b.id for b in _package().benefits}
    assert set(catalogue.BENEFITS) <= ids


def test_seeded_services_carry_the_package_title_clause_and_applicant():
    pkg = _package()
    rows = {s.code: s for s in Service.objects.filter(kind="benefit")}
    assert set(rows) == set(catalogue.BENEFITS)
    for code, svc in rows.items():
        info = pkg.benefit(code)
        assert svc.name == info.title_zh, code
        assert svc.clause == ", ".join(info.references), code
        assert svc.applicant_kind == ("organisation" if info.kind == "organization" else "person"), code


def test_seed_puts_a_drifted_title_back_and_keeps_the_administrators_parameters():
    svc = Service.objects.get(code="senior_technician_subsidy")
    Service.objects.filter(pk=svc.pk).update(name="高级技师培养补贴", clause="L99", time_limit_days=7)
    from zhihui.window.models import Quota, TalentPool

    catalogue.seed(Service, Quota, TalentPool)
    svc.refresh_from_db()
    assert svc.name == _package().benefit("senior_technician_subsidy").title_zh == "高级技师培训补贴"
    assert svc.clause == "L82"
    assert svc.time_limit_days == 7  # the administrator's parameter stays


def test_no_title_or_clause_is_written_in_the_window_catalogue():
    import inspect

    src = inspect.getsource(catalogue)
    for b in _package().benefits:
        if b.id in catalogue.BENEFITS:
            assert b.title_zh not in src, b.id
