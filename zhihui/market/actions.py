"""The only write path of the human-resources market: one function per state change, each in
one transaction with its audit row (and, for postings and applications, its transition-log row).

Errors are `MarketError(field, message)`: pages and the API show the message beside the field.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhihui.core import audit
from zhihui.core.errors import NON_FIELD, FieldError
from zhihui.core.perms import require
from zhihui.core.workflow import TransitionNotAllowed, history_of

from . import perms, search
from .coding import code_title, occupation_name
from .enums import MAX_SALARY, MAX_VALIDITY_DAYS, ApplicationStatus, Education, PostingStatus
from .models import Application, ApplicationTransition, JobSeeker, Posting, PostingTransition
from .workflows import APPLICATION, POSTING

OCCUPATION_CODE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")
PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class MarketError(FieldError):
    """A refused market input or action: `field` names it, `message` says why (str() is the
    message alone)."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field or NON_FIELD)


def today() -> dt.date:
    from zhihui.talent.verify import today_in_city

    return today_in_city()


# -- input -----------------------------------------------------------------------------------
def _text(data, field, label, *, required=True, max_length=None) -> str:
    value = data.get(field)
    value = "" if value is None else str(value).strip()
    if _CONTROL.search(value):
        raise MarketError(field, _("%(label)s含有不可见的控制字符") % {"label": label})
    if required and not value:
        raise MarketError(field, _("请填写%(label)s") % {"label": label})
    if max_length and len(value) > max_length:
        raise MarketError(field, _("%(label)s不能超过 %(n)d 字") % {"label": label, "n": max_length})
    return value


def _money(data, field, label, *, required=True) -> Decimal | None:
    raw = data.get(field)
    if raw in (None, ""):
        if required:
            raise MarketError(field, _("请填写%(label)s") % {"label": label})
        return None
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise MarketError(field, _("%(label)s须为数字(元/月)") % {"label": label}) from None
    if not value.is_finite() or value < 0 or value > MAX_SALARY:
        raise MarketError(field, _("%(label)s须在 0 至 %(max)s 元之间") % {"label": label, "max": MAX_SALARY})
    return value.quantize(Decimal("0.01"))


def _int(data, field, label, *, default=0, lo=0, hi=100000) -> int:
    raw = data.get(field)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise MarketError(field, _("%(label)s须为整数") % {"label": label}) from None
    if value < lo or value > hi:
        raise MarketError(field, _("%(label)s须在 %(lo)d 至 %(hi)d 之间") % {"label": label, "lo": lo, "hi": hi})
    return value


def _date(data, field, label) -> dt.date:
    raw = data.get(field)
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise MarketError(field, _("%(label)s须为日期(YYYY-MM-DD)") % {"label": label}) from None


def _town(code: str) -> str:
    from zhihui.registry.models import Division

    name = Division.objects.filter(code=code).values_list("name", flat=True).first()
    if name is None:
        raise MarketError("town_code", _("工作地点不是济源市的街道或镇"))
    return name


