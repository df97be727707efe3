"""Job fairs, recruitment campaigns (春风行动, 民营企业招聘月, campus fairs), live-stream sessions
(直播带岗) and cross-region labour cooperation events.

A clerk creates the event; employers take a booth and bring their published postings (a clerk may
add a booth for an employer at the window); job seekers register and get a check-in code; at the
door a clerk scans it; employers (or a clerk) record interviews, agreements and hires; the report
counts employers, posts, vacancies, registrations, visitors (checked in) and outcomes.

The check-in code is signed like the 王屋英才 card (zhihui/talent: Ed25519, the bureau's current key,
`base64url(JSON).base64url(signature)`), with `"t": "fair"` so a ticket never passes as a card and a
card never as a ticket. The payload carries no personal data: fair id, registration id and a random
nonce that the server compares, so a copied code of another registration cannot be forged and a
re-issued one (new nonce) makes the old one void. Every step writes an audit row.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhihui.core import audit
from zhihui.core.perms import has_role, require
from zhihui.core.roles import Role
from zhihui.core.workflow import TransitionNotAllowed

from . import perms
from .enums import FAIR_TICKET_TYPE, FairKind, FairStatus, OutcomeKind, PostingStatus


def can_manage(user) -> bool:
    return perms.can_review(user)


def _errors():
    from .actions import MarketError, _date, _int, _text

    return MarketError, _date, _int, _text


# -- events ---------------------------------------------------------------------------------------------
def clean_fair(data) -> dict:
    MarketError, _date, _int, _text = _errors()
    out = {
        "name": _text(data, "name", _("名称"), max_length=80),
        "venue": _text(data, "venue", _("地点"), required=False, max_length=120),
        "stream_url": _text(data, "stream_url", _("直播链接"), required=False, max_length=300),
        "partner_region": _text(data, "partner_region", _("协作地区"), required=False, max_length=80),
        "description": _text(data, "description", _("说明"), required=False, max_length=2000),
        "starts_on": _date(data, "starts_on", _("开始日期")),
        "ends_on": _date(data, "ends_on", _("结束日期")),
    }
    kind = str(data.get("kind") or "")
    if kind not in FairKind.values:
        raise MarketError("kind", _("类型不在可选范围内"))
    out["kind"] = kind
    if out["ends_on"] < out["starts_on"]:
        raise MarketError("ends_on", _("结束日期不能早于开始日期"))
    if (out["ends_on"] - out["starts_on"]).days > 92:
        raise MarketError("ends_on", _("一次活动最长 92 天(招聘月按月设立)"))
    if out["stream_url"] and not out["stream_url"].startswith("https://"):
        raise MarketError("stream_url", _("直播链接须以 https:// 开头"))
    if kind == FairKind.LIVESTREAM and not out["stream_url"]:
        raise MarketError("stream_url", _("直播带岗须填写直播链接"))
    if kind != FairKind.LIVESTREAM and not out["venue"]:
        raise MarketError("venue", _("请填写地点"))
    if kind == FairKind.CROSS_REGION and not out["partner_region"]:
        raise MarketError("partner_region", _("跨区域劳务协作须填写协作地区(如 山西省阳城县)"))
    return out


@transaction.atomic
def save_fair(user, data, fair=None):
    from .models import Fair

    require(can_manage(user), _("无权设立招聘活动"))
    cleaned = clean_fair(data)
    before = audit.snapshot(fair) if fair else None
    if fair is None:
        fair = Fair(created_by=user)
    for k, v in cleaned.items():
        setattr(fair, k, v)
    fair.save()
    audit.record(user, audit.Action.CREATE if before is None else audit.Action.UPDATE, fair,
                 summary=f"fair {fair.pk} {fair.name}"[:255], before=before, after=audit.snapshot(fair))
    return fair


@transaction.atomic
def close_fair(user, fair, status: str = FairStatus.CLOSED):
    require(can_manage(user), _("无权办理"))
    if status not in (FairStatus.CLOSED, FairStatus.CANCELLED) or fair.status != FairStatus.PLANNED:
        raise TransitionNotAllowed(_("状态不符"))
    before = fair.status
    fair.status = status
    fair.save(update_fields=["status"])
    audit.record(user, audit.Action.TRANSITION, fair, summary=f"fair {fair.pk} {before} → {status}",
                 before={"status": before}, after={"status": status})
    return fair


def _open(fair) -> None:
    if fair.status != FairStatus.PLANNED:
        raise TransitionNotAllowed(_("活动已结束或已取消"))


# -- booths ----------------------------------------------------------------------------------------------
@transaction.atomic
def take_booth(user, fair, organisation=None, posting_ids=(), booth_no: str = ""):
    """An employer joins with its published postings (or a clerk adds an employer)."""
    from .models import FairBooth, Posting

    MarketError, _date, _int, _text = _errors()
    _open(fair)
    if organisation is None:
        require(perms.can_create_posting(user), _("只有用人单位账户可以参会"))
        organisation_id = user.organisation_id
    else:
        require(can_manage(user), _("只有工作人员可以为单位安排展位"))
        organisation_id = organisation.pk
    booth_no = _text({"booth_no": booth_no}, "booth_no", _("展位号"), required=False, max_length=12)
    ids = []
    for raw in posting_ids:
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            raise MarketError("postings", _("岗位编号须为整数")) from None
    postings = list(Posting.objects.filter(pk__in=ids, organisation_id=organisation_id, status=PostingStatus.PUBLISHED))
    if len(postings) != len(set(ids)):
        raise MarketError("postings", _("只能带本单位已发布的岗位参会"))
    booth, created = FairBooth.objects.get_or_create(fair=fair, organisation_id=organisation_id)
    if booth_no or created:
        booth.booth_no = booth_no or booth.booth_no
        booth.save(update_fields=["booth_no"])
    if postings:
        booth.postings.add(*postings)
    audit.record(user, audit.Action.CREATE if created else audit.Action.UPDATE, booth,
                 summary=f"fair {fair.pk} booth of organisation {organisation_id}: {len(postings)} postings")
    return booth


def is_booth_owner(user, booth) -> bool:
    return (has_role(user, Role.EMPLOYER) and user.organisation_id is not None
            and user.organisation_id == booth.organisation_id)


# -- registration and check-in ----------------------------------------------------------------------------
@transaction.atomic
def register(user, fair, person=None):
    """A job seeker registers (or a clerk registers someone at the window)."""
    from .models import FairRegistration

    _open(fair)
    if person is None:
        require(perms.can_apply(user), _("请以求职者身份登录后报名"))
        person_id = user.person_id
    else:
        require(can_manage(user), _("无权代为报名"))
        person_id = person.pk
    from .actions import today

    if fair.ends_on < today():
        raise TransitionNotAllowed(_("活动已结束"))
    reg, created = FairRegistration.objects.get_or_create(
        fair=fair, person_id=person_id, defaults={"nonce": secrets.token_urlsafe(9)})
    if created:
        audit.record(user, audit.Action.CREATE, reg, summary=f"fair {fair.pk} registration {reg.pk}")
    return reg


def ticket(registration) -> str:
    """The check-in code's text (what the QR carries)."""
    from zhihui.talent import signing, verify

    kid, key = signing.current_key()
    return verify.sign(key, {"t": FAIR_TICKET_TYPE, "f": registration.fair_id, "r": registration.pk,
                             "n": registration.nonce, "k": kid})


