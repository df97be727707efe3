"""The window's bridge to the policy engine: build a profile from the registry, decide one
application, return the engine's status, total, schedule, reasons, clause and package version.

The profile is built from registry facts; the applicant's own declared facts
(`Application.facts`, e.g. `scarce_talent` scores or `business`) only fill what the registry
does not hold. The registry is authoritative (issue 12, found 2): a declared fact that
contradicts it is not used, the decision is `undetermined` (pending) and names the
contradiction, until a clerk verifies the fact and corrects the registry with its evidence.
Only the documented fact paths are accepted (`declarable_paths`); an unknown one is refused
naming it. Each decision carries where every fact came from (`facts`: registry / declared /
contradicted), which the reviewer sees.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

log = logging.getLogger(__name__)

@dataclass
class Decision:
    status: str  # eligible / ineligible / undetermined / "" (no rule: a recognition)
    total: Decimal = Decimal("0.00")
    payments: list[dict] = field(default_factory=list)  # [{"year": 2024, "amount": "…"}]
    reasons: list[str] = field(default_factory=list)
    # the engine's reasons structured (template id + values), one per line of `reasons`; None
    # for a line the window adds (zhihui.benefits.texts.reason_rows renders them)
    reason_items: list = field(default_factory=list)
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
            "reason_items": self.reason_items,
            "missing": self.missing,
            "clause": self.clause,
            "package": self.version,
            **{k: v for k, v in self.raw.items() if k in ("amount_range", "in_kind", "loan_limit", "facts")},
        }


class FactsError(ValueError):
    """The declared facts break the engine's profile schema; `field` names the fact."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"facts.{field_name}: {message}")


# The policy package in force: the one loader (zhihui.benefits.engine), shared with the sweep
# and the explanation pages, so that the window and they never judge by two copies.
from zhihui.benefits.engine import package  # noqa: E402


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


# Facts the window's own services read from `Application.facts` (recognitions, pool posts,
# notes): not engine profile fields, but documented and accepted (zhihui/window/actions.py).
WINDOW_FACTS = frozenset({"post_title", "category", "is_special", "source", "issuer", "origin_category", "basis"})


# Facts only the registry establishes (the identity number gives the birth date; categories and
# selections are the bureau's own decisions): declaring another value is always a contradiction,
# even where the registry's value is "none".
REGISTRY_ONLY = frozenset({"birth_date", "talent_category", "selections"})


def declarable_paths(kind: str) -> frozenset[str]:
    """Top-level fact names an applicant of this kind may declare: the profile fields of the
    policy package's schema (the contract's table) and the window's service facts."""
    try:
        fields = set(package().schema.kinds[kind])
    except Exception:  # the engine not installed: only the window's own facts
        fields = set()
    return frozenset((fields - {"id", "kind"}) | WINDOW_FACTS)


def check_declared_facts(facts: dict, kind: str) -> None:
    """Unknown fact names are refused, naming them (the API answers 422)."""
    allowed = declarable_paths(kind)
    unknown = sorted(k for k in (facts or {}) if k not in allowed)
    if unknown:
        raise FactsError(unknown[0], f"未知的申报事实 {', '.join(unknown)}；可申报：{', '.join(sorted(allowed))}")


def _same(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or a == b
    return str(a) == str(b)


def _merge(base: dict, declared: dict, prefix: str, provenance: dict) -> None:
    """Lay declared facts into `base` where the registry is silent; record where each came from."""
    for key, value in declared.items():
        path = f"{prefix}{key}"
        have = base.get(key)
        if not prefix and key in REGISTRY_ONLY and not _same(have, value):
            provenance["contradicted"].append({"path": path, "declared": value, "registry": have})
        elif isinstance(value, dict) and isinstance(have, dict):
            _merge(have, value, f"{path}.", provenance)
        elif have is None or have == [] or have == {}:
            base[key] = value
            provenance["declared"].append(path)
        elif _same(have, value):
            provenance["registry"].append(path)
        else:
            provenance["contradicted"].append({"path": path, "declared": value, "registry": have})


def profile_and_provenance(application, as_of: dt.date | None = None) -> tuple[dict, dict]:
    """Registry facts (zhihui.benefits.profiles: the one registry → engine mapping, which the
    sweep and the explain pages use too), completed with the applicant's declared facts where
    the registry is silent; and the provenance of the declared facts."""
    from zhihui.benefits import profiles

    as_of = as_of or dt.date.today()
    if application.person_id:
        base = profiles.person_profile(application.person, as_of)
    else:
        base = profiles.organisation_profile(application.organisation, as_of)
    provenance = {"registry": [], "declared": [], "contradicted": []}
    declared = {k: v for k, v in (application.facts or {}).items() if k not in ("id", "kind") and k not in WINDOW_FACTS}
    _merge(base, declared, "", provenance)
    return base, provenance


def profile_for(application, as_of: dt.date | None = None) -> dict:
    return profile_and_provenance(application, as_of)[0]


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
    profile, provenance = profile_and_provenance(application, as_of)
    try:
        result = pkg.screen_one(profile, as_of, items=True)
    except ProfileError as exc:
        raise FactsError(getattr(exc, "field", "") or "facts", getattr(exc, "message", str(exc))) from None
    except Exception as exc:  # an engine fault must not stop the window; the reviewer sees it
        log.exception("policy engine failed on %s", code)
        return Decision(status="", reasons=[f"政策引擎出错，暂不能自动判定：{type(exc).__name__}"], version=pkg.label)
    for entry in result.get("benefits", []):
        if entry.get("benefit") == code:
            decision = Decision(
                status=entry.get("status", ""),
                total=Decimal(entry.get("total", "0.00")),
                payments=[{"year": int(p["year"]), "amount": str(p["amount"])} for p in entry.get("payments", [])],
                reasons=list(entry.get("reasons", [])),
                reason_items=list(entry.get("reason_items") or []),
                missing=list(entry.get("missing", [])),
                clause=entry.get("clause", ""),
                version=result.get("package") or pkg.label,
                raw=entry,
            )
            return _with_provenance(decision, provenance)
    return Decision(status="ineligible", reasons=["该事项不适用于此申请人类型"], version=pkg.label)


def _with_provenance(decision: Decision, provenance: dict) -> Decision:
    """Declared facts are named on the decision; a contradiction keeps it pending."""
    decision.raw = {**decision.raw, "facts": provenance}
    if provenance["declared"]:
        decision.reasons.append("以下事实为申请人自行申报（未经登记核实）：" + "、".join(provenance["declared"]))
        if decision.reason_items:
            decision.reason_items.append(None)
    if provenance["contradicted"]:
        said = "；".join(f"{c['path']} 申报 {c['declared']}，登记 {c['registry']}" for c in provenance["contradicted"])
        decision.status = "undetermined"
        decision.total = Decimal("0.00")
        decision.payments = []
        decision.reasons.insert(0, f"申报事实与登记记录不符，待窗口核实并更正登记后再判定：{said}")
        if decision.reason_items:
            decision.reason_items.insert(0, None)
        decision.missing = sorted({*decision.missing, *(c["path"] for c in provenance["contradicted"])})
    return decision