def clean_posting(data) -> dict:
    out = {
        "title": _text(data, "title", _("岗位名称"), max_length=80),
        "text": _text(data, "text", _("岗位职责与任职要求"), max_length=5000),
        "skills": _text(data, "skills", _("技能要求"), required=False, max_length=200),
        "certificates": _text(data, "certificates", _("证书要求"), required=False, max_length=200),
        "working_hours": _text(data, "working_hours", _("工作时间"), required=False, max_length=80),
        "address": _text(data, "address", _("详细地址"), required=False, max_length=120),
        "industry_code": _text(data, "industry_code", _("行业代码"), required=False, max_length=8),
        "contact_name": _text(data, "contact_name", _("联系人"), max_length=40),
        "contact_phone": _text(data, "contact_phone", _("联系电话"), max_length=20),
        "town_code": _text(data, "town_code", _("工作地点"), max_length=12),
        "salary_min": _money(data, "salary_min", _("月薪下限")),
        "salary_max": _money(data, "salary_max", _("月薪上限")),
        "experience_years": _int(data, "experience_years", _("工作经验"), hi=50),
        "vacancies": _int(data, "vacancies", _("招聘人数"), default=1, lo=1, hi=10000),
        "valid_until": _date(data, "valid_until", _("有效期至")),
    }
    education = str(data.get("education") or Education.NONE)
    if education not in Education.values:
        raise MarketError("education", _("学历要求不在可选范围内"))
    out["education"] = education
    if not PHONE.match(out["contact_phone"]):
        raise MarketError("contact_phone", _("联系电话只能包含数字、空格和 +-()，7 至 20 位"))
    if out["salary_max"] < out["salary_min"]:
        raise MarketError("salary_max", _("月薪上限不能低于下限"))
    if out["valid_until"] < today():
        raise MarketError("valid_until", _("有效期不能早于今天"))
    if out["valid_until"] > today() + dt.timedelta(days=MAX_VALIDITY_DAYS):
        raise MarketError("valid_until", _("有效期最长 %(n)d 天") % {"n": MAX_VALIDITY_DAYS})
    code = _text(data, "occupation_code", _("职业代码"), required=False, max_length=12)
    if code and not OCCUPATION_CODE.match(code):
        raise MarketError("occupation_code", _("职业代码格式应为 N-NN-NN-NN，如 4-02-03-03"))
    out["occupation_code"] = code
    if out["industry_code"]:
        from zhihui.registry.models import Industry

        if not Industry.objects.filter(code=out["industry_code"], valid_to__isnull=True).exists():
            raise MarketError("industry_code", _("行业代码不在国民经济行业分类(GB/T 4754-2017)中"))
    out["town_name"] = _town(out["town_code"])
    return out


def _search_text(p: Posting) -> str:
    return search.document(p.title, p.occupation_name, p.skills, p.certificates, p.town_name, p.text,
                           p.organisation.name if p.organisation_id else "")


# -- postings ----------------------------------------------------------------------------------
@transaction.atomic
def save_posting(user, data, posting: Posting | None = None) -> Posting:
    """Create a draft, or change a draft or a returned posting (employer of the organisation)."""
    if posting is None:
        require(perms.can_create_posting(user), _("只有用人单位账户可以发布岗位"))
        posting = Posting(organisation_id=user.organisation_id, created_by=user)
        before = None
    else:
        require(perms.is_posting_owner(user, posting), _("只能修改本单位的岗位"))
        if posting.status not in (PostingStatus.DRAFT, PostingStatus.RETURNED):
            raise TransitionNotAllowed(_("只有草稿或退回修改的岗位可以修改"))
        before = audit.snapshot(posting)
    cleaned = clean_posting(data)
    for k, v in cleaned.items():
        setattr(posting, k, v)
    if not posting.occupation_code:
        code, name, _score = code_title(posting.title)
        posting.set_occupation(code, name)
    else:
        posting.set_occupation(posting.occupation_code, occupation_name(posting.occupation_code))
    posting.search_text = _search_text(posting)
    posting.updated_at = timezone.now()
    posting.save()
    audit.record(user, audit.Action.CREATE if before is None else audit.Action.UPDATE, posting,
                 summary=f"招聘岗位 {posting.pk} {posting.title}"[:255], before=before, after=audit.snapshot(posting))
    return posting


def _history(posting: Posting) -> dict[str, set[int]]:
    return history_of(posting.transitions)


