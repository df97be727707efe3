"""The registry's only write path. Each function checks its input (errors name the field),
runs in one transaction and writes its audit row in it; reads of a person's file and
exports are audited here too, so that views, API and CLI cannot forget it.

Identity numbers enter here in clear and leave encrypted (AES-GCM), hashed (HMAC, for
look-up) and masked (for display); nothing else keeps them (audit snapshots skip them).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction

from zhihui.core import audit, crypto
from zhihui.core.perms import require

from . import perms
from .enums import (
    CertificateKind,
    EmploymentForm,
    IndustryChain,
    OrgKind,
    Post,
    RecognitionSource,
    SizeClass,
    SkillLevel,
    TalentCategory,
    TitleLevel,
)
from .ids import InvalidIdentifier, region_codes, validate_id_number, validate_uscc
from .models import (
    Certificate,
    Division,
    EducationLevel,
    EducationRecord,
    EmploymentRecord,
    Industry,
    Occupation,
    Organisation,
    Person,
    TalentCategoryRecord,
)


class RegistryInputError(InvalidIdentifier):
    """Bad input for a registry write; `field` names the input (the API answers 422)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}", field)


_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


# --- Field checks ---------------------------------------------------------------------------


def _text(value, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if any(not ch.isprintable() for ch in text):
        raise RegistryInputError(field, "含有不可打印的控制字符")
    if len(text) > max_length:
        raise RegistryInputError(field, f"不能超过{max_length}个字符")
    return text


def _name(value, field="name", max_length=64) -> str:
    name = _text(value, field, max_length)
    if not name:
        raise RegistryInputError(field, "不能为空")
    return name


def _phone(value) -> str:
    phone = (value or "").strip().replace(" ", "")
    if phone and not (_MOBILE_RE.match(phone) or _LANDLINE_RE.match(phone)):
        raise RegistryInputError("phone", f"电话号码{phone}格式不正确（手机11位，座机如0391-6633000）")
    return phone


def _region(value, field="hukou_region") -> str:
    code = (value or "").strip()
    if not code:
        return ""
    if not code.isdigit() or len(code) not in (6, 9, 12) or code[:6] not in region_codes():
        raise RegistryInputError(field, f"行政区划代码{code}不存在")
    return code


def _date(value, field: str, *, required=False, not_future=True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise RegistryInputError(field, "不能为空")
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise RegistryInputError(field, f"日期{value}无效（格式YYYY-MM-DD）")
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise RegistryInputError(field, "不是日期")
    if not_future and value > dt.date.today():
        raise RegistryInputError(field, f"日期{value.isoformat()}晚于今天")
    return value


def _choice(value, choices, field: str, *, blank=True) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    if not value:
        if blank:
            return ""
        raise RegistryInputError(field, "不能为空")
    if value not in choices.values:
        raise RegistryInputError(field, f"取值{value}无效，可选：{', '.join(choices.values)}")
    return value


def _entry(model, value, field: str, *, required=False, **filters):
    """A catalogue entry given as an instance, a primary key or (preferably) its code."""
    from .selectors import current_entry

    if value in (None, ""):
        if required:
            raise RegistryInputError(field, "不能为空")
        return None
    if isinstance(value, model):
        obj = value
    else:
        obj = current_entry(model, str(value).strip())
    if obj is None or any(getattr(obj, k) not in v for k, v in filters.items()):
        raise RegistryInputError(field, f"代码{value}不在{model._meta.verbose_name}目录中")
    return obj


def _residence(value):
    from django.conf import settings

    division = _entry(Division, value, "residence", level=("street", "town"))
    if division is not None and not division.code.startswith(settings.ZHIHUI_CITY_DIVISION):
        raise RegistryInputError("residence", f"{division.name}不是本市的街道或镇")
    return division


def _decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise RegistryInputError(field, f"{value}不是数字")
    if d < 0:
        raise RegistryInputError(field, "不能为负数")
    return d


def _set_id_number(person: Person, raw: str) -> None:
    rid = validate_id_number(raw, "id_number")
    digest = crypto.lookup_hash(rid.number)
    if Person.objects.filter(id_number_hash=digest).exclude(pk=person.pk).exists():
        raise RegistryInputError("id_number", "该身份证号码已登记")
    person.id_number_encrypted = crypto.encrypt(rid.number)
    person.id_number_hash = digest
    person.id_number_masked = rid.masked
    person.sex = rid.sex
    person.birth_date = rid.birth_date


# --- People ---------------------------------------------------------------------------------

PERSON_FIELDS = ("name", "phone", "hukou_region", "hukou_settled_on", "residence", "owns_home_in_jiyuan")


def _apply_person_fields(person: Person, data: dict) -> None:
    if "name" in data:
        person.name = _name(data["name"])
    if "phone" in data:
        person.phone = _phone(data["phone"])
    if "hukou_region" in data:
        person.hukou_region = _region(data["hukou_region"])
    if "hukou_settled_on" in data:
        person.hukou_settled_on = _date(data["hukou_settled_on"], "hukou_settled_on")
    if "residence" in data:
        person.residence = _residence(data["residence"])
    if "owns_home_in_jiyuan" in data:
        person.owns_home_in_jiyuan = data["owns_home_in_jiyuan"]


@transaction.atomic
def create_person(actor, *, name: str, id_number: str, **fields) -> Person:
    """Register a person. `id_number` is validated (length, check digit, birth date, region),
    sex and birth date derived from it, and it is stored encrypted + hashed + masked."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise RegistryInputError(sorted(unknown)[0], "未知字段")
    person = Person()
    _apply_person_fields(person, {"name": name, **fields})
    _set_id_number(person, id_number)
    person.save()
    audit.record(actor, audit.Action.CREATE, person, summary=f"登记人员 {person.name} {person.id_number_masked}",
                 after=audit.snapshot(person))
    return person


@transaction.atomic
def update_person(actor, person: Person, **changes) -> Person:
    """Change some fields of a person; `id_number` corrects the number (re-derives sex and birth)."""
    unknown = set(changes) - set(PERSON_FIELDS) - {"id_number"}
    if unknown:
        raise RegistryInputError(sorted(unknown)[0], "未知字段")
    if changes.get("id_number"):
        # A correction of the number needs evidence and keeps a history: a rights request
        # (zhihui/privacy, docs/privacy.md), applied by correct_person_field on its completion.
        raise RegistryInputError("id_number", "身份证号码的更正须提交更正申请并附证明材料（个人信息 › 权利请求）")
    changes.pop("id_number", None)
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(person)
    _apply_person_fields(person, changes)
    person.save()
    after = audit.snapshot(person)
    changed = {k: v for k, v in after.items() if before.get(k) != v and k != "updated_at"}
    audit.record(actor, audit.Action.UPDATE, person, summary=f"修改人员 {person.name}: {', '.join(changed) or '-'}",
                 before={k: before.get(k) for k in changed}, after=changed)
    return person


@transaction.atomic
def correct_person_field(actor, person: Person, field: str, value: str, *, reference: str) -> tuple[str, str]:
    """Apply a correction decided on a rights request; (old, new) as the history shows them
    (identity numbers masked). Called only by zhihui.privacy.actions.complete_request."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if field == "id_number":
        old = person.id_number_masked
        _set_id_number(person, value)
        new = person.id_number_masked
    elif field in ("name", "phone"):
        old = getattr(person, field)
        _apply_person_fields(person, {field: value})
        new = getattr(person, field)
    else:
        raise RegistryInputError(field, "此项不能通过更正申请修改")
    person.save()
    audit.record(actor, audit.Action.UPDATE, person, summary=f"更正 {field} ({reference}): {old} → {new}",
                 before={field: old}, after={field: new})
    return old, new


def record_person_view(actor, person: Person, *, channel: str = "web", what: str = "file") -> None:
    """Audit that `actor` opened `person`'s file (every opening, web or API)."""
    audit.record(actor, audit.Action.VIEW, person, summary=f"查看人员档案 {person.id_number_masked} ({audit.words(what)}，{audit.words(channel)})")


def record_employee_list_view(actor, organisation: Organisation, person_ids: list[int]) -> None:
    """Audit that a page of an organisation's employee list (names, masked numbers) was shown."""
    audit.record(actor, audit.Action.VIEW, organisation, summary=f"在职人员名单 ({len(person_ids)}人)",
                 after={"persons": person_ids})
    if getattr(actor, "organisation_id", None) == organisation.pk and person_ids:
        from zhihui.optional import import_optional

        privacy = import_optional("zhihui.privacy.actions")
        if privacy is not None:  # the employer is another body: the register of sharing
            privacy.register_sharing(actor, recipient=f"用人单位 {organisation.name}", legal_basis="就业登记（就业服务与就业管理规定）",
                                     purpose="核对本单位在职人员", categories="姓名、脱敏证件号、岗位", persons=person_ids,
                                     reference=organisation.uscc)


def _reveal_reason(actor, person, reason: str) -> str:
    """Staff state why they need the full value (kept in the audit row); the owner need not."""
    reason = " ".join((reason or "").split())[:120]
    if not perms.sees_full_id_number(actor, person) and len(reason) < 2:
        raise RegistryInputError("reason", "请说明查看完整信息的理由")
    return reason


@transaction.atomic
def reveal_id_number(actor, person: Person, *, channel: str = "web", reason: str = "") -> str:
    """The full identity number, for the roles allowed, with a stated reason; audited as its
    own REVEAL row (and limited per staff member per day: zhihui.core.ratelimits "reveal")."""
    require(perms.can_reveal_id_number(actor, person), "无权查看完整身份证号码")
    reason = _reveal_reason(actor, person, reason)
    audit.record(actor, audit.Action.REVEAL, person, summary=f"显示完整身份证号码 {person.id_number_masked} （{audit.words(channel)}）理由：{reason}")
    return crypto.decrypt(person.id_number_encrypted)


@transaction.atomic
def reveal_phone(actor, person: Person, *, channel: str = "web", reason: str = "") -> str:
    """The full phone number (masked everywhere by default), as for identity numbers."""
    require(perms.can_reveal_phone(actor, person), "无权查看完整手机号码")
    reason = _reveal_reason(actor, person, reason)
    audit.record(actor, audit.Action.REVEAL, person, summary=f"显示完整手机号码 {person.id_number_masked} （{audit.words(channel)}）理由：{reason}")
    return person.phone


def record_person_search(actor, q: str, count: int, *, channel: str = "web") -> None:
    """Audit a search of people: who searched for what (a number in it masked), how many found."""
    from zhihui.core.logging import mask_identity_numbers

    audit.record(actor, audit.Action.SEARCH, object_type="registry.person",
                 summary=f"查询人员 q={mask_identity_numbers(q)[:60]} → {count} 条（{audit.words(channel)}）")


def record_person_lookup(actor, person: Person | None, *, channel: str = "api") -> None:
    """Audit a look-up by full number (the number itself is not written)."""
    audit.record(actor, audit.Action.SEARCH, object_type="registry.person", object_id=person.pk if person else None,
                 summary=f"按完整身份证号码查找 → {'已找到' if person else '未找到'}（{audit.words(channel)}）",
                 outcome=audit.Outcome.OK if person else audit.Outcome.FAILED)


def full_id_number_for_owner(actor, person: Person) -> str:
    """A citizen's own number, shown in full on their own file (the file view is audited)."""
    require(perms.sees_full_id_number(actor, person), "无权查看完整身份证号码")
    return crypto.decrypt(person.id_number_encrypted)


OWN_COPY_PURPOSE = "本人查阅、复制（个人信息保护法第45条）"


@transaction.atomic
def export_person(actor, person: Person, *, channel: str = "web", purpose: str = "") -> dict:
    """The person's file as a JSON-able dict (number masked); audited as EXPORT, registered
    with its purpose and carrying a watermark naming who exported it (zhihui/privacy). The
    person's own copy holds everything held: applications, payments, consents, sharing …"""
    require(perms.can_export_person(actor, person), "无权导出人员档案")
    from zhihui.optional import import_optional

    from .selectors import person_file

    own = getattr(actor, "person_id", None) == person.pk
    purpose = (purpose or "").strip() or (OWN_COPY_PURPOSE if own else "")
    data = person_file(person)
    out = {
        "person": audit.snapshot(person),
        "education": [audit.snapshot(r) for r in data["education"]],
        "employment": [audit.snapshot(r) for r in data["employment"]],
        "talent_categories": [audit.snapshot(r) for r in data["talent_categories"]],
        "certificates": [audit.snapshot(r) for r in data["certificates"]],
    }
    privacy_actions = import_optional("zhihui.privacy.actions")
    if privacy_actions is not None:
        from zhihui.privacy.selectors import held_beyond_registry

        try:
            mark = privacy_actions.record_export(actor, purpose=purpose, what=f"人员档案 {person.id_number_masked}",
                                                 person=person)
        except privacy_actions.PrivacyError as exc:
            raise RegistryInputError("purpose", exc.message) from exc
        if own:
            out.update(held_beyond_registry(person))
        out = {"watermark": mark, "purpose": purpose, **out}
    audit.record(actor, audit.Action.EXPORT, person, summary=f"导出人员档案 {person.id_number_masked}（{audit.words(channel)}）")
    return out


# --- Records attached to a person -----------------------------------------------------------


@transaction.atomic
def add_education_record(actor, person: Person, *, level, school: str, graduation_date, degree: str = "",
                         major: str = "", full_time: bool = True, double_first_class: bool = False,
                         overseas: bool = False, school_in_city: bool = False) -> EducationRecord:
    record = EducationRecord(
        person=person,
        level=_entry(EducationLevel, level, "level", required=True),
        school=_name(school, "school", 120),
        major=_text(major, "major", 120),
        degree=degree or "",
        full_time=bool(full_time),
        double_first_class=bool(double_first_class),
        overseas=bool(overseas),
        school_in_city=bool(school_in_city),
        graduation_date=_date(graduation_date, "graduation_date", required=True, not_future=False),
    )
    if record.graduation_date < person.birth_date:
        raise RegistryInputError("graduation_date", "早于出生日期")
    record.save()
    audit.record(actor, audit.Action.CREATE, record, summary=f"教育经历 {person.id_number_masked} {record.school}",
                 after=audit.snapshot(record))
    return record


@transaction.atomic
def add_employment_record(actor, person: Person, *, start_date, organisation=None, form: str = EmploymentForm.EMPLOYEE,
                          occupation=None, post: str = Post.OTHER, frontline_professional: bool = False,
                          contract_years=None, newly_introduced: bool = False, monthly_wage=None) -> EmploymentRecord:
    if organisation is not None and not isinstance(organisation, Organisation):
        organisation = Organisation.objects.filter(pk=organisation).first() or _raise("organisation", f"单位{organisation}不存在")
    record = EmploymentRecord(
        person=person,
        organisation=organisation,
        form=_choice(form, EmploymentForm, "form", blank=False),
        occupation=_entry(Occupation, occupation, "occupation", level=(4,)),
        post=_choice(post, Post, "post", blank=False),
        frontline_professional=bool(frontline_professional),
        start_date=_date(start_date, "start_date", required=True),
        contract_years=_decimal(contract_years, "contract_years"),
        newly_introduced=bool(newly_introduced),
        monthly_wage=_decimal(monthly_wage, "monthly_wage"),
    )
    record.save()
    audit.record(actor, audit.Action.CREATE, record, summary=f"就业登记 {person.id_number_masked}",
                 after=audit.snapshot(record))
    return record


@transaction.atomic
def end_employment(actor, record: EmploymentRecord, end_date) -> EmploymentRecord:
    record = EmploymentRecord.objects.select_for_update().get(pk=record.pk)
    before = audit.snapshot(record, ["end_date"])
    end = _date(end_date, "end_date", required=True)
    if end < record.start_date:
        raise RegistryInputError("end_date", "早于入职日期")
    record.end_date = end
    record.save(update_fields=["end_date"])
    audit.record(actor, audit.Action.UPDATE, record, summary="离职", before=before, after={"end_date": end.isoformat()})
    return record


@transaction.atomic
def recognise_talent_category(actor, person: Person, *, category: str, recognised_on, source: str = RecognitionSource.LOCAL,
                              issuer: str = "", valid_to=None, is_special: bool = False, note: str = "") -> TalentCategoryRecord:
    """A new recognition supersedes the current one (its validity closes the day before)."""
    recognised = _date(recognised_on, "recognised_on", required=True)
    new = TalentCategoryRecord(
        person=person,
        category=_choice(category, TalentCategory, "category", blank=False),
        source=_choice(source, RecognitionSource, "source", blank=False),
        issuer=_text(issuer, "issuer", 120),
        recognised_on=recognised,
        valid_to=_date(valid_to, "valid_to", not_future=False),
        is_special=bool(is_special),
        note=_text(note, "note", 200),
    )
    for old in TalentCategoryRecord.objects.select_for_update().filter(person=person, recognised_on__lte=recognised).exclude(
        valid_to__lt=recognised
    ):
        before = audit.snapshot(old, ["valid_to"])
        old.valid_to = recognised - dt.timedelta(days=1)
        old.save(update_fields=["valid_to"])
        audit.record(actor, audit.Action.UPDATE, old, summary="人才类别认定被新认定取代", before=before,
                     after={"valid_to": old.valid_to.isoformat()})
    new.save()
    audit.record(actor, audit.Action.CREATE, new, summary=f"人才类别 {new.category} {person.id_number_masked}",
                 after=audit.snapshot(new))
    return new


@transaction.atomic
def add_certificate(actor, person: Person, *, kind: str, name: str, obtained_on, skill_level: str = "", title_level: str = "",
                    occupation=None, number: str = "", issuer: str = "", valid_to=None) -> Certificate:
    cert = Certificate(
        person=person,
        kind=_choice(kind, CertificateKind, "kind", blank=False),
        skill_level=_choice(skill_level, SkillLevel, "skill_level"),
        title_level=_choice(title_level, TitleLevel, "title_level"),
        name=_name(name, "name", 120),
        occupation=_entry(Occupation, occupation, "occupation", level=(4,)),
        number=_text(number, "number", 40),
        issuer=_text(issuer, "issuer", 120),
        obtained_on=_date(obtained_on, "obtained_on", required=True),
        valid_to=_date(valid_to, "valid_to", not_future=False),
    )
    cert.save()
    audit.record(actor, audit.Action.CREATE, cert, summary=f"证书 {cert.name} {person.id_number_masked}",
                 after=audit.snapshot(cert))
    return cert


def _raise(field, message):
    raise RegistryInputError(field, message)


# --- Organisations --------------------------------------------------------------------------

ORG_FIELDS = ("kind", "industry", "industry_chain", "size_class", "staff_count", "division", "address",
              "is_key_enterprise", "is_above_designated_size", "is_high_tech", "established_on")


def _apply_org_fields(org: Organisation, data: dict) -> None:
    if "name" in data:
        org.name = _name(data["name"], "name", 200)
    if "kind" in data:
        org.kind = _choice(data["kind"], OrgKind, "kind", blank=False)
    if "industry" in data:
        org.industry = _entry(Industry, data["industry"], "industry")
        if org.industry is not None and not data.get("industry_chain") and org.industry.chain:
            org.industry_chain = org.industry.chain
    if "industry_chain" in data and data["industry_chain"]:
        org.industry_chain = _choice(data["industry_chain"], IndustryChain, "industry_chain")
    if "size_class" in data:
        org.size_class = _choice(data["size_class"], SizeClass, "size_class")
    if "staff_count" in data:
        count = data["staff_count"]
        if count not in (None, "") and (not str(count).isdigit()):
            raise RegistryInputError("staff_count", f"{count}不是非负整数")
        org.staff_count = int(count) if count not in (None, "") else None
    if "division" in data:
        org.division = _entry(Division, data["division"], "division")
    if "address" in data:
        org.address = _text(data["address"], "address", 200)
    for flag in ("is_key_enterprise", "is_above_designated_size", "is_high_tech"):
        if flag in data:
            setattr(org, flag, bool(data[flag]))
    if "established_on" in data:
        org.established_on = _date(data["established_on"], "established_on")


@transaction.atomic
def create_organisation(actor, *, name: str, uscc: str, kind: str, **fields) -> Organisation:
    unknown = set(fields) - set(ORG_FIELDS)
    if unknown:
        raise RegistryInputError(sorted(unknown)[0], "未知字段")
    code = validate_uscc(uscc, "uscc")
    if Organisation.objects.filter(uscc=code).exists():
        raise RegistryInputError("uscc", f"统一社会信用代码{code}已登记")
    org = Organisation(uscc=code)
    _apply_org_fields(org, {"name": name, "kind": kind, **fields})
    org.save()
    audit.record(actor, audit.Action.CREATE, org, summary=f"登记单位 {org.name} {org.uscc}", after=audit.snapshot(org))
    return org


@transaction.atomic
def update_organisation(actor, org: Organisation, **changes) -> Organisation:
    unknown = set(changes) - set(ORG_FIELDS) - {"name", "uscc"}
    if unknown:
        raise RegistryInputError(sorted(unknown)[0], "未知字段")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org)
    if changes.get("uscc"):
        code = validate_uscc(changes["uscc"], "uscc")
        if Organisation.objects.filter(uscc=code).exclude(pk=org.pk).exists():
            raise RegistryInputError("uscc", f"统一社会信用代码{code}已登记")
        org.uscc = code
    _apply_org_fields(org, changes)
    org.save()
    after = audit.snapshot(org)
    changed = {k: v for k, v in after.items() if before.get(k) != v and k != "updated_at"}
    audit.record(actor, audit.Action.UPDATE, org, summary=f"修改单位 {org.name}: {', '.join(changed) or '-'}",
                 before={k: before.get(k) for k in changed}, after=changed)
    return org


# --- Catalogues (administrators, through the Django admin or the CLI) -----------------------


@transaction.atomic
def save_catalogue_entry(actor, entry, *, before: dict | None = None):
    """Create or correct a catalogue entry in place (a typo, a missing name). Audited."""
    require(actor in ("setup", "cli") or perms.can_manage_catalogues(actor), "只有部门管理员可以维护目录")
    if entry.valid_to and entry.valid_to < entry.valid_from:
        raise RegistryInputError("valid_to", "失效日期早于生效日期")
    is_new = entry.pk is None
    entry.save()
    audit.record(actor, audit.Action.CREATE if is_new else audit.Action.UPDATE, entry,
                 summary=f"目录 {entry._meta.verbose_name} {entry.code} {entry.name}", before=before,
                 after=audit.snapshot(entry))
    return entry


@transaction.atomic
def supersede_catalogue_entry(actor, entry, *, valid_from, **changes):
    """Replace an entry from a date on: the old row closes the day before (kept for history,
    for records that refer to it), a new row with the same code takes the changes, and the
    children of the old row move to the new one."""
    require(actor in ("setup", "cli") or perms.can_manage_catalogues(actor), "只有部门管理员可以维护目录")
    model = type(entry)
    start = _date(valid_from, "valid_from", required=True, not_future=False)
    entry = model.objects.select_for_update().get(pk=entry.pk)
    if start <= entry.valid_from:
        raise RegistryInputError("valid_from", f"新条目的生效日期须晚于原条目的生效日期{entry.valid_from.isoformat()}")
    if entry.valid_to is not None and entry.valid_to < start:
        raise RegistryInputError("valid_from", "原条目已失效，不能再被取代")
    before = audit.snapshot(entry)
    new = model.objects.get(pk=entry.pk)
    new.pk = new.id = None
    for key, value in changes.items():
        if key in {"id", "pk", "code", "valid_from"}:
            continue
        setattr(new, key, value)
    new.valid_from = start
    new.valid_to = changes.get("valid_to", entry.valid_to)  # usually open-ended
    if new.valid_to is not None and new.valid_to < start:
        raise RegistryInputError("valid_to", "失效日期早于生效日期")
    entry.valid_to = start - dt.timedelta(days=1)
    entry.save(update_fields=["valid_to"])
    new.save()
    if hasattr(model, "parent"):
        model.objects.filter(parent=entry, valid_to__isnull=True).update(parent=new)
    audit.record(actor, audit.Action.UPDATE, entry, summary=f"目录条目 {entry.code} 自{start.isoformat()}起被取代",
                 before=before, after=audit.snapshot(entry))
    audit.record(actor, audit.Action.CREATE, new, summary=f"目录条目 {new.code} {new.name} 自{start.isoformat()}起生效",
                 after=audit.snapshot(new))
    return new