def read_ticket(token: str) -> tuple[str, dict]:
    """(reason, payload): reason is "ok" or the talent verifier's code, or "not_a_ticket"."""
    from zhihui.talent import signing, verify

    reason, payload = verify._open(token, signing.public_keys())
    if reason == verify.OK and (payload.get("t") != FAIR_TICKET_TYPE or not isinstance(payload.get("r"), int)):
        return "not_a_ticket", payload
    return reason, payload


TICKET_REASON = {
    "malformed": gettext_lazy("不是有效的签到码(格式错误)"),
    "bad_signature": gettext_lazy("签名无效：签到码被篡改或并非本局签发"),
    "unknown_key": gettext_lazy("未知的签名密钥"),
    "not_a_ticket": gettext_lazy("这不是招聘会签到码"),
}


@transaction.atomic
def check_in(user, fair, token: str):
    """Scan at the door: returns (registration, first_time). Errors name why."""
    from .models import FairRegistration

    MarketError, *_rest = _errors()
    require(can_manage(user), _("只有工作人员可以签到"))
    _open(fair)
    reason, payload = read_ticket(str(token or "")[:2000])
    if reason != "ok":
        raise MarketError("token", str(TICKET_REASON.get(reason, TICKET_REASON["malformed"])))
    if payload.get("f") != fair.pk:
        raise MarketError("token", _("签到码属于另一场活动"))
    reg = FairRegistration.objects.select_for_update().filter(pk=payload["r"], fair=fair).first()
    if reg is None or not secrets.compare_digest(reg.nonce, str(payload.get("n", ""))):
        raise MarketError("token", _("签到码已作废或报名不存在"))
    from .actions import today

    if not (fair.starts_on <= today() <= fair.ends_on):
        raise MarketError("token", _("不在活动日期内"))
    first = reg.checked_in_at is None
    if first:
        reg.checked_in_at = timezone.now()
        reg.checked_in_by = user
        reg.save(update_fields=["checked_in_at", "checked_in_by"])
        audit.record(user, audit.Action.TRANSITION, reg, summary=f"fair {fair.pk} check-in of registration {reg.pk}")
    return reg, first