def _step(user, posting: Posting, name: str, *, reason: str = "", flags=None) -> Posting:
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    is_owner = perms.is_posting_owner(user, posting)
    if user is None:  # the system (nightly expiry)
        t = POSTING.get(name)
        if posting.status not in t.sources:
            raise TransitionNotAllowed(_("状态不符"))
    else:
        if not (is_owner or perms.can_see_posting(user, posting)):
            from django.http import Http404

            raise Http404
        t = POSTING.check(name, posting.status, user, is_owner=is_owner, history=_history(posting), reason=reason)
    before = posting.status
    posting.status = t.target
    posting.updated_at = timezone.now()
    PostingTransition.objects.create(posting=posting, name=name, from_status=before, to_status=t.target,
                                     actor=user if user is not None else None, reason=reason.strip(),
                                     flags=flags if flags is not None else [])
    audit.record(user, audit.Action.TRANSITION, posting, summary=f"招聘岗位 {posting.pk} {POSTING.describe(name, before, t.target)}",
                 before={"status": before}, after={"status": t.target, "reason": reason.strip()})
    return posting


def screen_posting(posting: Posting) -> list[dict]:
    from .screen import default_screen

    return default_screen().screen({"id": str(posting.pk), "title": posting.title, "text": posting.text,
                                    "occupation_code": posting.occupation_code or None})


@transaction.atomic
def submit_posting(user, posting: Posting) -> Posting:
    """Submit for review: the screen runs now and its flags go with the posting to the clerk."""
    from .screen import default_screen

    flags = screen_posting(posting)
    posting = _step(user, posting, "submit", flags=flags)
    posting.flags = flags
    posting.screened_at = timezone.now()
    posting.rules_version = default_screen().version
    posting.return_reason = ""
    posting.save(update_fields=["status", "flags", "screened_at", "rules_version", "return_reason", "updated_at"])
    return posting


@transaction.atomic
def publish_posting(user, posting: Posting) -> Posting:
    posting = _step(user, posting, "publish")
    if posting.valid_until < today():
        raise TransitionNotAllowed(_("有效期已过，请退回单位修改有效期"), "valid_until")
    posting.published_at = timezone.now()
    posting.save(update_fields=["status", "published_at", "updated_at"])
    from .subscriptions import notify_for

    notify_for(posting)
    return posting


@transaction.atomic
def return_posting(user, posting: Posting, reason: str) -> Posting:
    posting = _step(user, posting, "return", reason=reason)
    posting.return_reason = reason.strip()
    posting.save(update_fields=["status", "return_reason", "updated_at"])
    return posting


@transaction.atomic
def refuse_posting(user, posting: Posting, reason: str) -> Posting:
    posting = _step(user, posting, "refuse", reason=reason)
    posting.return_reason = reason.strip()
    posting.save(update_fields=["status", "return_reason", "updated_at"])
    return posting


@transaction.atomic
def withdraw_posting(user, posting: Posting) -> Posting:
    posting = _step(user, posting, "withdraw")
    posting.save(update_fields=["status", "updated_at"])
    return posting


def expire_due_postings(actor=None, on: dt.date | None = None) -> int:
    """Published postings whose validity ended before `on` (default today) become expired."""
    on = on or today()
    n = 0
    for pk in Posting.objects.filter(status=PostingStatus.PUBLISHED, valid_until__lt=on).values_list("pk", flat=True):
        with transaction.atomic():
            posting = _step(None, Posting(pk=pk), "expire")
            posting.save(update_fields=["status", "updated_at"])
            n += 1
    return n


# -- job seekers and applications -----------------------------------------------------------------
def clean_seeker(data) -> dict:
    out = {
        "desired_title": _text(data, "desired_title", _("期望岗位"), required=False, max_length=80),
        "desired_occupations": _text(data, "desired_occupations", _("期望职业代码"), required=False, max_length=200),
        "skills": _text(data, "skills", _("技能"), required=False, max_length=200),
        "certificates": _text(data, "certificates", _("证书"), required=False, max_length=200),
        "town_code": _text(data, "town_code", _("期望工作地点"), required=False, max_length=12),
        "expected_salary": _money(data, "expected_salary", _("期望月薪"), required=False),
        "visible": str(data.get("visible", "")).lower() in ("1", "true", "on", "yes"),
    }
    codes = [c.strip() for c in re.split(r"[,，、\s]+", out["desired_occupations"]) if c.strip()]
    for c in codes:
        if not OCCUPATION_CODE.match(c):
            raise MarketError("desired_occupations", _("职业代码格式应为 N-NN-NN-NN：%(c)s") % {"c": c})
    if not codes and out["desired_title"]:
        code, _name, _score = code_title(out["desired_title"])
        if code:
            codes = [code]
    out["desired_occupations"] = ",".join(codes)
    education = str(data.get("education") or Education.NONE)
    if education not in Education.values:
        raise MarketError("education", _("学历不在可选范围内"))
    out["education"] = education
    if out["town_code"]:
        _town(out["town_code"])
    raw = data.get("available_from")
    out["available_from"] = _date(data, "available_from", _("可到岗日期")) if raw else None
    out["station"] = station_of(data)
    return out


