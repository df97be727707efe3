"""Read side of the 王屋英才 card register, shared by the pages and the API (writes are in
actions.py; a staff view of a card is audited by the page or API that shows it)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhihui.core.crypto import lookup_hash
from zhihui.registry.ids import normalize_id_number
from zhihui.registry.models import Person, TalentCategoryRecord

from .enums import CardStatus
from .models import TalentCard


def card(number: str, *related: str) -> TalentCard:
    """The card `number` with its holder (and `related`), or 404."""
    return get_object_or_404(TalentCard.objects.select_related("person", *related), number=number)


def replaced_by(card: TalentCard) -> TalentCard | None:
    """The card issued to replace `card`, if any."""
    return TalentCard.objects.filter(replaces=card).first()


def cards(q: str = "", status: str | None = None) -> QuerySet[TalentCard]:
    """The register, newest first: `q` is an identity number (matched by its keyed hash), a card
    number or a holder's name; `status` one of CardStatus."""
    qs = TalentCard.objects.select_related("person").order_by("-issued_on", "-id")
    q = (q or "").strip()
    if q:
        if len(q) == 18:
            qs = qs.filter(person__id_number_hash=lookup_hash(normalize_id_number(q)))
        else:
            qs = qs.filter(Q(number__iexact=q) | Q(person__name=q))
    if status in CardStatus.values:
        qs = qs.filter(status=status)
    return qs


def recent_recognitions(limit: int = 20) -> list[TalentCategoryRecord]:
    return list(TalentCategoryRecord.objects.select_related("person").order_by("-id")[:limit])


def find_person(value: str) -> Person | None:
    """An 18-character identity number (looked up by its keyed hash) or an internal person id."""
    value = (value or "").strip()
    if len(value) == 18:
        return Person.objects.filter(id_number_hash=lookup_hash(normalize_id_number(value))).first()
    if value.isdigit():
        return Person.objects.filter(pk=int(value)).first()
    return None
