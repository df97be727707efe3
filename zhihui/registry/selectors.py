"""Read-side queries of the registry (searches, current catalogue entries). No writes here;
audit rows for reads are written by the callers through actions.record_person_view()."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import Left, Right

from zhihui.core import crypto

from .ids import parse_id_query
from .models import (
    Division,
    EducationLevel,
    EmploymentRecord,
    Industry,
    Occupation,
    Organisation,
    Person,
)

MAX_PAGE = 100

CATALOGUE_MODELS = {
    "divisions": Division,
    "occupations": Occupation,
    "industries": Industry,
    "education-levels": EducationLevel,
}


def clean_query(q: str | None, max_length: int = 100) -> str:
    """A search term as typed, minus control characters (PostgreSQL refuses NUL in text)."""
    return "".join(ch for ch in (q or "") if ch.isprintable()).strip()[:max_length]


def search_persons(q: str) -> QuerySet[Person]:
    """By name (contains), by full number (keyed hash), by masked number as shown
    ("419001********123X") or by its last four characters ("123X")."""
    q = clean_query(q)
    qs = Person.objects.select_related("residence").order_by("name", "id")
    if not q:
        return qs.none()
    idq = parse_id_query(q)
    if idq.kind == "full":
        return qs.filter(id_number_hash=crypto.lookup_hash(idq.number))
    if idq.kind in ("masked", "last4"):
        # RIGHT(id_number_masked, 4) is indexed (person_id_last4); endswith would scan.
        qs = qs.annotate(_id_last4=Right("id_number_masked", 4)).filter(_id_last4=idq.suffix)
        if idq.kind == "masked":
            # LEFT(…) rather than startswith: the region prefix is shared by most residents, and a
            # LIKE would tempt the planner onto the (useless) prefix index.
            qs = qs.annotate(_id_prefix=Left("id_number_masked", 6)).filter(_id_prefix=idq.prefix)
        return qs
    # Names are matched from their first character (surname first), which the name index
    # serves; a "contains" search scans the whole table (1.7 s at 730,000 residents).
    return qs.filter(name__startswith=q[:64])


def person_by_id_number(number: str) -> Person | None:
    idq = parse_id_query(number)
    if idq.kind != "full":
        return None
    return Person.objects.filter(id_number_hash=crypto.lookup_hash(idq.number)).first()


def search_organisations(q: str) -> QuerySet[Organisation]:
    """By name (contains) or unified social credit code (exact or prefix)."""
    q = clean_query(q)
    qs = Organisation.objects.select_related("industry", "division").order_by("name", "id")
    if not q:
        return qs.none()
    code = q.upper()
    if len(code) >= 6 and code.isalnum() and any(c.isdigit() for c in code):
        return qs.filter(Q(uscc__startswith=code) | Q(name__contains=q[:200]))
    return qs.filter(name__contains=q[:200])


def current_employees(organisation: Organisation) -> QuerySet[EmploymentRecord]:
    return (
        EmploymentRecord.objects.filter(organisation=organisation, end_date__isnull=True)
        .select_related("person", "occupation")
        .order_by("person__name", "person_id")
    )


def person_file(person: Person) -> dict:
    """Everything shown on a person's page (the number stays masked here)."""
    return {
        "person": person,
        "education": list(person.education_records.select_related("level")),
        "employment": list(person.employment_records.select_related("organisation", "occupation")),
        "talent_categories": list(person.talent_categories.all()),
        "certificates": list(person.certificates.select_related("occupation")),
        "pension": getattr(person, "pension", None),  # reverse one-to-one: AttributeError if absent
    }


def catalogue_entries(kind: str, *, level: int | None = None, parent: str | None = None, q: str = "",
                      on: dt.date | None = None) -> QuerySet:
    """Entries of one catalogue valid on a day (default today)."""
    model = CATALOGUE_MODELS[kind]
    on = on or dt.date.today()
    qs = model.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    if level is not None and hasattr(model, "level"):
        qs = qs.filter(level=level)
    if parent and hasattr(model, "parent"):
        qs = qs.filter(parent__code=clean_query(parent, 20))
    q = clean_query(q, 50)
    if q:
        qs = qs.filter(Q(code__startswith=q) | Q(name__contains=q))
    return qs.order_by("code")


def current_entry(model, code: str, on: dt.date | None = None):
    on = on or dt.date.today()
    return (
        model.objects.filter(code=code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def jiyuan_residence_divisions() -> QuerySet[Division]:
    """The 5 streets and 11 towns a resident can live in."""
    from django.conf import settings

    return catalogue_entries("divisions").filter(
        level__in=["street", "town"], code__startswith=settings.ZHIHUI_CITY_DIVISION
    )
