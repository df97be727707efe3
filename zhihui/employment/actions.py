"""The write path of employment services. Every function runs in one transaction and writes its
audit row; views, API and CLI call only these.

就业实名制 status events are never edited: `correct_event` records a new event that replaces a
mistaken one (`corrects`), and readers skip corrected events. Imports are all-or-nothing: a
file is validated whole into a preview (`preview_import`), which a clerk commits or discards.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zhihui.core import audit
from zhihui.core.perms import require
from zhihui.registry.ids import InvalidIdentifier
from zhihui.registry.models import Industry, Occupation, Organisation, Person

from . import perms
from .enums import (
    EMPLOYED_KINDS,
    SELF_DECLARABLE,
    Channel,
    ContractType,
    DifficultyCategory,
    ImportKind,
    ImportState,
    StatusKind,
    UnemploymentReason,
)
from .models import DifficultyRecognition, ImportBatch, StatusEvent


class EmploymentInputError(InvalidIdentifier):
    """Bad input for an employment write; `field` names the input (the API answers 422)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}", field)
        self.message = message


EVENT_FIELDS = ["person", "kind", "effective_on", "employer", "employer_name", "occupation", "industry",
                "contract_type", "contract_end", "unemployment_reason", "urban", "rural_transfer", "note",
                "corrects", "channel", "batch"]


def today() -> dt.date:
    return timezone.localdate()


# --- field checks ----------------------------------------------------------------------------

def _text(value, field: str, max_length: int) -> str:
    text = "" if value is None else str(value).strip()
    if any(not ch.isprintable() for ch in text):
        raise EmploymentInputError(field, "含有不可打印的控制字符")
    if len(text) > max_length:
        raise EmploymentInputError(field, f"不能超过{max_length}个字符")
    return text