def station_of(data):
    """The optional gig station a gig or a job seeker goes through (`station`: its id)."""
    from .models import GigStation

    raw = data.get("station")
    if raw in (None, ""):
        return None
    try:
        pk = int(str(raw).strip())
    except ValueError:
        raise MarketError("station", _("零工驿站须从列表中选择")) from None
    station = GigStation.objects.filter(pk=pk, active=True).first()
    if station is None:
        raise MarketError("station", _("零工驿站不存在或已停用"))
    return station


# -- gig stations (零工驿站) ----------------------------------------------------------------------
def _coordinate(data, field, label, low, high) -> Decimal:
    raw = data.get(field)
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise MarketError(field, _("%(label)s须为数字") % {"label": label}) from None
    if not value.is_finite() or not (low <= value <= high):
        raise MarketError(field, _("%(label)s须在 %(lo)s 至 %(hi)s 之间") % {"label": label, "lo": low, "hi": high})
    return value.quantize(Decimal("0.000001"))


def clean_station(data) -> dict:
    from .enums import StationService

    out = {
        "name": _text(data, "name", _("驿站名称"), max_length=80),
        "town_code": _text(data, "town_code", _("所在街道/镇"), max_length=12),
        "address": _text(data, "address", _("地址"), max_length=200),
        "hours": _text(data, "hours", _("开放时间"), max_length=100),
        "phone": _text(data, "phone", _("联系电话"), required=False, max_length=20),
        # Jiyuan lies about 112.0–113.0 E, 34.9–35.4 N; the range is generous, not a map check
        "lon": _coordinate(data, "lon", _("经度"), Decimal("73"), Decimal("136")),
        "lat": _coordinate(data, "lat", _("纬度"), Decimal("3"), Decimal("54")),
    }
    if out["phone"] and not PHONE.match(out["phone"]):
        raise MarketError("phone", _("联系电话格式不正确"))
    try:
        out["town_name"] = _town(out["town_code"])
    except MarketError:
        raise MarketError("town_code", _("所在街道/镇不是济源市的街道或镇")) from None
    raw = data.get("services")
    if hasattr(data, "getlist"):
        raw = data.getlist("services")
    if isinstance(raw, str):
        raw = [x for x in re.split(r"[,，、\s]+", raw) if x]
    services = []
    for s in raw or []:
        if s not in StationService.values:
            raise MarketError("services", _("服务项目不在可选范围内：%(s)s") % {"s": str(s)[:20]})
        if s not in services:
            services.append(s)
    if not services:
        raise MarketError("services", _("请至少选择一项服务项目"))
    out["services"] = services
    return out


@transaction.atomic
def add_station(actor, data):
    """Register a gig station. `actor` is a clerk (pages, API) or None / a label for the CLI."""
    from .models import GigStation

    if actor is not None and not isinstance(actor, str):
        require(perms.can_manage_stations(actor), _("只有经办人员可以登记零工驿站"))
    cleaned = clean_station(data)
    if GigStation.objects.filter(town_code=cleaned["town_code"], name=cleaned["name"]).exists():
        raise MarketError("name", _("该街道/镇已有同名驿站"))
    station = GigStation.objects.create(
        created_by=actor if actor is not None and not isinstance(actor, str) else None, **cleaned)
    audit.record(actor, audit.Action.CREATE, station, summary=f"零工驿站：{station.name}（{station.town_name}）",
                 after=audit.snapshot(station))
    return station


