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


def test_registers_print_counts_without_names(world, clerk, capsys):
    from tests.factories import create_org

    comp = actions.record_competition(clerk, name="全区职业技能大赛", year=2025, level="zone")
    actions.add_entry(clerk, comp, world["worker"], award="二等奖")
    actions.record_training_base(clerk, name="公共实训基地", kind="public_practice", level="zone", host=create_org("济源职院"),
                                 recognised_by="人社局", recognised_on=dt.date(2024, 1, 1), stations=120)
    assert main(["skills", "registers"]) == 0
    out = capsys.readouterr().out
    assert "全区职业技能大赛\t2025\tzone\t1\t1\t0" in out and "\tpublic_practice\tzone\t1\t" in out
    assert world["worker"].name not in out
