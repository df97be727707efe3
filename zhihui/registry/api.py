"""Registry API under /api/v1/registry/ (session auth; unsafe methods need the CSRF token).

Identity numbers: lists and files carry the masked number only. A full number never goes in
a URL: look-up by full number is `POST /persons/lookup`, and `GET /persons?q=` refuses a full
number (422). The full number of a file is returned by `POST /persons/{id}/reveal` to the roles
allowed, with a stated reason (audited, limited per day, `Cache-Control: no-store`); phone
numbers likewise through `POST /persons/{id}/reveal-phone`. Lists never carry the birth date
(the masked number hides exactly it); a file gives the age. Every `GET /persons/{id}` writes
an audit VIEW row, every search or look-up a SEARCH row.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from zhihui.core.perms import require, require_object

from . import actions, perms, selectors
from .ids import age_on, looks_like_full_id_number, mask_phone
from .models import Organisation, Person

# Upper bound for list offsets: past PostgreSQL's bigint range the query failed (HTTP 500);
# now such an offset is a 422 naming the field.
OFFSET_MAX = 10**9

router = Router(auth=django_auth, tags=["registry"])


class FieldErrorOut(Schema):
    detail: list[dict]


class PersonListItem(Schema):
    """Masked number, no birth date: the masked form hides exactly the birth date, so the two
    together are the full number (issue 12, found 1)."""

    id: int
    name: str
    id_number_masked: str
    sex: str
    residence: str | None = None


class PersonPage(Schema):
    count: int
    items: list[PersonListItem]


class EducationOut(Schema):
    level: str
    level_name: str
    school: str
    major: str
    full_time: bool
    double_first_class: bool
    graduation_date: dt.date


class EmploymentOut(Schema):
    organisation: str | None
    form: str
    occupation: str | None
    start_date: dt.date
    end_date: dt.date | None


class TalentOut(Schema):
    category: str
    source: str
    recognised_on: dt.date
    valid_to: dt.date | None


class CertificateOut(Schema):
    kind: str
    name: str
    skill_level: str
    title_level: str
    obtained_on: dt.date


class PersonOut(PersonListItem):
    age: int
    birth_date: dt.date | None = None  # only for the person themself (staff: age; reveal for the number)
    phone_masked: str
    hukou_region: str
    hukou_settled_on: dt.date | None
    residence_code: str | None = None
    education: list[EducationOut] = []
    employment: list[EmploymentOut] = []
    talent_categories: list[TalentOut] = []
    certificates: list[CertificateOut] = []


class PersonIn(Schema):
    name: str = Field(..., max_length=64)
    id_number: str = Field(..., description="18 characters; a final lower-case x is accepted")
    phone: str = ""
    hukou_region: str = ""
    hukou_settled_on: dt.date | None = None
    residence: str | None = Field(None, description="division code of a Jiyuan street or town, e.g. 419001001")
    owns_home_in_jiyuan: bool | None = None


class PersonPatch(Schema):
    name: str | None = None
    id_number: str | None = None
    phone: str | None = None
    hukou_region: str | None = None
    hukou_settled_on: dt.date | None = None
    residence: str | None = None
    owns_home_in_jiyuan: bool | None = None


class LookupIn(Schema):
    id_number: str


class RevealOut(Schema):
    id: int
    id_number: str


class PhoneRevealOut(Schema):
    id: int
    phone: str


class OrganisationOut(Schema):
    id: int
    name: str
    uscc: str
    kind: str
    industry: str | None = None
    industry_chain: str
    size_class: str
    division: str | None = None
    address: str
    is_key_enterprise: bool
    is_above_designated_size: bool
    is_high_tech: bool
    staff_count: int | None


class OrganisationPage(Schema):
    count: int
    items: list[OrganisationOut]


class OrganisationIn(Schema):
    name: str = Field(..., max_length=200)
    uscc: str
    kind: str
    industry: str | None = None
    industry_chain: str = ""
    size_class: str = ""
    staff_count: int | None = Field(None, ge=0)
    division: str | None = None
    address: str = ""
    is_key_enterprise: bool = False
    is_above_designated_size: bool = False
    is_high_tech: bool = False
    established_on: dt.date | None = None


class OrganisationPatch(Schema):
    name: str | None = None
    uscc: str | None = None
    kind: str | None = None
    industry: str | None = None
    industry_chain: str | None = None
    size_class: str | None = None
    staff_count: int | None = Field(None, ge=0)
    division: str | None = None
    address: str | None = None
    is_key_enterprise: bool | None = None
    is_above_designated_size: bool | None = None
    is_high_tech: bool | None = None
    established_on: dt.date | None = None


class CatalogueItem(Schema):
    code: str
    name: str
    level: str | None = None
    parent: str | None = None
    valid_from: dt.date
    valid_to: dt.date | None
    extra: dict = {}


class CataloguePage(Schema):
    count: int
    items: list[CatalogueItem]


# --- helpers --------------------------------------------------------------------------------


def _list_item(p: Person) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "id_number_masked": p.id_number_masked,
        "sex": p.sex,
        "residence": p.residence.name if p.residence_id else None,
    }


def _person_out(p: Person, user=None) -> dict:
    data = selectors.person_file(p)
    own = user is not None and perms.sees_full_id_number(user, p)
    return {
        **_list_item(p),
        "age": age_on(p.birth_date),
        "birth_date": p.birth_date if own else None,
        "phone_masked": mask_phone(p.phone),
        "hukou_region": p.hukou_region,
        "hukou_settled_on": p.hukou_settled_on,
        "residence_code": p.residence.code if p.residence_id else None,
        "education": [
            {"level": e.level.code, "level_name": e.level.name, "school": e.school, "major": e.major,
             "full_time": e.full_time, "double_first_class": e.double_first_class, "graduation_date": e.graduation_date}
            for e in data["education"]
        ],
        "employment": [
            {"organisation": e.organisation.name if e.organisation_id else None, "form": e.form,
             "occupation": e.occupation.code if e.occupation_id else None, "start_date": e.start_date,
             "end_date": e.end_date}
            for e in data["employment"]
        ],
        "talent_categories": [
            {"category": t.category, "source": t.source, "recognised_on": t.recognised_on, "valid_to": t.valid_to}
            for t in data["talent_categories"]
        ],
        "certificates": [
            {"kind": c.kind, "name": c.name, "skill_level": c.skill_level, "title_level": c.title_level,
             "obtained_on": c.obtained_on}
            for c in data["certificates"]
        ],
    }


def _org_out(o: Organisation) -> dict:
    return {
        "id": o.pk, "name": o.name, "uscc": o.uscc, "kind": o.kind,
        "industry": o.industry.code if o.industry_id else None, "industry_chain": o.industry_chain,
        "size_class": o.size_class, "division": o.division.code if o.division_id else None, "address": o.address,
        "is_key_enterprise": o.is_key_enterprise, "is_above_designated_size": o.is_above_designated_size,
        "is_high_tech": o.is_high_tech, "staff_count": o.staff_count,
    }


def _reason(request) -> str:
    """`reason` from a JSON body ({"reason": "…"}) or a form field (the body is read once)."""
    if "json" in (request.content_type or ""):
        import json

        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return ""
        value = data.get("reason", "") if isinstance(data, dict) else ""
        return value if isinstance(value, str) else ""
    return request.POST.get("reason", "")


def _field_error(field: str, message: str):
    return Status(422, {"detail": [{"loc": ["body", field], "msg": message}]})


# --- people ---------------------------------------------------------------------------------


@router.get("/persons", response={200: PersonPage, 422: FieldErrorOut}, summary="Search people (masked numbers)")
def list_persons(request, q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=OFFSET_MAX)):
    require(perms.can_search_persons(request.user), "无权查询人员")
    if looks_like_full_id_number(q):
        return _field_error("q", "完整身份证号码不能放在网址中：请用 POST /api/v1/registry/persons/lookup")
    qs = selectors.search_persons(q)
    count = qs.count()
    actions.record_person_search(request.user, q, count, channel="api")
    return {"count": count, "items": [_list_item(p) for p in qs[offset : offset + limit]]}


@router.post("/persons/lookup", response={200: PersonListItem, 404: dict}, summary="Find a person by full identity number")
def lookup_person(request, payload: LookupIn):
    require(perms.can_search_persons(request.user), "无权查询人员")
    person = selectors.person_by_id_number(payload.id_number)
    actions.record_person_lookup(request.user, person, channel="api")
    if person is None:
        return Status(404, {"detail": "not found"})
    return _list_item(person)


@router.get("/persons/{person_id}", response=PersonOut, summary="A person's file (audited)")
def get_person(request, person_id: int):
    person = get_object_or_404(Person.objects.select_related("residence"), pk=person_id)
    require_object(perms.can_view_person(request.user, person), request.user, "无权查看此人员档案")
    actions.record_person_view(request.user, person, channel="api")
    return _person_out(person, request.user)


@router.post("/persons/{person_id}/reveal", response={200: RevealOut, 422: FieldErrorOut},
             summary="The full identity number (reason required for staff; audited; limited per day)")
def reveal_person_id(request, response: HttpResponse, person_id: int):
    person = get_object_or_404(Person, pk=person_id)
    require_object(perms.can_view_person(request.user, person), request.user, "无权查看此人员档案")
    response.headers["Cache-Control"] = "no-store"
    reason = _reason(request)
    return {"id": person.pk, "id_number": actions.reveal_id_number(request.user, person, channel="api", reason=reason)}


@router.post("/persons/{person_id}/reveal-phone", response={200: PhoneRevealOut, 422: FieldErrorOut},
             summary="The full phone number (reason required for staff; audited; limited per day)")
def reveal_person_phone(request, response: HttpResponse, person_id: int):
    person = get_object_or_404(Person, pk=person_id)
    require_object(perms.can_view_person(request.user, person), request.user, "无权查看此人员档案")
    response.headers["Cache-Control"] = "no-store"
    reason = _reason(request)
    return {"id": person.pk, "phone": actions.reveal_phone(request.user, person, channel="api", reason=reason)}


@router.post("/persons", response={201: PersonOut, 422: FieldErrorOut}, summary="Register a person")
def create_person(request, payload: PersonIn):
    require(perms.can_create_person(request.user), "无权登记人员")
    data = payload.dict()
    person = actions.create_person(request.user, **{k: v for k, v in data.items() if v is not None or k == "owns_home_in_jiyuan"})
    return Status(201, _person_out(person, request.user))


@router.patch("/persons/{person_id}", response={200: PersonOut, 422: FieldErrorOut}, summary="Change a person's fields")
def update_person(request, person_id: int, payload: PersonPatch):
    person = get_object_or_404(Person, pk=person_id)
    require(perms.can_edit_person(request.user, person), "无权修改人员")
    person = actions.update_person(request.user, person, **payload.dict(exclude_unset=True))
    return _person_out(person, request.user)


# --- organisations --------------------------------------------------------------------------


@router.get("/organisations", response=OrganisationPage, summary="Search organisations (name or credit code)")
def list_organisations(request, q: str = Query("", max_length=100), limit: int = Query(20, ge=1, le=100), offset: int = Query(0, ge=0, le=OFFSET_MAX)):
    require(perms.can_search_organisations(request.user), "无权查询单位")
    qs = selectors.search_organisations(q)
    return {"count": qs.count(), "items": [_org_out(o) for o in qs[offset : offset + limit]]}


@router.get("/organisations/{org_id}", response=OrganisationOut, summary="An organisation")
def get_organisation(request, org_id: int):
    org = get_object_or_404(Organisation.objects.select_related("industry", "division"), pk=org_id)
    require_object(perms.can_view_organisation(request.user, org), request.user, "无权查看此单位")
    return _org_out(org)


@router.post("/organisations", response={201: OrganisationOut, 422: FieldErrorOut}, summary="Register an organisation")
def create_organisation(request, payload: OrganisationIn):
    require(perms.can_create_organisation(request.user), "无权登记单位")
    data = {k: v for k, v in payload.dict().items() if v is not None}
    org = actions.create_organisation(request.user, **data)
    return Status(201, _org_out(org))


@router.patch("/organisations/{org_id}", response={200: OrganisationOut, 422: FieldErrorOut}, summary="Change an organisation")
def update_organisation(request, org_id: int, payload: OrganisationPatch):
    org = get_object_or_404(Organisation, pk=org_id)
    require(perms.can_edit_organisation(request.user, org), "无权修改单位")
    org = actions.update_organisation(request.user, org, **payload.dict(exclude_unset=True))
    return _org_out(org)


# --- catalogues -----------------------------------------------------------------------------

CATALOGUE_KINDS = {"divisions", "occupations", "industries", "education-levels"}


@router.get("/catalogues/{kind}", response={200: CataloguePage, 404: dict}, summary="Catalogue entries valid on a day")
def list_catalogue(request, kind: str, level: int | None = Query(None, ge=1, le=4), parent: str = "", q: str = Query("", max_length=50),
                   on: dt.date | None = None, limit: int = Query(100, ge=1, le=2000), offset: int = Query(0, ge=0, le=OFFSET_MAX)):
    require(perms.can_read_catalogues(request.user))
    if kind not in CATALOGUE_KINDS:
        return Status(404, {"detail": f"unknown catalogue {kind}; one of {', '.join(sorted(CATALOGUE_KINDS))}"})
    qs = selectors.catalogue_entries(kind, level=level, parent=parent or None, q=q, on=on).select_related(
        *(["parent"] if kind != "education-levels" else [])
    )
    items = []
    for e in qs[offset : offset + limit]:
        extra = {}
        if kind == "occupations":
            extra = {"is_green": e.is_green, "is_digital": e.is_digital}
        elif kind == "industries":
            extra = {"chain": e.chain}
        elif kind == "education-levels":
            extra = {"rank": e.rank, "engine_degree": e.engine_degree}
        items.append({
            "code": e.code, "name": e.name, "level": str(getattr(e, "level", "")) or None,
            "parent": e.parent.code if getattr(e, "parent_id", None) else None,
            "valid_from": e.valid_from, "valid_to": e.valid_to, "extra": extra,
        })
    return {"count": qs.count(), "items": items}
