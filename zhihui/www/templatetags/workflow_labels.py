"""`{{ t.name|step_label:"skills.voucher" }}`: a transition log row's action in words (its label
in the workflow table), not its code ("issue", "enrol", "receive" showed on Chinese pages).
The argument is a workflow name or a prefix of several ("rights." for its three kinds of case)."""

from __future__ import annotations

import importlib

from django import template

register = template.Library()


@register.filter
def step_label(name: str, workflow: str) -> str:
    from zhihui.core.workflow import _REGISTRY

    importlib.import_module(f"zhihui.{workflow.split('.')[0]}.workflows")  # the tables register on import
    for key, flow in _REGISTRY.items():
        if key == workflow or (workflow.endswith(".") and key.startswith(workflow)):
            for t in flow.transitions:
                if t.name == name:
                    return str(t.label)
    return name


@register.filter
def state_label(state: str, workflow: str) -> str:
    """A state code in words, from the workflow table's states."""
    from zhihui.core.workflow import _REGISTRY

    importlib.import_module(f"zhihui.{workflow.split('.')[0]}.workflows")
    flow = _REGISTRY.get(workflow)
    return flow.state_label(state) if flow is not None and state else state
