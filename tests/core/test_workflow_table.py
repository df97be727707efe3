"""The shared workflow table: state checks, roles, owner, separation of duties, docs."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, TransitionNotAllowed, Workflow, transition


class S(models.TextChoices):
    NEW = "new", "新建"
    OK = "ok", "已受理"
    DONE = "done", "已批准"


class U:
    is_authenticated = True

    def __init__(self, pk, role):
        self.pk, self.role = pk, role


FLOW = Workflow(
    name="test.sample",
    title="样例",
    states=S,
    initial=S.NEW,
    transitions=[
        transition("accept", "受理", S.NEW, S.OK, [Role.CLERK]),
        transition("approve", "批准", S.OK, S.DONE, [Role.REVIEWER, Role.CLERK], not_after=("accept",)),
        transition("withdraw", "撤回", [S.NEW, S.OK], S.DONE, [OWNER], reason_required=True),
    ],
)


def test_a_role_may_take_its_transition_from_the_right_state():
    assert FLOW.check("accept", S.NEW, U(1, Role.CLERK)).target == S.OK


def test_the_wrong_state_is_refused_naming_the_state():
    with pytest.raises(TransitionNotAllowed, match="新建|已受理"):
        FLOW.check("approve", S.NEW, U(2, Role.REVIEWER))


def test_the_wrong_role_is_denied():
    with pytest.raises(PermissionDenied):
        FLOW.check("accept", S.NEW, U(1, Role.REVIEWER))


def test_whoever_accepted_may_not_approve():
    history = {"accept": {7}}
    with pytest.raises(PermissionDenied, match="职责分离"):
        FLOW.check("approve", S.OK, U(7, Role.CLERK), history=history)
    assert FLOW.check("approve", S.OK, U(8, Role.CLERK), history=history).name == "approve"
    assert [t.name for t in FLOW.available(S.OK, U(7, Role.CLERK), history=history)] == []


def test_owner_transitions_need_the_owner_and_a_reason():
    citizen = U(3, Role.CITIZEN)
    with pytest.raises(PermissionDenied):
        FLOW.check("withdraw", S.NEW, citizen, is_owner=False, reason="x")
    with pytest.raises(TransitionNotAllowed):
        FLOW.check("withdraw", S.NEW, citizen, is_owner=True, reason=" ")
    assert FLOW.check("withdraw", S.NEW, citizen, is_owner=True, reason="不办了").target == S.DONE


def test_the_docs_table_lists_every_transition():
    md = FLOW.as_markdown()
    assert md.count("\n| ") == 1 + 3  # the header and one row per transition
    assert "不得由" in md and "受理" in md


def test_a_table_naming_an_unknown_state_is_refused():
    with pytest.raises(ValueError):
        Workflow("test.bad", "坏", S, S.NEW, [transition("x", "x", "nowhere", S.OK, [Role.CLERK])])


def test_a_creation_transition_has_no_source_and_counts_for_separation_of_duties():
    flow = Workflow("test.created", "新建", S, S.NEW, [
        transition("create", "新建", (), S.NEW, [Role.CLERK]),
        transition("decide", "决定", S.NEW, S.DONE, [Role.CLERK], not_after=("create",)),
    ])
    assert flow.check("create", None, U(1, Role.CLERK)).target == S.NEW
    assert flow.from_state(S.NEW) == [flow.get("decide")]
    with pytest.raises(PermissionDenied):
        flow.check("decide", S.NEW, U(1, Role.CLERK), history={"create": {1}})
    assert "| 新建 (`create`) | — |" in flow.as_markdown()


def test_the_system_takes_only_transitions_declared_for_it():
    from zhihui.core.workflow import SYSTEM

    flow = Workflow("test.system", "系统", S, S.NEW, [
        transition("expire", "期满", S.OK, S.DONE, [SYSTEM]),
        transition("accept", "受理", S.NEW, S.OK, [Role.CLERK]),
    ])
    assert flow.check("expire", S.OK, None).target == S.DONE
    with pytest.raises(PermissionDenied):
        flow.check("accept", S.NEW, None)
    with pytest.raises(PermissionDenied):
        flow.check("expire", S.OK, U(1, Role.CLERK))
