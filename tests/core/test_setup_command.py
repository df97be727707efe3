"""`zhihui setup` (what `make run` and `make install` call) is idempotent and prints the accounts."""

import pytest

from zhihui.cli import main
from zhihui.core.models import User
from zhihui.core.roles import Role


@pytest.mark.django_db
def test_setup_creates_one_account_per_role_and_a_second_run_reuses_everything(capsys):
    assert main(["setup", "--residents", "300", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "Zhihui-Clerk-2021" in out and "演示账户" in out
    from zhihui.core.actions import DEMO_ACCOUNTS

    demo = {username: role for role, username, _password, _label in DEMO_ACCOUNTS}
    assert dict(User.objects.filter(username__in=demo).values_list("username", "role")) == demo
    assert sorted(demo.values()) == sorted(Role.values)  # one demo login per role
    users = User.objects.count()  # plus the demo city's staff who are not logins (inspectors)
    citizen = User.objects.get(username="citizen")
    assert citizen.person is not None
    has_category = citizen.person.talent_categories.filter(valid_to__isnull=True).exists()
    assert citizen.person.talent_cards.filter(status="active").count() == (1 if has_category else 0)
    from zhihui.registry.models import Person

    people = Person.objects.count()
    assert main(["setup", "--residents", "300", "--seed", "7"]) == 0
    assert Person.objects.count() == people
    assert User.objects.count() == users
    assert citizen.person.talent_cards.count() == (1 if has_category else 0)  # not issued twice
