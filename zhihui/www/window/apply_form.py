"""What the apply form asks for one service (issue 15, found 5): only the facts that service
reads and the registry does not hold, typed fields instead of JSON, the materials to attach,
and the policy engine's view of the applicant before they submit."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhihui.benefits import texts
from zhihui.window import decisions
from zhihui.window.models import ApplicantKind, PeriodKind

# Facts the registry never holds: the applicant declares them (the window checks the papers).
DECLARED_ONLY = (
    "scarce_talent", "business", "startup_project_rating", "has_school_age_children",
    "parents_60_moved_to_jiyuan", "enclave_startup", "double_introduction_project",
    "external_recognition", "education.shortage_major", "graduate_hires", "graduate_transfers",
    "order_training", "studios", "organized_experts", "hosted_national_forum", "platform_level",
)

# The papers that prove a fact the service reads (first matching prefix of the profile path).
MATERIALS_OF_PATH = [
    ("education", gettext_noop("学历、学位证书（留学人员另附教育部留学服务中心学历学位认证书）")),
    ("employment", gettext_noop("劳动合同或聘用合同")),
    ("pension", gettext_noop("养老保险缴费证明（社保经办机构出具）")),
    ("hukou_settled", gettext_noop("户口簿")),
    ("titles", gettext_noop("专业技术职称证书")),
    ("skill_certificates", gettext_noop("职业资格或职业技能等级证书")),
    ("honors", gettext_noop("荣誉称号证书")),
    ("external_recognition", gettext_noop("外地人才认定文件")),
    ("business", gettext_noop("营业执照")),
    ("startup_project_rating", gettext_noop("创业项目评定文件")),
    ("scarce_talent", gettext_noop("紧缺人才积分认定材料（学历、薪酬证明等）")),
    ("owns_home_in_jiyuan", gettext_noop("不动产登记查询结果")),
    ("has_school_age_children", gettext_noop("子女出生证明或户口簿")),
    ("parents_60_moved_to_jiyuan", gettext_noop("父母身份证及随迁居住证明")),
    ("graduate_hires", gettext_noop("新招用高校毕业生花名册、劳动合同及社保缴费证明")),
    ("graduate_transfers", gettext_noop("输送毕业生名单及用人单位接收证明")),
    ("order_training", gettext_noop("订单式培养协议及留济就业名单")),
    ("studios", gettext_noop("技能大师工作室认定文件")),
    ("organized_experts", gettext_noop("选手获奖证书")),
    ("platform_level", gettext_noop("创新平台批准文件")),
]
SERVICE_MATERIALS = {
    "talent_category": [gettext_noop("人才类别认定申报表及相应业绩、荣誉证明")],
    "scarce_talent_scoring": [gettext_noop("紧缺人才积分认定材料（学历、薪酬证明等）")],
    "talent_pool_post": [gettext_noop("拟使用编制的岗位说明")],
}
SELECTION_MATERIALS = [gettext_noop("推荐表及业绩证明材料")]

# Facts the window's own services read (zhihui/window/actions.py), as typed fields.
SERVICE_FACTS = {
    "talent_category": ["category", "is_special"],
    "scarce_talent_scoring": ["scarce_talent.quality", "scarce_talent.scarcity", "scarce_talent.salary"],
    "talent_pool_post": ["post_title"],
}
WINDOW_FIELDS = {
    "category": {"type": "enum", "values": list("ABCDEFG"), "label": gettext_noop("申请认定的人才类别")},
    "is_special": {"type": "flag", "label": gettext_noop("偏才/专才（由人才工作领导小组认定）")},
    "post_title": {"type": "string", "label": gettext_noop("拟使用编制的岗位")},
}


def _kind(service) -> str:
    return "person" if service.applicant_kind == ApplicantKind.PERSON else "organization"


def _spec(kind: str, path: str):
    try:
        return decisions.package()._leaves[kind].get(path)
    except Exception:  # noqa: BLE001
        return None


def _field(kind: str, path: str) -> dict | None:
    if path in WINDOW_FIELDS:
        w = WINDOW_FIELDS[path]
        choices = [(v, _("%(c)s类") % {"c": v}) for v in w.get("values", [])]
        return {"path": path, "name": f"fact:{path}", "type": w["type"], "label": _(w["label"]), "choices": choices}
    spec = _spec(kind, path)
    if spec is None or spec.type in ("list", "string"):
        return None
    choices = [(v, texts.value_label(v)) for v in spec.values]
    return {"path": path, "name": f"fact:{path}", "type": spec.type, "label": _(texts.field_label(path)),
            "choices": choices, "min": spec.min, "max": spec.max}


def _benefit_entry(service, profile: dict | None, today: dt.date) -> dict | None:
    if service.code not in decisions.benefit_ids():
        return None
    from zhihui.benefits import engine as benefits_engine

    try:
        result = benefits_engine.screen_one(profile or {"id": "form", "kind": _kind(service)}, today)
    except Exception:  # noqa: BLE001 - the form works without the preview
        return None
    return next((e for e in result.get("benefits", []) if e["benefit"] == service.code), None)


def _paths_of(entry: dict) -> list[str]:
    from zhihui.benefits import marks

    out = []
    for item in entry.get("reason_items") or []:
        path = marks.item_mark(item)[1].get("path")
        if path and path not in out:
            out.append(path)
    for p in entry.get("missing", []):
        if p not in out:
            out.append(p)
    return out


def needs(service, profile: dict | None, today: dt.date) -> dict:
    """The form of one service: fields (typed), whether to ask the year, materials, and the
    engine's view of the applicant (`preview`: a block as the policy pages show it) when the
    applicant's own profile is given."""
    kind = _kind(service)
    asked = list(SERVICE_FACTS.get(service.code, []))
    materials = [_("身份证") if kind == "person" else _("营业执照（统一社会信用代码）")]
    materials += [_(m) for m in SERVICE_MATERIALS.get(service.code, [])]
    if service.kind == "recognition" and service.code not in SERVICE_FACTS:
        materials += [_(m) for m in SELECTION_MATERIALS]
    preview = None
    entry = _benefit_entry(service, profile, today)
    if entry is not None:
        empty = _benefit_entry(service, None, today) or entry
        for path in _paths_of(empty):
            for prefix, paper in MATERIALS_OF_PATH:
                if (path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")) \
                        and _(paper) not in materials:
                    materials.append(_(paper))
        missing = entry.get("missing", []) if profile is not None else empty.get("missing", [])
        for path in missing:
            if profile is None and not any(path == d or path.startswith(d + ".") for d in DECLARED_ONLY):
                continue
            if path not in asked:
                asked.append(path)
        if profile is not None:
            from zhihui.benefits import explain, marks

            blocks = explain.benefit_blocks({"benefits": [entry]}, today)
            marks.mark_blocks(blocks, profile, today)
            preview = blocks[0] if blocks else None
    fields = [f for f in (_field(kind, p) for p in asked) if f is not None]
    return {
        "fields": fields,
        "ask_period": service.period_kind == PeriodKind.YEAR,
        "materials": materials,
        "preview": preview,
        "preview_list": [preview] if preview else [],
    }


def read_facts(fields: list[dict], post) -> tuple[dict, dict]:
    """(facts, errors) from the POSTed typed fields; an error names the field's label."""
    facts: dict = {}
    errors: dict = {}
    for f in fields:
        raw = (post.get(f["name"]) or "").strip()
        if f["type"] == "flag":
            if raw:
                facts[f["path"]] = True
            continue
        if raw == "":
            continue
        try:
            value = _convert(f, raw)
        except ValueError as exc:
            errors[f["name"]] = f"{f['label']}：{exc}"
            continue
        head, _dot, tail = f["path"].partition(".")
        if tail:
            facts.setdefault(head, {})[tail] = value
        else:
            facts[head] = value
    return facts, errors


def _convert(f: dict, raw: str):
    t = f["type"]
    if t == "bool":
        if raw not in ("yes", "no"):
            raise ValueError(_("请选择“是”或“否”"))
        return raw == "yes"
    if t == "enum":
        if raw not in [v for v, _label in f["choices"]]:
            raise ValueError(_("请从列表中选择"))
        return raw
    if t == "date":
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            raise ValueError(_("请输入有效日期，格式如 2024-07-01")) from None
    if t in ("int", "number", "score"):
        try:
            value = int(raw) if t == "int" else float(raw)
        except ValueError:
            raise ValueError(_("请输入数字")) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(_("请输入数字"))
        if f.get("min") is not None and value < f["min"]:
            raise ValueError(_("不能小于 %(n)s") % {"n": f["min"]})
        if f.get("max") is not None and value > f["max"]:
            raise ValueError(_("不能大于 %(n)s") % {"n": f["max"]})
        return value
    if len(raw) > 120:
        raise ValueError(_("不能超过 120 字"))
    return raw