@transaction.atomic
def set_station_active(actor, station, *, active: bool):
    from .models import GigStation

    if actor is not None and not isinstance(actor, str):
        require(perms.can_manage_stations(actor), _("只有经办人员可以维护零工驿站"))
    station = GigStation.objects.select_for_update().get(pk=station.pk)
    before = audit.snapshot(station)
    station.active = bool(active)
    station.save(update_fields=["active"])
    audit.record(actor, audit.Action.UPDATE, station, before=before, after=audit.snapshot(station),
                 summary=f"零工驿站{'启用' if station.active else '停用'}：{station.name}")
    return station


@transaction.atomic
def save_seeker(user, person, data) -> JobSeeker:
    """A person's job-seeker profile, by the person (citizen) or by a clerk at the window."""
    from zhihui.core.roles import Role

    own = user.role == Role.CITIZEN and user.person_id == person.pk
    require(own or perms.can_keep_seekers(user), _("无权登记求职信息"))
    cleaned = clean_seeker(data)
    seeker = JobSeeker.objects.filter(person=person).first()
    before = audit.snapshot(seeker) if seeker else None
    if seeker is None:
        seeker = JobSeeker(person=person, created_by=user)
    for k, v in cleaned.items():
        setattr(seeker, k, v)
    seeker.updated_at = timezone.now()
    seeker.save()
    audit.record(user, audit.Action.CREATE if before is None else audit.Action.UPDATE, seeker,
                 summary=f"job seeker {seeker.pk}", before=before, after=audit.snapshot(seeker))
    return seeker


@transaction.atomic
def apply(user, posting: Posting, note: str = "") -> Application:
    require(perms.can_apply(user), _("请以求职者身份登录后申请"))
    if posting.status != PostingStatus.PUBLISHED:
        raise TransitionNotAllowed(_("该岗位未在发布中"))
    seeker = JobSeeker.objects.filter(person_id=user.person_id).first()
    if seeker is None:
        raise MarketError("seeker", _("请先填写求职登记"))
    note = _text({"note": note}, "note", _("附言"), required=False, max_length=200)
    if Application.objects.filter(seeker=seeker, posting=posting).exists():
        raise MarketError("posting", _("您已申请过该岗位"))
    app = Application.objects.create(seeker=seeker, posting=posting, note=note)
    ApplicationTransition.objects.create(application=app, name="apply", from_status=ApplicationStatus.SUBMITTED,
                                         to_status=ApplicationStatus.SUBMITTED, actor=user)
    audit.record(user, audit.Action.CREATE, app, summary=f"求职申请 {app.pk}：岗位 {posting.pk}")
    return app


@transaction.atomic
def application_step(user, application: Application, name: str, reason: str = "") -> Application:
    application = Application.objects.select_for_update().select_related("posting", "seeker").get(pk=application.pk)
    owner = perms.is_seeker_self(user, application.seeker)
    employer = perms.is_posting_owner(user, application.posting)
    if not (owner or employer):
        from django.http import Http404

        raise Http404
    t = APPLICATION.check(name, application.status, user, is_owner=owner, reason=reason)
    if t.roles == frozenset({"employer"}) and not employer:
        require(False, _("只能处理本单位岗位的申请"))
    before = application.status
    application.status = t.target
    application.updated_at = timezone.now()
    application.save(update_fields=["status", "updated_at"])
    ApplicationTransition.objects.create(application=application, name=name, from_status=before, to_status=t.target,
                                         actor=user, reason=reason.strip()[:200])
    audit.record(user, audit.Action.TRANSITION, application, summary=f"application {application.pk} {name}",
                 before={"status": before}, after={"status": t.target})
    return application