# -- outcomes ----------------------------------------------------------------------------------------------
@transaction.atomic
def record_outcome(user, booth, kind: str, count=1, registration_id=None, note: str = ""):
    from .models import FairOutcome, FairRegistration

    MarketError, _date, _int, _text = _errors()
    if not (is_booth_owner(user, booth) or can_manage(user)):
        raise Http404
    if kind not in OutcomeKind.values:
        raise MarketError("kind", _("结果类型不在可选范围内"))
    n = _int({"count": count}, "count", _("人数"), default=1, lo=1, hi=10000)
    note = _text({"note": note}, "note", _("备注"), required=False, max_length=200)
    reg = None
    if registration_id not in (None, ""):
        try:
            reg = FairRegistration.objects.filter(pk=int(registration_id), fair_id=booth.fair_id).first()
        except (TypeError, ValueError):
            reg = None
        if reg is None:
            raise MarketError("registration", _("该求职者未报名本场活动"))
        n = 1
    o = FairOutcome.objects.create(fair_id=booth.fair_id, booth=booth, registration=reg, kind=kind, count=n,
                                   note=note, recorded_by=user)
    audit.record(user, audit.Action.CREATE, o, summary=f"fair {booth.fair_id} booth {booth.pk} {kind} ×{n}")
    return o


# -- report ------------------------------------------------------------------------------------------------
def report(fair) -> dict:
    """The event's figures: employers, posts and vacancies brought, registrations, visitors
    (checked in), interviews, agreements and hires, per booth and in total."""
    from .models import FairBooth, FairOutcome

    booths = (FairBooth.objects.filter(fair=fair).select_related("organisation")
              .annotate(n_posts=Count("postings", distinct=True), vacancies=Sum("postings__vacancies")))
    by_booth = {}
    for row in FairOutcome.objects.filter(fair=fair).values("booth_id", "kind").annotate(n=Sum("count")):
        by_booth.setdefault(row["booth_id"], {})[row["kind"]] = row["n"]
    rows = []
    totals = {"employers": 0, "posts": 0, "vacancies": 0, **{k: 0 for k in OutcomeKind.values}}
    for b in booths:
        out = by_booth.get(b.pk, {})
        rows.append({"booth": b, "posts": b.n_posts, "vacancies": b.vacancies or 0,
                     **{k: out.get(k, 0) for k in OutcomeKind.values}})
        totals["employers"] += 1
        totals["posts"] += b.n_posts
        totals["vacancies"] += b.vacancies or 0
        for k in OutcomeKind.values:
            totals[k] += out.get(k, 0)
    regs = fair.registrations.aggregate(n=Count("id"), visitors=Count("id", filter=Q(checked_in_at__isnull=False)))
    totals["registered"], totals["visitors"] = regs["n"], regs["visitors"]
    return {"rows": rows, "totals": totals}


def visible_fairs(on: dt.date | None = None):
    from .models import Fair

    return Fair.objects.exclude(status=FairStatus.CANCELLED)


# -- the report as a file (Excel, PDF) -------------------------------------------------------------
def _report_heads() -> list[tuple[str, str]]:
    """(key of report totals, label) in the order of the page's summary table."""
    return [("employers", _("参会单位")), ("posts", _("岗位")), ("vacancies", _("招聘人数")),
            ("registered", _("报名人数")), ("visitors", _("入场人数(已签到)")),
            *[(v, str(label)) for v, label in OutcomeKind.choices]]


def report_workbook(fair, rep: dict) -> bytes:
    """The report as an Excel workbook: a summary sheet and one row per booth. Written through
    zhihui.core.spreadsheets.save_workbook, so an employer named "=HYPERLINK(…)" stays text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from zhihui.core.spreadsheets import save_workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("活动报告")[:31]
    ws.append([_("活动报告"), fair.name])
    ws.append([_("类型"), str(fair.get_kind_display())])
    ws.append([_("日期"), f"{fair.starts_on.isoformat()} – {fair.ends_on.isoformat()}"])
    ws.append([_("地点"), fair.venue or fair.stream_url or ""])
    if fair.partner_region:
        ws.append([_("协作地区"), fair.partner_region])
    ws.append([_("状态"), str(fair.get_status_display())])
    ws.append([])
    for key, label in _report_heads():
        ws.append([label, rep["totals"][key]])
    ws["A1"].font = Font(bold=True)
    booths = wb.create_sheet(_("展位明细")[:31])
    booths.append([_("展位号"), _("单位"), _("岗位"), _("招聘人数"), *[str(label) for _v, label in OutcomeKind.choices]])
    for cell in booths[1]:
        cell.font = Font(bold=True)
    for r in rep["rows"]:
        booths.append([r["booth"].booth_no, r["booth"].organisation.name, r["posts"], r["vacancies"],
                       *[r[v] for v in OutcomeKind.values]])
    return save_workbook(wb)


def report_pdf(fair, rep: dict, generated_at) -> bytes:
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("market/fair_report_pdf.html", {
        "fair": fair, "report": rep, "heads": [(label, rep["totals"][k]) for k, label in _report_heads()],
        "outcomes": OutcomeKind.choices, "generated_at": generated_at})
    return HTML(string=html).write_pdf()
