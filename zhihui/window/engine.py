"""The window's bridge to the policy engine: build a profile from the registry, decide one
application, return the engine's status, total, schedule, reasons, clause and package version.

The profile is built from registry facts, then the applicant's own declared facts
(`Application.facts`, e.g. `scarce_talent` scores or `business`) are laid over it: the engine
marks as `missing` whatever neither source gives, and the clerk sees exactly that list.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.conf import settings

log = logging.getLogger(__name__)

@dataclass
class Decision:
    status: str  # eligible / ineligible / undetermined / "" (no rule: a recognition)
    total: Decimal = Decimal("0.00")
    payments: list[dict] = field(default_factory=list)  # [{"year": 2024, "amount": "…"}]
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    clause: str = ""
    version: str = ""
    raw: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "total": str(self.total),
            "payments": self.payments,
            "reasons": self.reasons,
            "missing": self.missing,
            "clause": self.clause,
            "package": self.version,
            **{k: v for k, v in self.raw.items() if k in ("amount_range", "in_kind", "loan_limit")},
        }


class FactsError(ValueError):
    """The declared facts break the engine's profile schema; `field` names the fact."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"facts.{field_name}: {message}")


@lru_cache(maxsize=4)
def package(name: str | None = None):
    from zhihui.policy import load_package

    return load_package(name or settings.ZHIHUI_POLICY_PACKAGE)


def scarce_talent_score(parts: dict, day: dt.date) -> Decimal:
    """The scarce-talent score of `parts` ({quality, scarcity, salary}) with the weights in force
    on `day`: the package's one formula (rules.scarce_talent_score), also used by its rule."""
    pkg = package()
    weights = pkg.rules.scarce_talent_weights(lambda pid: pkg.parameters[pid].value_at(day))
    return pkg.rules.scarce_talent_score(weights, parts)


def benefit_ids() -> set[str]:
    try:
        return {b.id for b in package().benefits}
    except Exception:  # the engine not installed yet: no benefit is decided automatically
        return set()


def profile_for(application, as_of: dt.date | None = None) -> dict:
    """Registry facts (zhihui.benefits.profiles: the one registry → engine mapping, which the
    sweep and the explain pages use too), overlaid with the applicant's declared facts."""
    from zhihui.benefits import profiles

    as_of = as_of or dt.date.today()
    if application.person_id:
        base = profiles.person_profile(application.person, as_of)
    else:
        base = profiles.organisation_profile(application.organisation, as_of)
    for key, value in (application.facts or {}).items():
        if key in ("id", "kind"):
            continue
        base[key] = value
    return base


def decide(application, as_of: dt.date | None = None) -> Decision:
    """The engine's decision on the application's service, or an empty decision for services
    the engine has no rule for (recognitions, the pool: a reviewer decides those)."""
    code = application.service.code
    try:
        pkg = package()
    except Exception as exc:  # engine unavailable: the reviewer decides, and sees why
        return Decision(status="", reasons=[f"政策引擎不可用: {exc}"])
    if code not in {b.id for b in pkg.benefits}:
        return Decision(status="", version=pkg.label)
    from zhihui.policy import ProfileError

    as_of = as_of or dt.date.today()
    profile = profile_for(application, as_of)
    try:
        result = pkg.screen_one(profile, as_of)
    except ProfileError as exc:
        raise FactsError(getattr(exc, "field", "") or "facts", getattr(exc, "message", str(exc))) from None
    except Exception as exc:  # an engine fault must not stop the window; the reviewer sees it
        log.exception("policy engine failed on %s", code)
        return Decision(status="", reasons=[f"政策引擎出错，暂不能自动判定：{type(exc).__name__}"], version=pkg.label)
    for entry in result.get("benefits", []):
        if entry.get("benefit") == code:
            return Decision(
                status=entry.get("status", ""),
                total=Decimal(entry.get("total", "0.00")),
                payments=[{"year": int(p["year"]), "amount": str(p["amount"])} for p in entry.get("payments", [])],
                reasons=list(entry.get("reasons", [])),
                missing=list(entry.get("missing", [])),
                clause=entry.get("clause", ""),
                version=result.get("package") or pkg.label,
                raw=entry,
            )
    return Decision(status="ineligible", reasons=["该事项不适用于此申请人类型"], version=pkg.label)
