"""Workflows declared once: states, transitions, who may take each, what each writes.

Every domain with a life cycle (window applications, training vouchers, postings, cases,
disputes…) declares one `Workflow` in its `workflows.py`. The same table is read by

- the domain's `actions.py`, which calls `WORKFLOW.check(...)` before a state change (wrong
  state → `TransitionNotAllowed`, wrong role or a separation-of-duties conflict →
  `PermissionDenied`);
- its pages, which draw their buttons from `WORKFLOW.available(...)`;
- its docs, which print `WORKFLOW.as_markdown()` (`zhihui workflows show NAME`).

Separation of duties is part of the table: a transition's `not_after` names earlier
transitions whose actor may not take this one on the same object (for instance nobody
approves an application they accepted or reviewed). The domain passes who took what
(`history`: transition name → set of actor ids), read from its own transition log.

No Django models here: only roles and translations, so CLIs can import it cheaply.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Pseudo-role: the person or organisation the object belongs to (the applicant, the voucher's
# holder, the posting's employer). The domain decides who that is and passes `is_owner`.
OWNER = "owner"
OWNER_LABEL = _("本人/本单位")
# Target of a transition that returns the object to the state it had before an earlier one
# (e.g. a correction answered: back to submitted, accepted or reviewed); the action knows which.
PREVIOUS = ""
PREVIOUS_LABEL = _("原状态")
# Pseudo-role: the platform itself (a scheduled task or a batch command, actor None).
SYSTEM = "system"
SYSTEM_LABEL = _("系统（定时任务）")

_REGISTRY: dict[str, Workflow] = {}


class TransitionNotAllowed(ValueError):
    """The object is not in a state from which the transition may be taken (HTTP 409/422)."""

    def __init__(self, message: str, field: str = "status"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Transition:
    name: str  # the action's name, e.g. "accept"
    label: str  # button text (lazy translation)
    sources: frozenset[str]  # empty: the transition creates the object (its initial state)
    target: str  # PREVIOUS: back to the state before an earlier transition
    roles: frozenset[str]  # Role values, and OWNER for the object's owner
    writes: str = ""  # what the transition records besides the state (for the docs)
    reason_required: bool = False
    not_after: tuple[str, ...] = ()  # separation of duties: not by whoever took these


def transition(name, label, sources, target, roles, *, writes="", reason_required=False, not_after=()) -> Transition:
    """One row of the table. `sources=()` declares the creation of the object (no state before),
    so that separation of duties can name who created it."""
    if isinstance(sources, str):
        sources = (sources,)
    return Transition(
        name=name,
        label=label,
        sources=frozenset(str(s) for s in sources),
        target=str(target),
        roles=frozenset(str(r) for r in roles),
        writes=writes,
        reason_required=reason_required,
        not_after=tuple(not_after),
    )


@dataclass
class Workflow:
    name: str  # e.g. "window.application"
    title: str  # e.g. _("一窗受理申请")
    states: type  # a TextChoices class: values and their labels
    initial: str
    transitions: list[Transition]
    final: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        values = {str(v) for v in self.states.values}
        names = set()
        for t in self.transitions:
            unknown = (t.sources | {t.target}) - values - {PREVIOUS}
            if unknown:
                raise ValueError(f"workflow {self.name}: transition {t.name} names unknown states {sorted(unknown)}")
            if t.name in names:
                raise ValueError(f"workflow {self.name}: transition {t.name} declared twice")
            names.add(t.name)
        for t in self.transitions:
            missing = set(t.not_after) - names
            if missing:
                raise ValueError(f"workflow {self.name}: {t.name}.not_after names unknown transitions {sorted(missing)}")
        self.final = frozenset(str(s) for s in self.final)
        if self.name in _REGISTRY and _REGISTRY[self.name] is not self:
            raise ValueError(f"workflow {self.name} declared twice")
        _REGISTRY[self.name] = self

    # -- reading the table -------------------------------------------------------------
    def get(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def state_label(self, state: str) -> str:
        if state == PREVIOUS:
            return str(PREVIOUS_LABEL)
        return str(dict(self.states.choices).get(state, state))

    def describe(self, name: str, before: str | None, after: str) -> str:
        """An audit summary of a transition in words, in the platform's language whatever the
        request's ("受理：已提交→已受理", not "accept submitted→accepted")."""
        from django.conf import settings
        from django.utils import translation

        with translation.override(settings.LANGUAGE_CODE):
            try:
                label = str(self.get(name).label)
            except KeyError:
                label = name
            return f"{label}：{self.state_label(before) if before else '—'}→{self.state_label(after)}"

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if str(state) in t.sources]

    def role_may(self, t: Transition, user, is_owner: bool = False) -> bool:
        if user is None or isinstance(user, str):
            return SYSTEM in t.roles
        role = getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None
        return (role is not None and role in t.roles) or (is_owner and OWNER in t.roles)

    def conflict(self, t: Transition, user, history: Mapping[str, Iterable[int]] | None) -> str | None:
        """The earlier transition this user took that forbids `t` (separation of duties)."""
        if not t.not_after or not history:
            return None
        uid = getattr(user, "pk", None)
        for earlier in t.not_after:
            if uid is not None and uid in set(history.get(earlier, ())):
                return earlier
        return None

    def available(self, state: str, user, *, is_owner: bool = False,
                  history: Mapping[str, Iterable[int]] | None = None) -> list[Transition]:
        """Transitions this user may take now: what a page shows as buttons."""
        return [
            t for t in self.from_state(state)
            if self.role_may(t, user, is_owner) and self.conflict(t, user, history) is None
        ]

    def check(self, name: str, state: str | None, user, *, is_owner: bool = False,
              history: Mapping[str, Iterable[int]] | None = None, reason: str = "") -> Transition:
        """Raise unless `user` may take transition `name` from `state`; return the transition."""
        t = self.get(name)
        if not self.role_may(t, user, is_owner):
            raise PermissionDenied(gettext("无权执行“%(action)s”") % {"action": t.label})
        earlier = self.conflict(t, user, history)
        if earlier is not None:
            raise PermissionDenied(
                gettext("职责分离：已执行“%(earlier)s”的人员不能再执行“%(action)s”")
                % {"earlier": self.get(earlier).label, "action": t.label}
            )
        if not t.sources and state in (None, ""):
            pass  # creation
        elif str(state) not in t.sources:
            raise TransitionNotAllowed(
                gettext("当前状态为“%(state)s”，不能执行“%(action)s”")
                % {"state": self.state_label(state), "action": t.label}
            )
        if t.reason_required and not (reason or "").strip():
            raise TransitionNotAllowed(gettext("请填写理由"), "reason")
        return t

    # -- documentation -----------------------------------------------------------------
    def as_markdown(self) -> str:
        from zhihui.core.roles import Role

        role_labels = dict(Role.choices)
        lines = [
            f"### {self.title} (`{self.name}`)",
            "",
            "| 操作 action | 从 from | 到 to | 谁可以 who | 不得由 not by | 记录 writes |",
            "|---|---|---|---|---|---|",
        ]
        for t in self.transitions:
            who = "、".join(
                str(OWNER_LABEL) if r == OWNER else str(SYSTEM_LABEL) if r == SYSTEM else str(role_labels.get(r, r))
                for r in sorted(t.roles)
            )
            sources = "、".join(self.state_label(s) for s in sorted(t.sources)) or "—"
            not_by = "、".join(str(self.get(n).label) for n in t.not_after) or "—"
            lines.append(
                f"| {t.label} (`{t.name}`) | {sources} | {self.state_label(t.target)} | {who} | {not_by} | {t.writes or '—'} |"
            )
        return "\n".join(lines) + "\n"


def history_of(transition_log) -> dict[str, set[int]]:
    """Who took which transition (name → actor ids), from a transition log queryset with
    `name` and `actor_id`: what `check(..., history=)` and `available(..., history=)` read."""
    out: dict[str, set[int]] = {}
    for name, actor_id in transition_log.values_list("name", "actor_id"):
        out.setdefault(name, set()).add(actor_id)
    return out


def registered() -> dict[str, Workflow]:
    """Every workflow declared so far (import the domains' `workflows` modules first)."""
    return dict(_REGISTRY)
