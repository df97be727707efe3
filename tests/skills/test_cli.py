"""`zhihui skills lapse` and `zhihui skills stats`."""

from __future__ import annotations

import datetime as dt

import pytest

from zhihui.cli import main
from zhihui.skills import actions
from zhihui.skills.models import Voucher

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_lapse_returns_expired_vouchers_to_the_budget_and_stats_print(world, clerk, admin_user, capsys):
    from zhihui.window.actions import set_budget
    from zhihui.window.models import Budget

    set_budget(admin_user, 2025, "skill_voucher", "5000")
    v = actions.issue_voucher(clerk, world["worker"], kind="general", group="rural", today=DAY - dt.timedelta(days=400))
    assert main(["skills", "lapse"]) == 0
    assert "1 voucher(s) lapsed" in capsys.readouterr().out
    assert Voucher.objects.get(pk=v.pk).status == "lapsed"
    assert Budget.objects.get(year=2025, line="skill_voucher").committed == 0
    assert main(["skills", "stats", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "trainings\t0" in out and "cert_rate\t—" in out