def _date(value, field: str, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise EmploymentInputError(field, "不能为空")
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise EmploymentInputError(field, f"日期“{value}”无效（格式YYYY-MM-DD）") from None
    if not isinstance(value, dt.date):
        raise EmploymentInputError(field, "不是日期")
    return value


def _choice(value, choices, field: str, *, required: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if not value:
        if required:
            raise EmploymentInputError(field, "不能为空")
        return ""
    if value in choices.values:
        return value
    by_label = {str(label): v for v, label in choices.choices}
    if value in by_label:
        return by_label[value]
    raise EmploymentInputError(field, f"取值“{value}”无效，可选：{'、'.join(str(x) for x in choices.labels)}")


def _bool(value, field: str, default: bool) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("是", "1", "true", "yes", "y"):
        return True
    if text in ("否", "0", "false", "no", "n"):
        return False
    raise EmploymentInputError(field, f"“{value}”应为“是”或“否”")


def _catalogue(model, value, field: str, on: dt.date, *, level: int | None = None):
    from zhihui.registry.selectors import current_entry

    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    code = str(value).strip()
    entry = current_entry(model, code, on)
    if entry is None or (level is not None and entry.level != level):
        raise EmploymentInputError(field, f"代码“{code}”不在{model._meta.verbose_name}目录中")
    return entry


def _employer(value, field: str):
    if value in (None, ""):
        return None
    if isinstance(value, Organisation):
        return value
    code = str(value).strip().upper()
    org = Organisation.objects.filter(uscc=code).first()
    if org is None:
        raise EmploymentInputError(field, f"统一社会信用代码“{code}”的单位不在单位库中")
    return org


def clean_event(person: Person, data: dict, *, on: dt.date | None = None, names: dict | None = None) -> dict:
    """Validated fields of a status event (raises EmploymentInputError naming the field; `names`
    maps a field to the name to report, e.g. an import's column)."""
    names = names or {}

    def n(f):
        return names.get(f, f)

    kind = _choice(data.get("kind"), StatusKind, n("kind"), required=True)
    effective_on = _date(data.get("effective_on"), n("effective_on"), required=True)
    if effective_on > (on or today()):
        raise EmploymentInputError(n("effective_on"), f"生效日期{effective_on.isoformat()}晚于今天")
    if effective_on < person.birth_date:
        raise EmploymentInputError(n("effective_on"), "生效日期早于出生日期")
    out = {"kind": kind, "effective_on": effective_on,
           "employer": _employer(data.get("employer"), n("employer")),
           "employer_name": _text(data.get("employer_name"), n("employer_name"), 200),
           "occupation": _catalogue(Occupation, data.get("occupation"), n("occupation"), effective_on, level=4),
           "industry": _catalogue(Industry, data.get("industry"), n("industry"), effective_on, level=4),
           "contract_type": _choice(data.get("contract_type"), ContractType, n("contract_type")),
           "contract_end": _date(data.get("contract_end"), n("contract_end")),
           "unemployment_reason": _choice(data.get("unemployment_reason"), UnemploymentReason,
                                          n("unemployment_reason")),
           "urban": _bool(data.get("urban"), n("urban"), True),
           "rural_transfer": _bool(data.get("rural_transfer"), n("rural_transfer"), False),
           "note": _text(data.get("note"), n("note"), 200)}
    if kind == StatusKind.EMPLOYED:
        if out["employer"] is None and not out["employer_name"]:
            raise EmploymentInputError(n("employer"), "单位就业须填写用人单位（统一社会信用代码或名称）")
        if out["employer"] is not None and not out["employer_name"]:
            out["employer_name"] = out["employer"].name
        if not out["contract_type"]:
            raise EmploymentInputError(n("contract_type"), "单位就业须填写劳动合同类型")
        if out["industry"] is None and out["employer"] is not None and out["employer"].industry_id:
            out["industry"] = out["employer"].industry
    else:
        for f in ("employer", "contract_type", "contract_end"):
            if out[f]:
                raise EmploymentInputError(n(f), "只有单位就业填写此项")
    if out["contract_type"] == ContractType.FIXED and out["contract_end"] is None:
        raise EmploymentInputError(n("contract_end"), "固定期限劳动合同须填写到期日")
    if out["contract_end"] is not None and out["contract_end"] <= effective_on:
        raise EmploymentInputError(n("contract_end"), "合同到期日应晚于生效日期")
    if kind == StatusKind.REGISTERED_UNEMPLOYED and not out["unemployment_reason"]:
        raise EmploymentInputError(n("unemployment_reason"), "失业登记须填写失业原因")
    if kind != StatusKind.REGISTERED_UNEMPLOYED and out["unemployment_reason"]:
        raise EmploymentInputError(n("unemployment_reason"), "只有失业登记填写失业原因")
    if out["rural_transfer"] and kind not in EMPLOYED_KINDS:
        raise EmploymentInputError(n("rural_transfer"), "只有就业状态可以标记农村劳动力转移就业")
    return out


# --- status events ---------------------------------------------------------------------------

@transaction.atomic
def record_event(actor, person: Person, *, channel: str = Channel.WINDOW, corrects: StatusEvent | None = None,
                 **data) -> StatusEvent:
    """Record that from `effective_on` the person's status is `kind` (audited CREATE)."""
    if channel == Channel.SELF:
        require(perms.can_self_declare(actor, person), "只能申报本人的就业状态")
        kind = data.get("kind")
        if kind not in SELF_DECLARABLE:
            raise EmploymentInputError("kind", "失业登记、迁出和退休须到窗口或服务站办理")
    else:
        require(perms.can_record(actor), "无权录入就业状态")
    if channel not in Channel.values:
        raise EmploymentInputError("channel", f"取值“{channel}”无效")
    fields = clean_event(person, data)
    if corrects is not None:
        if corrects.person_id != person.pk:
            raise EmploymentInputError("corrects", "更正的记录不属于此人")
        if StatusEvent.objects.filter(corrects=corrects).exists():
            raise EmploymentInputError("corrects", "此记录已被更正过")
    event = StatusEvent.objects.create(person=person, channel=channel, corrects=corrects,
                                       recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
                                       **fields)
    summary = f"就业状态 {event.get_kind_display()} 自 {event.effective_on.isoformat()} ({person.id_number_masked})"
    if corrects is not None:
        summary = f"更正记录#{corrects.pk}: " + summary
    audit.record(actor, audit.Action.CREATE, event, summary=summary,
                 after=audit.snapshot(event, EVENT_FIELDS))
    return event


def correct_event(actor, event: StatusEvent, **data) -> StatusEvent:
    """Replace a mistaken event by a new one (the old one stays, marked corrected)."""
    return record_event(actor, event.person, channel=data.pop("channel", Channel.WINDOW), corrects=event, **data)


def record_file_view(actor, person: Person, *, channel: str = "web") -> None:
    """Audit that `actor` read `person`'s employment file (every read, web or API)."""
    audit.record(actor, audit.Action.VIEW, person, summary=f"查看就业档案 {person.id_number_masked}（{audit.words(channel)}）")


# --- 就业困难人员 ------------------------------------------------------------------------------

@transaction.atomic
def recognise_difficulty(actor, person: Person, *, category: str, recognised_on) -> DifficultyRecognition:
    require(perms.can_recognise_difficulty(actor), "无权认定就业困难人员")
    category = _choice(category, DifficultyCategory, "category", required=True)
    day = _date(recognised_on, "recognised_on", required=True)
    if day > today():
        raise EmploymentInputError("recognised_on", "认定日期晚于今天")
    rec = DifficultyRecognition.objects.create(person=person, category=category, recognised_on=day,
                                               review_due=_review_due(day), recorded_by=actor)
    audit.record(actor, audit.Action.CREATE, rec,
                 summary=f"认定就业困难人员 {rec.get_category_display()} ({person.id_number_masked})")
    return rec


@transaction.atomic
def end_difficulty(actor, rec: DifficultyRecognition, *, ended_on) -> DifficultyRecognition:
    require(perms.can_recognise_difficulty(actor), "无权认定就业困难人员")
    day = _date(ended_on, "ended_on", required=True)
    if rec.ended_on is not None:
        raise EmploymentInputError("ended_on", "此认定已退出")
    if day <= rec.recognised_on:
        raise EmploymentInputError("ended_on", "退出日期应晚于认定日期")
    before = audit.snapshot(rec)
    rec.ended_on = day
    rec.save(update_fields=["ended_on"])
    audit.record(actor, audit.Action.UPDATE, rec, summary="就业困难人员退出认定", before=before,
                 after=audit.snapshot(rec))
    return rec


def _review_due(day: dt.date) -> dt.date:
    from zhihui.core.params import value

    from .retirement import add_months

    return add_months(day, value("employment", "difficulty.review_months", day))


def _difficulty_log(app, name: str, from_state: str, actor, note: str = "") -> None:
    from .models import DifficultyTransition

    DifficultyTransition.objects.create(application=app, name=name, from_state=from_state, to_state=app.state,
                                        actor=actor, note=note[:300])


@transaction.atomic
def apply_difficulty(actor, person: Person, *, category: str, statement: str, applied_on=None):
    """An application (申请认定): by the person online (channel self) or a clerk at the window."""
    from .models import DifficultyApplication
    from .workflows import DIFFICULTY_WORKFLOW

    own = perms.is_self(actor, person)
    DIFFICULTY_WORKFLOW.check("apply", None, actor, is_owner=own)
    if not own and not perms.can_view_person(actor, person):
        raise Person.DoesNotExist
    category = _choice(category, DifficultyCategory, "category", required=True)
    statement = _text(statement, "statement", 300)
    if not statement:
        raise EmploymentInputError("statement", "请填写本人情况（符合认定类别的理由）")
    day = _date(applied_on, "applied_on") or today()
    if day > today():
        raise EmploymentInputError("applied_on", "申请日期晚于今天")
    if DifficultyApplication.objects.filter(person=person, category=category,
                                            state__in=["submitted", "verified"]).exists():
        raise EmploymentInputError("category", "此类别已有待办的申请")
    app = DifficultyApplication.objects.create(person=person, category=category, applied_on=day, statement=statement,
                                               channel=Channel.SELF if own else Channel.WINDOW, created_by=actor)
    _difficulty_log(app, "apply", "", actor, statement)
    audit.record(actor, audit.Action.CREATE, app,
                 summary=f"申请就业困难人员认定 {app.get_category_display()} ({person.id_number_masked})")
    return app


def _difficulty_step(actor, app, name: str, reason: str = ""):
    from zhihui.core.workflow import history_of

    from .models import DifficultyApplication
    from .workflows import DIFFICULTY_WORKFLOW

    app = DifficultyApplication.objects.select_for_update().select_related("person").get(pk=app.pk)
    if not perms.can_view_person(actor, app.person):
        raise DifficultyApplication.DoesNotExist
    DIFFICULTY_WORKFLOW.check(name, app.state, actor, history=history_of(app.transitions), reason=reason)
    return app


@transaction.atomic
def verify_difficulty(actor, app, *, evidence: str):
    """A clerk checks the evidence (证明材料) of what the person declared; the platform's own
    facts for the category are checked and written beside it."""
    from . import difficulty

    app = _difficulty_step(actor, app, "verify")
    evidence = _text(evidence, "evidence", 300)
    if not evidence:
        raise EmploymentInputError("evidence", "请填写核实的证明材料（名称、编号、出具单位）")
    met, why = difficulty.check(app.category, app.person, app.applied_on)
    before = app.state
    app.state, app.evidence, app.criteria = "verified", evidence, why[:300]
    app.save(update_fields=["state", "evidence", "criteria"])
    _difficulty_log(app, "verify", before, actor, evidence)
    audit.record(actor, audit.Action.TRANSITION, app, summary=f"核实就业困难人员认定材料：{evidence}"[:255],
                 after={"criteria_met": met, "criteria": why})
    return app


@transaction.atomic
def decide_difficulty(actor, app, *, recognise: bool, note: str = ""):
    """The decision: recognise (the category's criteria must not be unmet on the application
    day; the recognition starts today and is reviewed after a dated number of months) or reject
    with a reason. Whoever verified may not decide."""
    from . import difficulty

    app = _difficulty_step(actor, app, "recognise" if recognise else "reject", reason=note)
    note = _text(note, "note", 300)
    before = app.state
    if recognise:
        met, why = difficulty.check(app.category, app.person, app.applied_on)
        if met is False:
            raise EmploymentInputError("category", f"不符合“{app.get_category_display()}”的认定条件：{why}")
        if DifficultyRecognition.objects.filter(person=app.person, category=app.category, ended_on__isnull=True).exists():
            raise EmploymentInputError("category", "此人已是该类别的就业困难人员")
        day = today()
        DifficultyRecognition.objects.create(person=app.person, category=app.category, recognised_on=day,
                                             application=app, review_due=_review_due(day), recorded_by=actor)
        app.state = "recognised"
    else:
        app.state = "rejected"
    app.decided_on, app.decision_note = today(), note
    app.save(update_fields=["state", "decided_on", "decision_note"])
    _difficulty_log(app, "recognise" if recognise else "reject", before, actor, note)
    audit.record(actor, audit.Action.TRANSITION, app,
                 summary=f"{'认定' if recognise else '不予认定'}就业困难人员 {app.get_category_display()} "
                         f"({app.person.id_number_masked})")
    return app


@transaction.atomic
def review_recognition(actor, rec: DifficultyRecognition, *, keep: bool, note: str, reviewed_on=None):
    """The periodic review (复核): kept → the next review date; ended → `ended_on` (the person
    leaves the list, the indicator and the review queue)."""
    from .models import DifficultyReview

    require(perms.can_recognise_difficulty(actor), "无权复核就业困难人员认定")
    rec = DifficultyRecognition.objects.select_for_update().select_related("person").get(pk=rec.pk)
    if not perms.can_view_person(actor, rec.person):
        raise DifficultyRecognition.DoesNotExist
    if rec.ended_on is not None:
        raise EmploymentInputError("recognition", "此认定已退出")
    note = _text(note, "note", 300)
    if not note:
        raise EmploymentInputError("note", "请填写复核意见")
    day = _date(reviewed_on, "reviewed_on") or today()
    if day > today() or day <= rec.recognised_on:
        raise EmploymentInputError("reviewed_on", "复核日期应晚于认定日期且不晚于今天")
    before = audit.snapshot(rec)
    DifficultyReview.objects.create(recognition=rec, reviewed_on=day, outcome="keep" if keep else "end", note=note,
                                    reviewer=actor)
    if keep:
        rec.review_due = _review_due(day)
    else:
        rec.ended_on = day
    rec.save(update_fields=["review_due", "ended_on"])
    audit.record(actor, audit.Action.UPDATE, rec, before=before, after=audit.snapshot(rec),
                 summary=f"复核就业困难人员认定：{'继续认定' if keep else '退出认定'} ({rec.person.id_number_masked})")
    return rec


# --- key groups (重点群体台账) --------------------------------------------------------------------

@transaction.atomic
def add_key_group(actor, person: Person, *, group: str, since, evidence: str, detail: str = ""):
    """Enter a person in a key group's ledger, as declared (by the person online, or by a clerk
    taking the person's word); the evidence is named and checked later (`verify_key_group`)."""
    from .enums import KeyGroup
    from .models import KeyGroupEntry

    own = perms.is_self(actor, person)
    if not own:
        require(perms.can_record(actor), "无权登记重点群体")
        if not perms.can_view_person(actor, person):
            raise Person.DoesNotExist
    group = _choice(group, KeyGroup, "group", required=True)
    day = _date(since, "since", required=True)
    if day > today():
        raise EmploymentInputError("since", "起始日期晚于今天")
    if day < person.birth_date:
        raise EmploymentInputError("since", "起始日期早于出生日期")
    evidence = _text(evidence, "evidence", 200)
    if not evidence:
        raise EmploymentInputError("evidence", "请写明证明材料（如毕业证、退役证、残疾人证及编号）")
    if KeyGroupEntry.objects.filter(person=person, group=group, until__isnull=True).exists():
        raise EmploymentInputError("group", "此人已在该重点群体台账中")
    entry = KeyGroupEntry.objects.create(person=person, group=group, since=day, evidence=evidence,
                                         detail=_text(detail, "detail", 200),
                                         channel=Channel.SELF if own else Channel.WINDOW, recorded_by=actor)
    audit.record(actor, audit.Action.CREATE, entry,
                 summary=f"重点群体台账：{entry.get_group_display()} ({person.id_number_masked})",
                 after=audit.snapshot(entry))
    return entry


@transaction.atomic
def verify_key_group(actor, entry, *, verification: str):
    """A clerk, not the one who recorded it, checks the evidence (declared → verified)."""
    from .models import KeyGroupEntry

    require(perms.can_record(actor), "无权核实重点群体")
    entry = KeyGroupEntry.objects.select_for_update().select_related("person").get(pk=entry.pk)
    if not perms.can_view_person(actor, entry.person):
        raise KeyGroupEntry.DoesNotExist
    if entry.evidence_state == "verified":
        raise EmploymentInputError("verification", "已核实")
    if entry.recorded_by_id == actor.pk:
        raise EmploymentInputError("verification", "职责分离：登记人不能核实本人登记的记录")
    verification = _text(verification, "verification", 200)
    if not verification:
        raise EmploymentInputError("verification", "请填写核实情况（核验的材料或比对的部门数据）")
    entry.evidence_state, entry.verified_by, entry.verified_on, entry.verification = \
        "verified", actor, today(), verification
    entry.save(update_fields=["evidence_state", "verified_by", "verified_on", "verification"])
    audit.record(actor, audit.Action.UPDATE, entry, summary=f"核实重点群体：{entry.get_group_display()} "
                                                           f"({entry.person.id_number_masked})")
    return entry


@transaction.atomic
def end_key_group(actor, entry, *, until):
    from .models import KeyGroupEntry

    require(perms.can_record(actor), "无权登记重点群体")
    entry = KeyGroupEntry.objects.select_for_update().select_related("person").get(pk=entry.pk)
    if not perms.can_view_person(actor, entry.person):
        raise KeyGroupEntry.DoesNotExist
    day = _date(until, "until", required=True)
    if entry.until is not None:
        raise EmploymentInputError("until", "已终止")
    if day <= entry.since or day > today():
        raise EmploymentInputError("until", "终止日期应晚于起始日期且不晚于今天")
    before = audit.snapshot(entry)
    entry.until = day
    entry.save(update_fields=["until"])
    audit.record(actor, audit.Action.UPDATE, entry, before=before, after=audit.snapshot(entry),
                 summary=f"重点群体终止：{entry.get_group_display()} ({entry.person.id_number_masked})")
    return entry


# --- service points (15分钟就业服务圈) -------------------------------------------------------------

def _coordinate(v, field: str, low: float, high: float):
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(str(v).strip()).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise EmploymentInputError(field, f"“{v}”不是数字") from None
    if not d.is_finite() or not (low <= d <= high):
        raise EmploymentInputError(field, f"应在{low}到{high}之间")
    return d


@transaction.atomic
def add_service_point(actor, *, name, level, division, address, hours, staff, lon, lat, phone=""):
    from .enums import PointLevel
    from .models import ServicePoint

    require(perms.can_manage_service_points(actor), "无权维护就业服务站点")
    level = _choice(level, PointLevel, "level", required=True)
    if division is None:
        raise EmploymentInputError("division", "不能为空")
    want = ("town", "street") if level == PointLevel.TOWN else ("village",)
    if division.level not in want:
        raise EmploymentInputError("division", "镇（街道）服务站须选镇或街道，村（社区）服务点须选村或社区")
    fields = {"name": _text(name, "name", 100), "address": _text(address, "address", 200),
              "hours": _text(hours, "hours", 100), "phone": _text(phone, "phone", 20)}
    for f in ("name", "address", "hours"):
        if not fields[f]:
            raise EmploymentInputError(f, "不能为空")
    point = ServicePoint.objects.create(level=level, division=division, staff=_count(staff, "staff"),
                                        lon=_coordinate(lon, "lon", -180, 180), lat=_coordinate(lat, "lat", -90, 90),
                                        **fields)
    audit.record(actor, audit.Action.CREATE, point, summary=f"就业服务站点：{point.name}", after=audit.snapshot(point))
    return point


@transaction.atomic
def set_point_active(actor, point, *, active: bool):
    require(perms.can_manage_service_points(actor), "无权维护就业服务站点")
    before = audit.snapshot(point)
    point.active = bool(active)
    point.save(update_fields=["active"])
    audit.record(actor, audit.Action.UPDATE, point, before=before, after=audit.snapshot(point),
                 summary=f"就业服务站点{'启用' if point.active else '停用'}：{point.name}")
    return point


@transaction.atomic
def set_place_location(actor, division, *, lon, lat):
    from .models import PlaceLocation

    require(perms.can_manage_service_points(actor), "无权维护就业服务站点")
    loc, _created = PlaceLocation.objects.update_or_create(
        division=division, defaults={"lon": _coordinate(lon, "lon", -180, 180), "lat": _coordinate(lat, "lat", -90, 90)})
    audit.record(actor, audit.Action.UPDATE, loc, summary=f"居民点位置：{division.name}", after=audit.snapshot(loc))
    return loc


# --- imports ---------------------------------------------------------------------------------

class ImportRejected(ValueError):
    """The file as a whole is refused; `errors` lists {"row", "column", "message"}."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


@transaction.atomic
def preview_import(actor, file_name: str, content: bytes) -> ImportBatch:
    """Validate a whole CSV/XLSX file; every row good → a preview batch, else ImportRejected
    with every error by row and column. Nothing is written to the registry here."""
    from .importing import parse_status_file

    require(perms.can_import(actor), "无权导入就业状态")
    rows = parse_status_file(file_name, content, actor)  # raises ImportRejected
    batch = ImportBatch.objects.create(file_name=_text(file_name, "file", 200) or "upload", rows=rows,
                                       row_count=len(rows), uploaded_by=actor)
    audit.record(actor, audit.Action.IMPORT, batch, summary=f"预览就业状态导入 {batch.file_name}: {len(rows)} 行")
    return batch


@transaction.atomic
def commit_import(actor, batch: ImportBatch) -> int:
    """Write every row of a previewed batch, or none (rows are re-validated: the registry may
    have changed since the preview)."""
    require(perms.can_import(actor), "无权导入就业状态")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require(perms.can_handle_batch(actor, batch), "只能处理本人上传的批次")
    if batch.state != ImportState.PREVIEW or batch.kind != ImportKind.STATUS:
        raise EmploymentInputError("batch", "此批次已处理")
    persons = Person.objects.in_bulk([r["person"] for r in batch.rows])
    errors = []
    events = []
    for r in batch.rows:
        person = persons.get(r["person"])
        if person is None:
            errors.append({"row": r["row"], "column": "身份证号码", "message": "人员已不在人员库中"})
            continue
        if not perms.can_import_for_person(actor, person):
            errors.append({"row": r["row"], "column": "身份证号码", "message": "此人不在本镇（街道），无权导入"})
            continue
        try:
            fields = clean_event(person, r["data"], names=r.get("columns"))
        except EmploymentInputError as e:
            errors.append({"row": r["row"], "column": e.field, "message": e.message})
            continue
        events.append(StatusEvent(person=person, channel=Channel.IMPORT, batch=batch, recorded_by=actor, **fields))
    if errors:
        raise ImportRejected(errors)
    StatusEvent.objects.bulk_create(events, batch_size=1000)
    batch.state = ImportState.COMMITTED
    batch.decided_at = timezone.now()
    batch.save(update_fields=["state", "decided_at"])
    audit.record(actor, audit.Action.IMPORT, batch, summary=f"导入就业状态 {batch.file_name}: {len(events)} 条",
                 after={"events": len(events), "persons": sorted({e.person_id for e in events})[:1000]})
    return len(events)


@transaction.atomic
def discard_import(actor, batch: ImportBatch) -> None:
    require(perms.can_handle_batch(actor, batch), "只能处理本人上传的批次")
    if batch.state != ImportState.PREVIEW:
        raise EmploymentInputError("batch", "此批次已处理")
    batch.state = ImportState.DISCARDED
    batch.decided_at = timezone.now()
    batch.rows = []
    batch.save(update_fields=["state", "decided_at", "rows"])
    audit.record(actor, audit.Action.UPDATE, batch, summary=f"放弃导入 {batch.file_name}")


@transaction.atomic
def preview_report_import(actor, file_name: str, content: bytes) -> ImportBatch:
    """Validate a whole file of enterprises' monthly reports (Excel/CSV) into a preview batch,
    or ImportRejected with every error by row and column. Nothing is reported here."""
    from .importing import parse_report_file

    require(perms.can_import(actor), "无权导入用工监测月报")
    rows = parse_report_file(file_name, content, today(), actor)
    batch = ImportBatch.objects.create(file_name=_text(file_name, "file", 200) or "upload", rows=rows,
                                       kind=ImportKind.REPORTS, row_count=len(rows), uploaded_by=actor)
    audit.record(actor, audit.Action.IMPORT, batch, summary=f"预览用工监测月报导入 {batch.file_name}: {len(rows)} 行")
    return batch


@transaction.atomic
def commit_report_import(actor, batch: ImportBatch) -> tuple[int, int]:
    """Submit every report of a previewed batch (channel Excel), in month order per enterprise so
    that the early-warning rules see each month's predecessor, or none: any row that no longer
    passes (e.g. reported meanwhile) rejects the whole batch. Returns (reports, alerts raised)."""
    from .models import MonitoredEnterprise

    require(perms.can_import(actor), "无权导入用工监测月报")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require(perms.can_handle_batch(actor, batch), "只能处理本人上传的批次")
    if batch.state != ImportState.PREVIEW or batch.kind != ImportKind.REPORTS:
        raise EmploymentInputError("batch", "此批次已处理")
    enterprises = (MonitoredEnterprise.objects.select_related("organisation__division")
                   .in_bulk([r["enterprise"] for r in batch.rows]))
    errors, reports, alerts = [], 0, 0
    for r in sorted(batch.rows, key=lambda r: (r["enterprise"], r["month"])):
        ent = enterprises.get(r["enterprise"])
        if ent is None or not ent.active:
            errors.append({"row": r["row"], "column": "统一社会信用代码", "message": "企业已不在监测中"})
            continue
        if not perms.can_import_for_enterprise(actor, ent):
            errors.append({"row": r["row"], "column": "统一社会信用代码", "message": "企业不在本镇（街道），无权导入"})
            continue
        try:
            with transaction.atomic():
                _report, raised = submit_report(actor, ent, month=r["month"], channel="excel",
                                                **{f: r[f] for f in REPORT_NUMBERS})
        except EmploymentInputError as e:
            errors.append({"row": r["row"], "column": e.field, "message": e.message})
            continue
        reports += 1
        alerts += len(raised)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e["row"]))
    batch.state = ImportState.COMMITTED
    batch.decided_at = timezone.now()
    batch.save(update_fields=["state", "decided_at"])
    audit.record(actor, audit.Action.IMPORT, batch,
                 summary=f"导入用工监测月报 {batch.file_name}: {reports} 份，预警 {alerts} 条")
    return reports, alerts


# --- zero-employment household sweep ---------------------------------------------------------

SWEEP_CHUNK = 5000


def sweep_zero_households(actor, as_of: dt.date, *, job_id: int | None = None, decide=None) -> dict:
    """Decide every registered household on `as_of` (the households contract's function), list
    the newly found with their clearing deadline (a dated parameter), clear the ones that are
    no longer zero-employment. Undecided households are counted and left as they are. Each
    chunk is its own transaction; one audit row and one SweepRun row sum the run up.

    The verdicts come set based (`selectors.zero_decisions`: one statement over the whole
    registry, streamed and decided in memory, before the chunks' writes); `decide(ids, as_of)`
    replaces that source per chunk (the benchmark passes `selectors.contract_decisions`, the
    contract's function per household, to compare the two on the same data)."""
    from zhihui.core import jobs
    from zhihui.core.params import value

    from . import selectors
    from .enums import ZeroHouseholdState
    from .households import HouseholdError
    from .models import Household, SweepRun, ZeroHousehold

    days = value("employment", "zero_household.clearing_days", as_of)
    deadline = as_of + dt.timedelta(days=days)
    ids = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    counts = {"households": len(ids), "zero": 0, "undetermined": 0, "found": 0, "cleared": 0, "errors": 0}
    if job_id:
        jobs.progress(job_id, 0, len(ids), "零就业家庭筛查")
    verdicts = dict(selectors.zero_decisions(as_of)) if decide is None and ids else {}
    for start in range(0, len(ids), SWEEP_CHUNK):
        chunk = ids[start:start + SWEEP_CHUNK]
        with transaction.atomic():
            open_records = {z.household_id: z for z in ZeroHousehold.objects.select_for_update()
                            .filter(household__gte=chunk[0], household__lte=chunk[-1], state=ZeroHouseholdState.OPEN)}
            new, cleared = [], []
            if decide is None:  # set based: the whole registry's verdicts read above
                decisions = [(h, verdicts[h]) for h in chunk if h in verdicts]
            else:
                decisions = decide(chunk, as_of)
            for hid, zero in decisions:
                if isinstance(zero, HouseholdError):
                    counts["errors"] += 1
                    continue
                if zero is None:
                    counts["undetermined"] += 1
                elif zero:
                    counts["zero"] += 1
                    if hid not in open_records:
                        new.append(ZeroHousehold(household_id=hid, found_on=as_of, deadline=deadline,
                                                 found_by_job_id=job_id))
                elif hid in open_records:
                    rec = open_records[hid]
                    rec.state, rec.cleared_on = ZeroHouseholdState.CLEARED, as_of
                    cleared.append(rec)
            ZeroHousehold.objects.bulk_create(new)
            ZeroHousehold.objects.bulk_update(cleared, ["state", "cleared_on"])
            counts["found"] += len(new)
            counts["cleared"] += len(cleared)
        if job_id:
            jobs.progress(job_id, min(start + SWEEP_CHUNK, len(ids)), len(ids))
    with transaction.atomic():
        open_after = ZeroHousehold.objects.filter(state=ZeroHouseholdState.OPEN).count()
        run = SweepRun.objects.create(as_of=as_of, households=counts["households"], zero=counts["zero"],
                                      undetermined=counts["undetermined"], found=counts["found"],
                                      cleared=counts["cleared"], open_after=open_after)
        counts["open_after"] = open_after
        audit.record(actor, audit.Action.CREATE, run,
                     summary=f"零就业家庭筛查 {as_of.isoformat()}: 新发现{counts['found']}户, 清零{counts['cleared']}户, 待清零{open_after}户",
                     after=counts)
    if job_id:
        jobs.finish(job_id, counts)
    return counts


def start_sweep(actor, as_of: dt.date):
    """Queue the sweep as a Celery job (run eagerly where no broker is configured)."""
    from zhihui.core import jobs

    require(perms.can_sweep(actor), "无权发起零就业家庭筛查")
    job = jobs.start("employment.zero_sweep", f"零就业家庭筛查（{as_of.isoformat()}）", user=actor)
    from .tasks import zero_sweep_task

    zero_sweep_task.delay(as_of.isoformat(), job_id=job.pk, user_id=getattr(actor, "pk", None))
    return job


# --- assistance cases (workflow: workflows.CASE_WORKFLOW) -------------------------------------

def _log(case, name: str, from_state: str, actor, note: str = "") -> None:
    from .models import CaseTransition

    CaseTransition.objects.create(case=case, name=name, from_state=from_state, to_state=case.state,
                                  actor=actor, note=note[:300])


def _next_follow_up(day: dt.date) -> dt.date:
    from zhihui.core.params import value
    from zhihui.window.workdays import add_working_days

    return add_working_days(day, value("employment", "assistance.followup_working_days", day))


@transaction.atomic
def open_case(actor, person: Person, *, source: str, division=None, clerk=None, household=None,
              needs: str = "", opened_on=None):
    from .enums import CaseSource, CaseState
    from .models import AssistanceCase
    from .workflows import CASE_WORKFLOW

    CASE_WORKFLOW.check("open", None, actor)
    source = _choice(source, CaseSource, "source", required=True)
    division = division or perms.town_of(actor) or person.residence
    if division is None:
        raise EmploymentInputError("division", "请选择镇/街道")
    require(perms.can_open_case(actor, division), "只能为本镇（街道）建档")
    day = _date(opened_on, "opened_on") or today()
    if day > today():
        raise EmploymentInputError("opened_on", "建档日期晚于今天")
    case = AssistanceCase.objects.create(person=person, division=division, clerk=clerk or actor, source=source,
                                         household=household, state=CaseState.OPEN, opened_on=day,
                                         needs=_text(needs, "needs", 300))
    _log(case, "open", "", actor)
    audit.record(actor, audit.Action.CREATE, case,
                 summary=f"就业援助建档 {person.id_number_masked} ({case.get_source_display()})",
                 after=audit.snapshot(case))
    return case


def _clean_service(data: dict, i: int) -> dict:
    from decimal import Decimal, InvalidOperation

    from .enums import ServiceKind

    p = f"services[{i}]."
    out = {"kind": _choice(data.get("kind"), ServiceKind, p + "kind", required=True),
           "detail": _text(data.get("detail"), p + "detail", 200),
           "starts_on": _date(data.get("starts_on"), p + "starts_on", required=True),
           "ends_on": _date(data.get("ends_on"), p + "ends_on")}
    if not out["detail"]:
        raise EmploymentInputError(p + "detail", "不能为空")
    if out["ends_on"] and out["ends_on"] < out["starts_on"]:
        raise EmploymentInputError(p + "ends_on", "结束日期早于开始日期")
    raw = data.get("monthly_subsidy")
    subsidy = None
    if raw not in (None, ""):
        try:
            subsidy = Decimal(str(raw)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise EmploymentInputError(p + "monthly_subsidy", f"“{raw}”不是金额") from None
        if subsidy < 0 or subsidy >= Decimal("100000"):
            raise EmploymentInputError(p + "monthly_subsidy", "金额超出范围")
    if out["kind"] == ServiceKind.PUBLIC_WELFARE_POST:
        if out["ends_on"] is None:
            raise EmploymentInputError(p + "ends_on", "公益性岗位须填写期限（结束日期）")
        if subsidy is None:
            raise EmploymentInputError(p + "monthly_subsidy", "公益性岗位须填写岗位补贴")
    out["monthly_subsidy"] = subsidy
    return out


def _case_step(actor, case, name: str, *, reason: str = ""):
    from . import selectors
    from .models import AssistanceCase
    from .workflows import CASE_WORKFLOW

    case = AssistanceCase.objects.select_for_update().select_related("person").get(pk=case.pk)
    if not perms.can_see_case(actor, case):
        raise AssistanceCase.DoesNotExist
    CASE_WORKFLOW.check(name, case.state, actor, history=selectors.case_history(case), reason=reason)
    return case


@transaction.atomic
def plan_case(actor, case, *, services: list[dict], note: str = ""):
    from .enums import CaseState
    from .models import CaseService

    case = _case_step(actor, case, "plan")
    if not services:
        raise EmploymentInputError("services", "帮扶计划至少包括一项措施")
    cleaned = [_clean_service(s, i) for i, s in enumerate(services)]
    for s in cleaned:
        CaseService.objects.create(case=case, recorded_by=actor, **s)
    before = case.state
    case.state = CaseState.ACTIVE
    case.next_follow_up = _next_follow_up(today())
    case.save(update_fields=["state", "next_follow_up"])
    _log(case, "plan", before, actor, _text(note, "note", 300))
    audit.record(actor, audit.Action.TRANSITION, case, summary=f"制定帮扶计划 ({len(cleaned)}项措施)",
                 after={"services": [s["kind"] for s in cleaned], "next_follow_up": case.next_follow_up})
    return case


@transaction.atomic
def follow_up(actor, case, *, note: str, services: list[dict] | None = None):
    from .models import CaseService

    case = _case_step(actor, case, "follow_up")
    note = _text(note, "note", 300)
    if not note:
        raise EmploymentInputError("note", "请填写回访情况")
    for i, s in enumerate(services or []):
        CaseService.objects.create(case=case, recorded_by=actor, **_clean_service(s, i))
    case.next_follow_up = _next_follow_up(today())
    case.save(update_fields=["next_follow_up"])
    _log(case, "follow_up", case.state, actor, note)
    audit.record(actor, audit.Action.TRANSITION, case, summary="跟踪回访",
                 after={"next_follow_up": case.next_follow_up})
    return case


@transaction.atomic
def close_case(actor, case, *, outcome: str, note: str):
    from .enums import CaseOutcome, CaseState

    case = _case_step(actor, case, "close", reason=note)
    outcome = _choice(outcome, CaseOutcome, "outcome", required=True)
    before = case.state
    case.state, case.outcome, case.closed_on, case.next_follow_up = CaseState.CLOSED, outcome, today(), None
    case.save(update_fields=["state", "outcome", "closed_on", "next_follow_up"])
    _log(case, "close", before, actor, _text(note, "note", 300))
    audit.record(actor, audit.Action.TRANSITION, case, summary=f"结案：{case.get_outcome_display()}",
                 after={"outcome": outcome})
    return case


@transaction.atomic
def reopen_case(actor, case, *, reason: str):
    from .enums import CaseState

    case = _case_step(actor, case, "reopen", reason=reason)
    before = case.state
    case.state, case.outcome, case.closed_on = CaseState.ACTIVE, "", None
    case.next_follow_up = _next_follow_up(today())
    case.save(update_fields=["state", "outcome", "closed_on", "next_follow_up"])
    _log(case, "reopen", before, actor, _text(reason, "reason", 300))
    audit.record(actor, audit.Action.TRANSITION, case, summary="重新打开个案")
    return case


def record_case_view(actor, case) -> None:
    audit.record(actor, audit.Action.VIEW, case.person,
                 summary=f"查看就业援助个案#{case.pk} {case.person.id_number_masked}")


# --- enterprise monitoring and layoff early warning --------------------------------------------

REPORT_NUMBERS = ("headcount", "hires", "separations", "vacancies", "planned_layoffs")


def _count(value, field: str, *, required: bool = True) -> int:
    if value in (None, ""):
        if required:
            raise EmploymentInputError(field, "不能为空")
        return 0
    try:
        n = int(str(value).strip())
    except ValueError:
        raise EmploymentInputError(field, f"“{value}”不是整数") from None
    if n < 0 or n > 1_000_000:
        raise EmploymentInputError(field, "应为0到1000000之间的整数")
    return n


def _month(value, field: str = "month") -> dt.date:
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = "" if value is None else str(value).strip()
    try:
        y, m = text[:7].split("-")
        return dt.date(int(y), int(m), 1)
    except ValueError:
        raise EmploymentInputError(field, f"月份“{text}”无效（格式YYYY-MM）") from None


@transaction.atomic
def enrol_enterprise(actor, organisation, *, kind: str, officer=None, since=None):
    from .enums import MonitoringKind
    from .models import MonitoredEnterprise

    require(perms.can_manage_monitoring(actor) and not perms.town_of(actor), "无权设置监测企业")
    kind = _choice(kind, MonitoringKind, "kind", required=True)
    ent, created = MonitoredEnterprise.objects.update_or_create(
        organisation=organisation, defaults={"kind": kind, "officer": officer, "active": True,
                                             "since": _date(since, "since") or today()})
    audit.record(actor, audit.Action.CREATE if created else audit.Action.UPDATE, ent,
                 summary=f"用工监测：{organisation.name}（{ent.get_kind_display()}）", after=audit.snapshot(ent))
    return ent


@transaction.atomic
def submit_report(actor, enterprise, *, month, channel: str = "form", **numbers):
    """One monthly report; the early-warning rules run on it in the same transaction and each
    rule that fires raises one alert (which says which numbers it fired on)."""
    from .enums import ReportChannel
    from .models import MonthlyReport

    require(perms.can_submit_report(actor, enterprise), "只能报送本单位的用工情况")
    month = _month(month)
    if month > today().replace(day=1):
        raise EmploymentInputError("month", "不能报送未来月份")
    if month < enterprise.since.replace(day=1):
        raise EmploymentInputError("month", "早于纳入监测的月份")
    channel = _choice(channel, ReportChannel, "channel", required=True)
    data = {f: _count(numbers.get(f), f, required=f != "planned_layoffs") for f in REPORT_NUMBERS}
    if data["planned_layoffs"] > data["headcount"]:
        raise EmploymentInputError("planned_layoffs", "计划裁员人数不能超过在岗人数")
    if MonthlyReport.objects.filter(enterprise=enterprise, month=month).exists():
        raise EmploymentInputError("month", f"{month:%Y-%m} 的月报已报送")
    report = MonthlyReport.objects.create(enterprise=enterprise, month=month, channel=channel,
                                          submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
                                          **data)
    audit.record(actor, audit.Action.CREATE, report, summary=f"用工监测月报 {month:%Y-%m}", after=data)
    alerts = raise_alerts(actor, report)
    return report, alerts


def _wage_arrears_findings(organisation_ids) -> dict:
    """The wage-arrears rule for many employers at once, on the labour-rights and regulation
    apps' data (their selectors, one grouped query each): organisation id → Finding or None."""
    from zhihui.optional import import_optional

    from .warning import wage_arrears

    ids = sorted(set(organisation_ids))
    rights = import_optional("zhihui.rights.selectors")
    regulation = import_optional("zhihui.regulation.selectors")
    arrears = rights.open_arrears(ids) if rights is not None else {}
    listed: dict[int, list] = {}
    if regulation is not None:
        from zhihui.regulation.enums import ListKind

        for oid, entries in regulation.listed_organisations(ids, timezone.localdate()).items():
            listed[oid] = [str(e.get_kind_display()) for e in entries if e.kind == ListKind.WAGE_ARREARS]
    return {oid: wage_arrears(arrears.get(oid), listed.get(oid, [])) for oid in ids}


HISTORY_MONTHS = 24  # earlier reports the rules look at


def raise_alerts(actor, report) -> list:
    """Run the rules on one report (inside the caller's transaction); idempotent per rule."""
    return raise_alerts_for(actor, [report])[report.pk]


def raise_alerts_for(actor, reports) -> dict[int, list]:
    """Run the rules on many stored reports (inside the caller's transaction): report id → the
    alerts newly raised. Set based: the enterprises' earlier reports, their organisations, the
    wage-arrears facts and the alerts already raised are read in one grouped query each, the
    rules run in memory (thresholds read once per month), new alerts are written in one
    statement and their audit rows (one each, chained) in another (`core.bulk.create`,
    `audit.record_rows`: a COPY each on PostgreSQL, no model instance per audit row).
    Idempotent per (report, rule)."""
    import bisect
    from collections import defaultdict

    from zhihui.core import bulk

    from .enums import AlertLevel, AlertState
    from .models import Alert, MonitoredEnterprise, MonthlyReport
    from .warning import evaluate, thresholds

    reports = list(reports)
    out: dict[int, list] = {r.pk: [] for r in reports}
    if not reports:
        return out
    ent_ids = sorted({r.enterprise_id for r in reports})
    history: dict[int, list] = defaultdict(list)
    for eid, month, headcount in (MonthlyReport.objects.filter(enterprise_id__in=ent_ids)
                                  .order_by("enterprise_id", "month").values_list("enterprise_id", "month", "headcount")):
        history[eid].append((month, headcount))
    organisation = dict(MonitoredEnterprise.objects.filter(pk__in=ent_ids).values_list("pk", "organisation_id"))
    arrears = _wage_arrears_findings(organisation.values())
    # the alerts already raised: by enterprise and report id range (a list of every report id
    # would be thousands of query parameters), then only these reports'
    pks = {r.pk for r in reports}
    done = {(rid, rule) for rid, rule in Alert.objects.filter(enterprise_id__in=ent_ids, report_id__gte=min(pks), report_id__lte=max(pks))
            .values_list("report_id", "rule") if rid in pks}
    limits: dict = {}
    new = []
    for r in reports:
        series = history[r.enterprise_id]
        cut = bisect.bisect_left(series, r.month, key=lambda x: x[0])
        previous = series[max(0, cut - HISTORY_MONTHS):cut]
        p = limits.get(r.month)
        if p is None:
            p = limits[r.month] = thresholds(r.month)
        findings = evaluate(r.month, r.headcount, r.planned_layoffs, previous, r.month, p)
        a = arrears.get(organisation.get(r.enterprise_id))
        if a is not None:
            findings.append(a)
        for f in findings:
            if (r.pk, f.rule) not in done:
                done.add((r.pk, f.rule))
                new.append((r, f))
    now = timezone.now()
    alerts = bulk.create(Alert, ("enterprise_id", "report_id", "rule", "level", "numbers", "message", "state", "raised_at"),
                         [(r.enterprise_id, r.pk, f.rule, f.level, f.numbers, f.message[:300], AlertState.OPEN.value, now)
                          for r, f in new])
    levels = {k: str(v) for k, v in AlertLevel.choices}  # what get_level_display() shows
    audit.record_rows(actor, audit.Action.CREATE, Alert._meta.label_lower,
                      [(alert.pk, f"失业预警 {levels[f.level]}: {f.message}"[:255], None,
                        {"rule": f.rule, "numbers": f.numbers}) for alert, (_, f) in zip(alerts, new, strict=True)])
    for alert, (r, _) in zip(alerts, new, strict=True):
        out[r.pk].append(alert)
    return out


@transaction.atomic
def chase_report(actor, enterprise, *, month, note: str):
    from .models import MonthlyReport, ReportChase

    require(perms.can_manage_monitoring(actor), "无权催报")
    month = _month(month)
    if MonthlyReport.objects.filter(enterprise=enterprise, month=month).exists():
        raise EmploymentInputError("month", "该月月报已报送，无需催报")
    note = _text(note, "note", 200)
    if not note:
        raise EmploymentInputError("note", "请填写催报方式与情况")
    chase = ReportChase.objects.create(enterprise=enterprise, month=month, chased_by=actor, note=note)
    audit.record(actor, audit.Action.CREATE, chase, summary=f"催报 {month:%Y-%m}: {note}"[:255])
    return chase


def _alert_step(actor, alert, name: str, reason: str = ""):
    from .models import Alert
    from .workflows import ALERT_WORKFLOW

    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    ALERT_WORKFLOW.check(name, alert.state, actor, reason=reason)
    return alert


def _alert_log(alert, name, from_state, actor, note=""):
    from .models import AlertTransition

    AlertTransition.objects.create(alert=alert, name=name, from_state=from_state, to_state=alert.state,
                                   actor=actor, note=note[:300])


@transaction.atomic
def assign_alert(actor, alert, *, assignee):
    from django.contrib.auth import get_user_model

    from .enums import AlertState

    alert = _alert_step(actor, alert, "assign")
    if not isinstance(assignee, get_user_model()):
        assignee = get_user_model().objects.filter(pk=assignee).first()
    if assignee is None or not perms.can_manage_monitoring(assignee):
        raise EmploymentInputError("assignee", "处置人须为本局工作人员")
    before = alert.state
    alert.state, alert.assignee = AlertState.ASSIGNED, assignee
    alert.save(update_fields=["state", "assignee"])
    _alert_log(alert, "assign", before, actor, f"→ {assignee}")
    audit.record(actor, audit.Action.TRANSITION, alert, summary=f"指派预警处置人 {assignee}")
    return alert


@transaction.atomic
def close_alert(actor, alert, *, note: str):
    from django.utils import timezone as tz

    from .enums import AlertState

    alert = _alert_step(actor, alert, "close", reason=note)
    if alert.assignee_id != actor.pk and not perms.can_respond_layoff(actor):
        raise EmploymentInputError("note", "只有处置人或审核员可以关闭此预警")
    before = alert.state
    alert.state, alert.closing_note, alert.closed_at = AlertState.CLOSED, _text(note, "note", 300), tz.now()
    alert.save(update_fields=["state", "closing_note", "closed_at"])
    _alert_log(alert, "close", before, actor, alert.closing_note)
    audit.record(actor, audit.Action.TRANSITION, alert, summary=f"关闭预警：{alert.closing_note}"[:255])
    return alert


@transaction.atomic
def report_mass_layoff(actor, organisation, *, headcount, planned_count, reason: str, plan: str, reported_on=None):
    from .models import MassLayoffReport

    require(perms.is_enterprise_user(actor, organisation) or perms.can_manage_monitoring(actor),
            "只能报告本单位的裁员")
    headcount = _count(headcount, "headcount")
    planned = _count(planned_count, "planned_count")
    if planned == 0 or planned > headcount:
        raise EmploymentInputError("planned_count", "拟裁减人数应大于0且不超过职工总数")
    reason = _text(reason, "reason", 300)
    plan = (plan or "").strip()
    if "\x00" in plan or len(plan) > 5000:
        raise EmploymentInputError("plan", "内容无效或超过5000字")
    if not reason:
        raise EmploymentInputError("reason", "不能为空")
    if not plan:
        raise EmploymentInputError("plan", "不能为空")
    rep = MassLayoffReport.objects.create(enterprise=organisation, reported_on=_date(reported_on, "reported_on") or today(),
                                          headcount=headcount, planned_count=planned, reason=reason, plan=plan,
                                          submitted_by=actor)
    audit.record(actor, audit.Action.CREATE, rep, summary=f"规模裁员报告 {organisation.name}: 拟裁减{planned}人")
    return rep


@transaction.atomic
def respond_mass_layoff(actor, rep, *, response: str):
    from django.utils import timezone as tz

    require(perms.can_respond_layoff(actor), "无权答复裁员报告")
    response = (response or "").strip()
    if not response:
        raise EmploymentInputError("response", "不能为空")
    if "\x00" in response or len(response) > 5000:
        raise EmploymentInputError("response", "内容无效或超过5000字")
    if rep.responded_at is not None:
        raise EmploymentInputError("response", "已答复")
    rep.response, rep.responded_by, rep.responded_at = response, actor, tz.now()
    rep.save(update_fields=["response", "responded_by", "responded_at"])
    audit.record(actor, audit.Action.UPDATE, rep, summary="答复规模裁员报告")
    return rep


# --- quota employment of disabled persons (残疾人按比例就业, C10-S20) ---------------------------

def _money(value, field: str):
    """An optional amount of yuan (Decimal, two places, not negative)."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise EmploymentInputError(field, f"金额“{value}”无效") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise EmploymentInputError(field, "金额应为0到100亿元之间的数")
    return amount.quantize(Decimal("0.01"))


def _quota_employee(person: Person, organisation, year: int, field: str) -> None:
    """A named disabled employee must be on the disabled persons' ledger, verified, during the
    year, and employed by the employer on some day of it (an active employed event whose
    interval overlaps the year: the events' chain)."""
    from django.db.models import Q

    from .enums import EvidenceState, KeyGroup
    from .models import KeyGroupEntry

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not KeyGroupEntry.objects.filter(person=person, group=KeyGroup.DISABLED, evidence_state=EvidenceState.VERIFIED,
                                        since__lte=end).filter(Q(until__isnull=True) | Q(until__gt=start)).exists():
        raise EmploymentInputError(field, f"{person.id_number_masked} 不在残疾人台账中或未核实")
    if not StatusEvent.objects.filter(person=person, active=True, kind=StatusKind.EMPLOYED, employer=organisation,
                                      effective_on__lte=end).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=start)).exists():
        raise EmploymentInputError(field, f"{person.id_number_masked} 当年没有在本单位就业的记录")


@transaction.atomic
def declare_quota(actor, organisation, *, year, staff_count, employees: list[tuple[Person, bool]],
                  average_wage=None):
    """Record an employer's quota employment for a year: its average staff, and the disabled
    employees it names (person, severely disabled?). The ratio and the weight of a severely
    disabled employee are the dated parameters in force on the year's last day; `required` is
    staff × ratio, `counted` the employees weighted. Audited; a second clerk verifies it."""
    from decimal import ROUND_HALF_UP, Decimal

    from zhihui.core.params import value

    from .enums import QuotaChannel
    from .models import QuotaDeclaration, QuotaEmployee

    by_employer = perms.is_enterprise_user(actor, organisation)  # an employer declares for itself
    if not by_employer:
        require(perms.can_declare_quota(actor), "无权登记按比例就业")
        if not perms.in_town(actor, organisation.division):
            raise EmploymentInputError("organisation", "此单位不在本镇（街道）")
    wage = _money(average_wage, "average_wage")
    year = _count(year, "year")
    if not 2008 <= year <= today().year:
        raise EmploymentInputError("year", f"年度应在2008到{today().year}之间")
    staff = _count(staff_count, "staff_count")
    if staff == 0:
        raise EmploymentInputError("staff_count", "在职职工人数应大于0")
    seen: set[int] = set()
    for i, (person, _severe) in enumerate(employees):
        field = f"employees[{i + 1}]"
        if person.pk in seen:
            raise EmploymentInputError(field, f"{person.id_number_masked} 重复")
        seen.add(person.pk)
        _quota_employee(person, organisation, year, field)
    if QuotaDeclaration.objects.filter(organisation=organisation, year=year).exists():
        raise EmploymentInputError("year", f"{organisation.name} {year}年度已登记")
    end = dt.date(year, 12, 31)
    ratio = Decimal(str(value("employment", "quota.disabled_ratio_pct", end)))
    weight = int(value("employment", "quota.severe_weight", end))
    counted = sum(weight if severe else 1 for _p, severe in employees)
    if counted > staff * weight:
        raise EmploymentInputError("staff_count", "在职职工人数少于所列残疾职工人数")
    required = (Decimal(staff) * ratio / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    decl = QuotaDeclaration.objects.create(organisation=organisation, year=year, staff_count=staff, ratio_pct=ratio,
                                           required=required, counted=counted, declared_by=actor, average_wage=wage,
                                           channel=QuotaChannel.EMPLOYER if by_employer else QuotaChannel.CLERK)
    QuotaEmployee.objects.bulk_create([QuotaEmployee(declaration=decl, person=p, severe=bool(s)) for p, s in employees])
    audit.record(actor, audit.Action.CREATE, decl,
                 summary=f"按比例就业：{organisation.name} {year}年度，应安排{required}人，实际{counted}人",
                 after={"staff_count": staff, "ratio_pct": str(ratio), "required": str(required), "counted": counted,
               "channel": decl.channel, "average_wage": None if wage is None else str(wage),
                        "employees": [p.id_number_masked for p, _s in employees]})
    return decl


@transaction.atomic
def verify_quota(actor, declaration, *, verification: str):
    """Another clerk checks the declaration against the employer's payroll and the disabled
    persons' certificates (declared → verified)."""
    from .models import QuotaDeclaration

    decl = (QuotaDeclaration.objects.select_for_update(of=("self",)).select_related("organisation__division")
            .get(pk=declaration.pk))
    require(perms.can_declare_quota(actor), "无权核实按比例就业")
    if not perms.in_town(actor, decl.organisation.division):
        raise QuotaDeclaration.DoesNotExist
    if decl.state == "verified":
        raise EmploymentInputError("verification", "已核实")
    if decl.declared_by_id == actor.pk:
        raise EmploymentInputError("verification", "职责分离：登记人不能核实本人登记的记录")
    verification = _text(verification, "verification", 200)
    if not verification:
        raise EmploymentInputError("verification", "请填写核实情况（核验的工资表、残疾人证）")
    decl.state, decl.verified_by, decl.verified_on, decl.verification = "verified", actor, today(), verification
    decl.save(update_fields=["state", "verified_by", "verified_on", "verification"])
    audit.record(actor, audit.Action.UPDATE, decl, summary=f"核实按比例就业：{decl.organisation.name} {decl.year}年度")
    return decl


def record_quota_view(actor, declaration, *, channel: str = "web") -> None:
    """A declaration names disabled employees: every read of it is audited."""
    audit.record(actor, audit.Action.VIEW, declaration,
                 summary=f"查看按比例就业名单：{declaration.organisation.name} {declaration.year}年度（{audit.words(channel)}）")


# --- youth employment screening (青年就业排查) -------------------------------------------------------

@transaction.atomic
def record_youth_contact(actor, person: Person, *, result: str, contacted_on=None, note: str = ""):
    """Record one screening contact (a clerk who may see the person's file). Audited. A young
    person found seeking work is then helped through the ordinary tools (registration as
    unemployed, the help chain, a case); this records what the contact found."""
    from .enums import YouthContactResult
    from .models import YouthContact

    require(perms.can_record(actor), "无权登记青年就业排查")
    if not perms.can_view_person(actor, person):
        raise Person.DoesNotExist
    result = _choice(result, YouthContactResult, "result", required=True)
    day = _date(contacted_on, "contacted_on") or today()
    if day > today():
        raise EmploymentInputError("contacted_on", "联系日期晚于今天")
    contact = YouthContact.objects.create(person=person, contacted_on=day, result=result,
                                          note=_text(note, "note", 200), recorded_by=actor)
    audit.record(actor, audit.Action.CREATE, contact,
                 summary=f"青年就业排查：{contact.get_result_display()} ({person.id_number_masked})",
                 after=audit.snapshot(contact))
    return contact


# --- traineeships (就业见习, C10-D02) and assistance workshops (就业帮扶车间, C10-D07) -------------
# Workflows: workflows.BASE_WORKFLOW, CLAIM_WORKFLOW, WORKSHOP_WORKFLOW; the log: RegisterTransition.

def log_register_step(workflow, obj, name: str, before: str, after: str, actor, note: str = "") -> None:
    from .models import RegisterTransition

    RegisterTransition.objects.create(workflow=workflow.name, object_id=obj.pk, name=name, from_state=before or "",
                                      to_state=after, actor=actor, note=note[:300])
    audit.record(actor, audit.Action.CREATE if not before else audit.Action.UPDATE, obj,
                 summary=f"{workflow.describe(name, before or None, after)} {note}".strip()[:255],
                 after={"state": after})


def register_history(workflow, obj) -> dict[str, set[int]]:
    from zhihui.core.workflow import history_of

    from .models import RegisterTransition

    return history_of(RegisterTransition.objects.filter(workflow=workflow.name, object_id=obj.pk))


# the one month parser (monitoring reports use it too), public for the API, command and pages
parse_month = _month


@transaction.atomic
def apply_base(actor, organisation, *, contact: str, description: str = "", applied_on=None):
    """申报: a unit applies to be a traineeship base (a clerk records it)."""
    from .models import TraineeshipBase
    from .workflows import BASE_WORKFLOW

    BASE_WORKFLOW.check("apply", None, actor)
    if not perms.in_town(actor, organisation.division):
        raise EmploymentInputError("organisation", "此单位不在本镇（街道）")
    contact = _text(contact, "contact", 100)
    if not contact:
        raise EmploymentInputError("contact", "请填写联系人及电话")
    description = _text(description, "description", 300)
    applied_on = _date(applied_on, "applied_on") or today()
    if applied_on > today():
        raise EmploymentInputError("applied_on", "申报日期不能晚于今天")
    if TraineeshipBase.objects.filter(organisation=organisation, state__in=["applied", "recognised", "model"]).exists():
        raise EmploymentInputError("organisation", f"{organisation.name} 已申报或已认定为见习基地")
    base = TraineeshipBase.objects.create(organisation=organisation, contact=contact, description=description,
                                          applied_on=applied_on, applied_by=actor)
    log_register_step(BASE_WORKFLOW, base, "apply", "", base.state, actor, organisation.name)
    return base


@transaction.atomic
def decide_base(actor, base, name: str, *, note: str = ""):
    """审核认定 / 不予认定 / 命名示范单位 / 撤销认定, by a reviewer or administrator who did not
    record the application (the workflow's table)."""
    from .models import TraineeshipBase
    from .workflows import BASE_WORKFLOW

    base = TraineeshipBase.objects.select_for_update(of=("self",)).select_related("organisation__division").get(pk=base.pk)
    if not perms.in_town(actor, base.organisation.division):
        raise TraineeshipBase.DoesNotExist
    note = _text(note, "note", 300)
    before = base.state
    t = BASE_WORKFLOW.check(name, before, actor, history=register_history(BASE_WORKFLOW, base), reason=note)
    base.state = t.target
    if name == "recognise":
        base.recognised_on = today()
    elif name == "designate":
        base.model_on = today()
    if note:
        base.decision_note = note
    base.save(update_fields=["state", "recognised_on", "model_on", "decision_note"])
    log_register_step(BASE_WORKFLOW, base, name, before, base.state, actor, note)
    return base


def _live_base(base, field: str = "base") -> None:
    from .enums import LIVE_BASE_STATES

    if base.state not in LIVE_BASE_STATES:
        raise EmploymentInputError(field, f"见习基地状态为“{base.get_state_display()}”，须已认定")


def _in_force(fn, field: str, day: dt.date, *args):
    """Call a rule reading dated parameters; a day before their first value is the input's fault,
    named by its field (never a 500)."""
    from zhihui.core.params import ParameterMissing

    try:
        return fn(*args)
    except ParameterMissing:
        raise EmploymentInputError(field, f"{day}没有有效的见习政策参数") from None


def _term(value, field: str, on: dt.date) -> int:
    from zhihui.core.params import value as param

    months = _count(value, field)
    low = int(param("employment", "traineeship.min_months", on))
    high = int(param("employment", "traineeship.max_months", on))
    if not low <= months <= high:
        raise EmploymentInputError(field, f"见习期应为{low}到{high}个月")
    return months


@transaction.atomic
def add_post(actor, base, *, title: str, kind: str, count, months, opened_on=None):
    """A traineeship post of a recognised base: how many trainees, for how many months (within
    the dated minimum and maximum)."""
    from .enums import PostKind
    from .models import TraineePost, TraineeshipBase

    require(perms.can_record_registers(actor), "无权登记见习岗位")
    base = TraineeshipBase.objects.select_for_update(of=("self",)).select_related("organisation__division").get(pk=base.pk)
    if not perms.in_town(actor, base.organisation.division):
        raise TraineeshipBase.DoesNotExist
    _live_base(base)
    title = _text(title, "title", 100)
    if not title:
        raise EmploymentInputError("title", "请填写岗位名称")
    kind = _choice(kind, PostKind, "kind", required=True)
    count = _count(count, "count")
    if not 1 <= count <= 200:
        raise EmploymentInputError("count", "见习人数应为1到200")
    opened_on = _date(opened_on, "opened_on") or today()
    months = _in_force(_term, "opened_on", opened_on, months, "months", opened_on)
    post = TraineePost.objects.create(base=base, title=title, kind=kind, count=count, months=months,
                                      opened_on=opened_on, recorded_by=actor)
    audit.record(actor, audit.Action.CREATE, post, summary=f"见习岗位：{base.organisation.name} {title} {count}人{months}个月")
    return post


@transaction.atomic
def enrol_trainee(actor, post, person, *, group: str, start_on, months=None):
    """见习人员登记: the person must be eligible on the start day (traineeship.eligibility: the
    registry's graduation and age, the status events), the post open with a free place, and the
    person in no other running traineeship. The reason of the check is kept."""
    from .enums import TraineeGroup
    from .models import Trainee, TraineePost
    from .traineeship import eligibility

    require(perms.can_record_registers(actor), "无权登记见习人员")
    post = TraineePost.objects.select_for_update(of=("self",)).select_related("base__organisation__division").get(pk=post.pk)
    if not perms.in_town(actor, post.base.organisation.division):
        raise TraineePost.DoesNotExist
    _live_base(post.base, "post")
    if not post.open:
        raise EmploymentInputError("post", "此岗位已停止招募")
    group = _choice(group, TraineeGroup, "group", required=True)
    start_on = _date(start_on, "start_on", required=True)
    if start_on < post.opened_on:
        raise EmploymentInputError("start_on", f"见习开始日期不能早于岗位发布日期{post.opened_on}")
    months = _in_force(_term, "start_on", start_on, post.months if months in (None, "") else months, "months", start_on)
    if months > post.months:
        raise EmploymentInputError("months", f"不能超过岗位见习期{post.months}个月")
    if post.trainees.filter(end_on__isnull=True).count() >= post.count:
        raise EmploymentInputError("post", f"岗位见习人数已满（{post.count}人）")
    if Trainee.objects.filter(person=person, end_on__isnull=True).exists():
        raise EmploymentInputError("person", f"{person.id_number_masked} 正在其他岗位见习")
    ok, why = _in_force(eligibility, "start_on", start_on, person, group, start_on)
    if not ok:
        raise EmploymentInputError("person", f"{person.id_number_masked} 不符合见习条件：{why}")
    trainee = Trainee.objects.create(post=post, person=person, group=group, eligibility=why[:300], start_on=start_on,
                                     months=months, enrolled_by=actor)
    audit.record(actor, audit.Action.CREATE, trainee,
                 summary=f"见习人员登记：{person.id_number_masked} {post.base.organisation.name} {post.title}",
                 after={"group": group, "start_on": start_on.isoformat(), "months": months, "eligibility": why})
    return trainee


def _lock_trainee(actor, trainee):
    from .models import Trainee

    require(perms.can_record_registers(actor), "无权登记见习情况")
    t = Trainee.objects.select_for_update(of=("self",)).select_related("post__base__organisation__division", "person").get(pk=trainee.pk)
    if not perms.in_town(actor, t.post.base.organisation.division):
        raise Trainee.DoesNotExist
    return t


@transaction.atomic
def record_trainee_month(actor, trainee, month):
    """One month served (the unit's attendance confirmed): within the trainee's term, not after
    the traineeship ended, not a month still to come, once."""
    from .models import TraineeMonth
    from .retirement import add_months

    t = _lock_trainee(actor, trainee)
    month = parse_month(month, "month")
    first = t.start_on.replace(day=1)
    last = add_months(first, t.months - 1)
    if not first <= month <= last:
        raise EmploymentInputError("month", f"应在见习期内（{first:%Y-%m}至{last:%Y-%m}）")
    if t.end_on is not None and month > t.end_on.replace(day=1):
        raise EmploymentInputError("month", f"见习已于{t.end_on}结束")
    if month > today().replace(day=1):
        raise EmploymentInputError("month", "不能登记尚未到来的月份")
    if TraineeMonth.objects.filter(trainee=t, month=month).exists():
        raise EmploymentInputError("month", f"{month:%Y-%m} 已登记")
    row = TraineeMonth.objects.create(trainee=t, month=month, recorded_by=actor)
    audit.record(actor, audit.Action.CREATE, row, summary=f"见习月份：{t.person.id_number_masked} {month:%Y-%m}")
    return row


@transaction.atomic
def end_trainee(actor, trainee, *, outcome: str, end_on):
    """见习结束: completed, left early, or retained by the unit (留用: a labour contract signed;
    its employment is recorded as a status event in the person's file as usual)."""
    from .enums import TraineeOutcome

    t = _lock_trainee(actor, trainee)
    if t.end_on is not None:
        raise EmploymentInputError("outcome", f"见习已于{t.end_on}结束")
    outcome = _choice(outcome, TraineeOutcome, "outcome", required=True)
    end_on = _date(end_on, "end_on", required=True)
    if end_on < t.start_on:
        raise EmploymentInputError("end_on", "结束日期不能早于开始日期")
    if end_on > today():
        raise EmploymentInputError("end_on", "结束日期不能晚于今天")
    t.end_on, t.outcome = end_on, outcome
    t.save(update_fields=["end_on", "outcome"])
    audit.record(actor, audit.Action.UPDATE, t,
                 summary=f"见习结束：{t.person.id_number_masked} {t.get_outcome_display()} {end_on}")
    return t


@transaction.atomic
def compute_claim(actor, base, month):
    """核算: a unit's 就业见习补贴 of a past month = the trainee months recorded for the month ×
    the subsidy per trainee in force on its first day (traineeship.monthly_rate). Once per unit
    and month (a returned claim may be computed again)."""
    from .models import TraineeMonth, TraineeshipBase, TraineeshipClaim
    from .traineeship import monthly_rate
    from .workflows import CLAIM_WORKFLOW

    CLAIM_WORKFLOW.check("compute", None, actor)
    base = TraineeshipBase.objects.select_for_update(of=("self",)).select_related("organisation__division").get(pk=base.pk)
    if not perms.in_town(actor, base.organisation.division):
        raise TraineeshipBase.DoesNotExist
    month = parse_month(month, "month")
    if month >= today().replace(day=1):
        raise EmploymentInputError("month", "只能核算已结束的月份")
    if TraineeshipClaim.objects.filter(base=base, month=month).exclude(state="rejected").exists():
        raise EmploymentInputError("month", f"{month:%Y-%m} 已核算")
    served = TraineeMonth.objects.filter(trainee__post__base=base, month=month).count()
    if served == 0:
        raise EmploymentInputError("month", f"{month:%Y-%m} 没有登记见习月份")
    wage, share, rate = _in_force(monthly_rate, "month", month, month)
    claim = TraineeshipClaim.objects.create(base=base, month=month, trainee_months=served, minimum_wage=wage,
                                            share_pct=share, rate=rate, amount=rate * served, computed_by=actor)
    log_register_step(CLAIM_WORKFLOW, claim, "compute", "", claim.state, actor,
                  f"{base.organisation.name} {month:%Y-%m}：{served}人月×{rate}元={claim.amount}元")
    return claim


SUBSIDY_SERVICE = "traineeship_subsidy"


@transaction.atomic
def decide_claim(actor, claim, name: str, *, note: str = ""):
    """核准支付 (approve) or 退回 (return), by someone other than who computed it. Approval
    reserves the amount on the dated budget line and raises the payment through the one window
    (an application of service `traineeship_subsidy` for the unit and month, paid by the
    window's batches)."""
    from zhihui.core.params import value
    from zhihui.window import actions as window

    from .models import TraineeshipClaim
    from .workflows import CLAIM_WORKFLOW

    claim = TraineeshipClaim.objects.select_for_update(of=("self",)).select_related("base__organisation__division").get(pk=claim.pk)
    if not perms.in_town(actor, claim.base.organisation.division):
        raise TraineeshipClaim.DoesNotExist
    note = _text(note, "note", 300)
    before = claim.state
    t = CLAIM_WORKFLOW.check(name, before, actor, history=register_history(CLAIM_WORKFLOW, claim), reason=note)
    org = claim.base.organisation
    if name == "approve":
        line = value("employment", "traineeship.budget_line", claim.month)
        year = today().year
        try:
            budget = window.reserve_budget(actor, year=year, line=line, amount=claim.amount,
                                           summary=f"就业见习补贴 {org.name} {claim.month:%Y-%m}")
        except window.BudgetExceeded as exc:
            raise EmploymentInputError("budget", str(exc)) from None
        claim.payment = window.schedule_reserved_payment(
            actor, service_code=SUBSIDY_SERVICE, service_name="就业见习补贴", organisation=org, budget=budget,
            amount=claim.amount, period=f"JX{claim.month:%Y%m}",
            reason=f"就业见习补贴 {claim.month:%Y-%m}：{claim.trainee_months}人月×{claim.rate}元",
            source={"domain": "employment", "traineeship_claim": claim.pk}, today=today())
    claim.state = t.target
    if note:
        claim.decision_note = note
    claim.save(update_fields=["state", "payment", "decision_note"])
    log_register_step(CLAIM_WORKFLOW, claim, name, before, claim.state, actor,
                  note or (f"支付申请 {claim.payment.number}" if claim.payment else ""))
    return claim


def record_base_view(actor, base, *, channel: str = "web") -> None:
    """A base's page names its trainees: every read of it is audited."""
    audit.record(actor, audit.Action.VIEW, base,
                 summary=f"查看见习基地及见习人员：{base.organisation.name}（{audit.words(channel)}）")


@transaction.atomic
def apply_workshop(actor, *, name: str, operator, division, address: str, products: str, applied_on=None):
    """申报 of an assistance workshop (就业帮扶车间), recorded by a clerk of its town (or the city)."""
    from .models import Workshop
    from .workflows import WORKSHOP_WORKFLOW

    WORKSHOP_WORKFLOW.check("apply", None, actor)
    if division is None or division.level not in ("town", "street", "village", "community"):
        raise EmploymentInputError("division", "请选择所在镇（街道）或村（社区）")
    if not perms.in_town(actor, division):
        raise EmploymentInputError("division", "不在本镇（街道）")
    name = _text(name, "name", 100)
    if not name:
        raise EmploymentInputError("name", "请填写车间名称")
    address = _text(address, "address", 200)
    if not address:
        raise EmploymentInputError("address", "请填写地址")
    products = _text(products, "products", 200)
    if not products:
        raise EmploymentInputError("products", "请填写主营产品或业务")
    applied_on = _date(applied_on, "applied_on") or today()
    if applied_on > today():
        raise EmploymentInputError("applied_on", "申报日期不能晚于今天")
    ws = Workshop.objects.create(name=name, operator=operator, division=division, address=address, products=products,
                                 applied_on=applied_on, applied_by=actor)
    log_register_step(WORKSHOP_WORKFLOW, ws, "apply", "", ws.state, actor, f"{name}（{operator.name}）")
    return ws


@transaction.atomic
def decide_workshop(actor, workshop, name: str, *, note: str = ""):
    """认定 (with the annual review date: workshop.review_months after the day), 不予认定, 年度复核
    (the next review date) or 撤销认定 — the recognition by a second person (the table)."""
    from zhihui.core.params import value

    from .models import Workshop
    from .retirement import add_months
    from .workflows import WORKSHOP_WORKFLOW

    ws = Workshop.objects.select_for_update(of=("self",)).select_related("division").get(pk=workshop.pk)
    if not perms.in_town(actor, ws.division):
        raise Workshop.DoesNotExist
    note = _text(note, "note", 300)
    before = ws.state
    t = WORKSHOP_WORKFLOW.check(name, before, actor, history=register_history(WORKSHOP_WORKFLOW, ws), reason=note)
    day = today()
    if name == "recognise":
        ws.recognised_on = day
    if name in ("recognise", "review"):
        ws.review_due = add_months(day, int(value("employment", "workshop.review_months", day)))
    if name in ("reject", "revoke"):
        ws.review_due = None
    ws.state = t.target
    if note:
        ws.decision_note = note
    ws.save(update_fields=["state", "recognised_on", "review_due", "decision_note"])
    log_register_step(WORKSHOP_WORKFLOW, ws, name, before, ws.state, actor,
                  note or (f"年度复核日期 {ws.review_due}" if ws.review_due else ""))
    return ws


@transaction.atomic
def add_workshop_worker(actor, workshop, person, *, since):
    """A person working in the workshop from `since` (any resident; the poverty-alleviated and
    low-income among them are counted from the verified ledger, selectors.workshop_headcount)."""
    from .models import Workshop, WorkshopWorker

    require(perms.can_record_registers(actor), "无权登记帮扶车间务工人员")
    ws = Workshop.objects.select_for_update(of=("self",)).select_related("division").get(pk=workshop.pk)
    if not perms.in_town(actor, ws.division):
        raise Workshop.DoesNotExist
    if ws.state not in ("applied", "recognised"):
        raise EmploymentInputError("workshop", f"车间状态为“{ws.get_state_display()}”，不能登记务工人员")
    since = _date(since, "since", required=True)
    if since > today():
        raise EmploymentInputError("since", "起始日期不能晚于今天")
    if WorkshopWorker.objects.filter(workshop=ws, person=person, until__isnull=True).exists():
        raise EmploymentInputError("person", f"{person.id_number_masked} 已在本车间务工")
    w = WorkshopWorker.objects.create(workshop=ws, person=person, since=since, recorded_by=actor)
    audit.record(actor, audit.Action.CREATE, w, summary=f"帮扶车间务工人员：{ws.name} {person.id_number_masked} {since}起")
    return w


@transaction.atomic
def end_workshop_worker(actor, worker, *, until):
    from .models import WorkshopWorker

    require(perms.can_record_registers(actor), "无权登记帮扶车间务工人员")
    w = WorkshopWorker.objects.select_for_update(of=("self",)).select_related("workshop__division", "person").get(pk=worker.pk)
    if not perms.in_town(actor, w.workshop.division):
        raise WorkshopWorker.DoesNotExist
    if w.until is not None:
        raise EmploymentInputError("until", f"已于{w.until}离开")
    until = _date(until, "until", required=True)
    if until <= w.since or until > today():
        raise EmploymentInputError("until", f"离开日期应在{w.since}之后、不晚于今天")
    w.until = until
    w.save(update_fields=["until"])
    audit.record(actor, audit.Action.UPDATE, w, summary=f"帮扶车间务工人员离开：{w.workshop.name} {w.person.id_number_masked} {until}")
    return w


def record_workshop_view(actor, workshop, *, channel: str = "web") -> None:
    """A workshop's page names its workers and who of them is poverty-alleviated: audited."""
    audit.record(actor, audit.Action.VIEW, workshop,
                 summary=f"查看帮扶车间务工人员：{workshop.name}（{audit.words(channel)}）")
# --- graduate registry (高校毕业生名册, C10-D01) -----------------------------------------------------

def clean_graduate(person: Person, data: dict, *, colleges: dict | None = None) -> dict:
    """Validated fields of one graduation (raises EmploymentInputError naming the field): a
    known college (by its national code), major, degree, a graduation date not before the
    person's 15th birthday nor after today, a destination; 就业 needs the employer (a credit code
    of the registry or a name) and 就业/灵活就业 the place (济源 or 外地); other destinations
    name neither."""
    from .enums import WORKING_DESTINATIONS, Degree, GraduateDestination, WorkPlace
    from .graduate_models import College

    code = _text(data.get("college"), "college", 10)
    if not code:
        raise EmploymentInputError("college", "不能为空")
    college = (colleges or {}).get(code) if colleges is not None else College.objects.filter(code=code).first()
    if college is None:
        raise EmploymentInputError("college", f"学校国标代码“{code}”不在院校名单中")
    major = _text(data.get("major"), "major", 100)
    if not major:
        raise EmploymentInputError("major", "不能为空")
    degree = _choice(data.get("degree"), Degree, "degree", required=True)
    day = _date(data.get("graduated_on"), "graduated_on", required=True)
    if day > today():
        raise EmploymentInputError("graduated_on", "毕业日期晚于今天")
    if day.year - person.birth_date.year < 15:
        raise EmploymentInputError("graduated_on", "毕业时未满15周岁，日期或身份证号码有误")
    destination = _choice(data.get("destination"), GraduateDestination, "destination", required=True)
    employer = _employer(data.get("employer"), "employer")
    employer_name = _text(data.get("employer_name"), "employer_name", 200)
    place = _choice(data.get("place"), WorkPlace, "place")
    if destination in WORKING_DESTINATIONS:
        if destination == GraduateDestination.EMPLOYED and employer is None and not employer_name:
            raise EmploymentInputError("employer_name", "毕业去向为就业时应填写就业单位（统一社会信用代码或名称）")
        if not place:
            raise EmploymentInputError("place", "毕业去向为就业或灵活就业时应填写就业地点（济源或外地）")
    elif employer is not None or employer_name or place:
        field = "employer" if employer is not None else ("employer_name" if employer_name else "place")
        raise EmploymentInputError(field, f"毕业去向为{GraduateDestination(destination).label}时不填写就业单位和地点")
    if employer is not None and not employer_name:
        employer_name = employer.name
    return {"college": college, "major": major, "degree": degree, "graduated_on": day, "destination": destination,
            "employer": employer, "employer_name": employer_name, "place": place}


@transaction.atomic
def preview_graduate_import(actor, file_name: str, content: bytes) -> ImportBatch:
    """Validate a college's whole graduate file into a preview batch, or ImportRejected with
    every error by row and column. Nothing is written to the registry here."""
    from .importing import parse_graduate_file

    require(perms.can_import(actor), "无权导入毕业生名册")
    rows = parse_graduate_file(file_name, content, actor)
    batch = ImportBatch.objects.create(file_name=_text(file_name, "file", 200) or "upload", rows=rows,
                                       kind=ImportKind.GRADUATES, row_count=len(rows), uploaded_by=actor)
    audit.record(actor, audit.Action.IMPORT, batch, summary=f"预览毕业生名册导入 {batch.file_name}: {len(rows)} 行")
    return batch


@transaction.atomic
def commit_graduate_import(actor, batch: ImportBatch) -> tuple[int, int]:
    """Write every graduation of a previewed batch, or none (each row validated again). A
    graduate who left without a job (未就业) enters the key-group ledger as 离校未就业 from the
    graduation date (declared, the college's file named as evidence; a clerk verifies it as any
    entry) unless already there, and the graduation links to that entry. Returns (graduates,
    new 离校未就业 entries)."""
    from .enums import EvidenceState, GraduateDestination, KeyGroup
    from .graduate_models import College, Graduate
    from .models import KeyGroupEntry

    require(perms.can_import(actor), "无权导入毕业生名册")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    require(perms.can_handle_batch(actor, batch), "只能处理本人上传的批次")
    if batch.state != ImportState.PREVIEW or batch.kind != ImportKind.GRADUATES:
        raise EmploymentInputError("batch", "此批次已处理")
    persons = Person.objects.in_bulk([r["person"] for r in batch.rows])
    colleges = {c.code: c for c in College.objects.all()}
    errors, cleaned = [], []
    for r in batch.rows:
        person = persons.get(r["person"])
        if person is None:
            errors.append({"row": r["row"], "column": "身份证号码", "message": "人员已不在人员库中"})
            continue
        if not perms.can_import_for_person(actor, person):
            errors.append({"row": r["row"], "column": "身份证号码", "message": "此人不在本镇（街道），无权导入"})
            continue
        try:
            fields = clean_graduate(person, r["data"], colleges=colleges)
        except EmploymentInputError as e:
            errors.append({"row": r["row"], "column": e.field, "message": e.message})
            continue
        if Graduate.objects.filter(person=person, college=fields["college"], degree=fields["degree"]).exists():
            errors.append({"row": r["row"], "column": "身份证号码", "message": "此人此学历已在毕业生名册中"})
            continue
        cleaned.append((person, fields))
    if errors:
        raise ImportRejected(errors)
    open_entries = {e.person_id: e for e in KeyGroupEntry.objects.filter(
        group=KeyGroup.GRADUATE_UNPLACED, until__isnull=True, person_id__in=[p.pk for p, _f in cleaned])}
    graduates, new_entries = [], 0
    for person, fields in cleaned:
        entry = None
        if fields["destination"] == GraduateDestination.UNPLACED:
            entry = open_entries.get(person.pk)
            if entry is None:
                c = fields["college"]
                entry = KeyGroupEntry.objects.create(
                    person=person, group=KeyGroup.GRADUATE_UNPLACED, since=fields["graduated_on"],
                    detail=f"{c.name}，{fields['major']}，{fields['graduated_on'].year}年毕业"[:200],
                    evidence=f"院校报送毕业生名册：{batch.file_name}"[:200], evidence_state=EvidenceState.DECLARED,
                    channel=Channel.IMPORT, recorded_by=actor)
                open_entries[person.pk] = entry
                new_entries += 1
        graduates.append(Graduate(person=person, unplaced_entry=entry, batch=batch, recorded_by=actor, **fields))
    Graduate.objects.bulk_create(graduates, batch_size=1000)
    batch.state = ImportState.COMMITTED
    batch.decided_at = timezone.now()
    batch.save(update_fields=["state", "decided_at"])
    audit.record(actor, audit.Action.IMPORT, batch,
                 summary=f"导入毕业生名册 {batch.file_name}: {len(graduates)} 人，离校未就业新入台账 {new_entries} 人",
                 after={"graduates": len(graduates), "unplaced_entries": new_entries,
                        "persons": sorted({g.person_id for g in graduates})[:1000]})
    return len(graduates), new_entries


def record_graduate_view(actor, graduate, *, channel: str = "web") -> None:
    """A graduation names a person: every read of one is audited."""
    audit.record(actor, audit.Action.VIEW, graduate,
                 summary=f"查看毕业生名册：{graduate.person.id_number_masked}（{audit.words(channel)}）")


def record_graduate_list_view(actor, college, year: int, count: int, *, channel: str = "web") -> None:
    """The 离校未就业 follow-up list names persons: every read of it is audited (one row)."""
    audit.record(actor, audit.Action.VIEW, college, object_type=None if college else "employment.college",
                 object_id=None if college else "*", summary=f"查看离校未就业跟踪名单：{college.name if college else '全部院校'} {year}届 {count} 人"
                         f"（{audit.words(channel)}）")
