"""The write path of talent recognitions and 王屋英才 cards. Every function runs in one
transaction and writes its audit row; views, API, CLI and the window call only these.

Recognitions (TalentCategoryRecord, plan L125) are superseded, never edited: a new recognition
closes the person's current ones (`valid_to` = the day before it), and a card of another
category is revoked with that reason. Cards are issued only to a person with a current
recognition; issuing a new card revokes the person's active one ("已换发新卡").
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from zhihui.core import audit
from zhihui.core.errors import FieldError
from zhihui.core.numbers import next_number
from zhihui.registry.enums import RecognitionSource, TalentCategory
from zhihui.registry.models import EmploymentRecord, Person, TalentCategoryRecord

from . import signing
from .models import CardStatus, TalentCard
from .verify import TOKEN_TYPE, today_in_city

# The plan does not say how long a card is valid; three years matches the three-year living
# allowances (L131). A card never outlives the recognition it rests on.
DEFAULT_VALID_YEARS = 3
NUMBER_PREFIX = "WY"

# Mutual recognition (高端人才共认, L125, C5-R03): D and above recognised by Henan province or by
# a "1+8" Zhengzhou metropolitan-area city map to the same Jiyuan class.
MUTUAL_SOURCES = (RecognitionSource.HENAN, RecognitionSource.CITY_1_8)
MUTUAL_RECOGNITION_MAP = {"A": "A", "B": "B", "C": "C", "D": "D"}
CITIES_1_8 = ("郑州", "洛阳", "开封", "许昌", "新乡", "焦作", "平顶山", "漯河")
LOCAL_ISSUER = "济源示范区人才工作领导小组办公室"
LEADING_GROUP_ISSUER = "济源示范区人才工作领导小组"

_CARD_FIELDS = ["person", "category", "is_special", "recognition", "number", "issued_on", "valid_until",
                "status", "revoked_at", "revocation_reason", "key_id", "replaces"]


class TalentError(FieldError):
    """Refused input or action; `field` names the input at fault (for forms and the API)."""


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- Reading ----------------------------------------------------------------------------------


def current_recognitions(person: Person, today: dt.date | None = None):
    today = today or today_in_city()
    return (
        TalentCategoryRecord.objects.filter(person=person, recognised_on__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("-recognised_on", "-id")
    )


def current_recognition(person: Person, today: dt.date | None = None) -> TalentCategoryRecord | None:
    return current_recognitions(person, today).first()


def active_card(person: Person) -> TalentCard | None:
    return TalentCard.objects.filter(person=person, status=CardStatus.ACTIVE).first()


# --- Cards ------------------------------------------------------------------------------------


def _next_number(year: int) -> str:
    return next_number(TalentCard.objects.all(), f"{NUMBER_PREFIX}{year}", 6)


def card_payload(card: TalentCard) -> dict:
    """What the code says. The masked identity number, never the full one."""
    return {
        "t": TOKEN_TYPE,
        "v": 1,
        "no": card.number,
        "n": card.person.name,
        "id": card.person.id_number_masked,
        "c": card.category,
        "s": 1 if card.is_special else 0,
        "iss": card.issued_on.isoformat(),
        "exp": card.valid_until.isoformat(),
    }


def _revoke(actor, card: TalentCard, reason: str) -> TalentCard:
    before = audit.snapshot(card, _CARD_FIELDS)
    card.status = CardStatus.REVOKED
    card.revoked_at = timezone.now()
    card.revocation_reason = reason[:200]
    card.revoked_by = _user(actor)
    card.save(update_fields=["status", "revoked_at", "revocation_reason", "revoked_by"])
    audit.record(actor, audit.Action.TRANSITION, card, summary=f"注销人才卡 {card.number}：{reason}"[:255],
                 before=before, after=audit.snapshot(card, _CARD_FIELDS))
    return card


@transaction.atomic
def issue_card(
    actor,
    person: Person,
    *,
    category: str | None = None,
    valid_years: int = DEFAULT_VALID_YEARS,
    today: dt.date | None = None,
    _replaces: TalentCard | None = None,
    _valid_until: dt.date | None = None,
) -> TalentCard:
    """Issue a 王屋英才 card to a person with a current talent-category recognition.

    `category` (optional) must be the category of a current recognition; by default the most
    recent current one is used. A person's active card, if any, is revoked ("已换发新卡") and
    the new card points at it. The window calls this when it approves a recognition.
    """
    today = today or today_in_city()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if category is not None and category not in TalentCategory.values:
        raise TalentError(gettext("category: 人才类别应为 A–G 之一，收到 %(value)r") % {"value": category}, "category")
    if not isinstance(valid_years, int) or not 1 <= valid_years <= 10:
        raise TalentError(gettext("valid_years: 有效年限应为1到10年"), "valid_years")
    records = list(current_recognitions(person, today))
    if category is not None:
        records = [r for r in records if r.category == category]
    if not records:
        field = "category" if category else "person"
        text = (gettext("%(name)s没有有效的%(category)s类人才类别认定，不能发卡") if category
                else gettext("%(name)s没有有效的任何人才类别认定，不能发卡"))
        raise TalentError(f"{field}: " + text % {"name": person.name, "category": category}, field)
    recognition = records[0]
    valid_until = _valid_until or (_add_years(today, valid_years) - dt.timedelta(days=1))
    if recognition.valid_to is not None:
        valid_until = min(valid_until, recognition.valid_to)

    previous = _replaces or active_card(person)
    card = TalentCard(
        person=person,
        category=recognition.category,
        is_special=recognition.is_special,
        recognition=recognition,
        issued_on=today,
        valid_until=valid_until,
        issued_by=_user(actor),
        replaces=previous,
    )
    replacing = previous is not None and previous.status == CardStatus.ACTIVE
    if replacing:  # first, so that the person never holds two active cards
        _revoke(actor, previous, "已换发新卡")
    for attempt in range(5):
        # Two windows issuing at the same moment may pick the same next number: the unique
        # constraint refuses the second, which takes the next one (the person's row is locked,
        # so this is never a second card for the same person).
        card.number = _next_number(today.year)
        card.token, card.key_id = signing.sign_card(card_payload(card))
        try:
            with transaction.atomic():
                card.save()
            break
        except IntegrityError:
            card.pk = None
            if attempt == 4:
                raise
    if replacing:
        previous.revocation_reason = f"已换发新卡 {card.number}"
        previous.save(update_fields=["revocation_reason"])
    audit.record(actor, audit.Action.CREATE, card,
                 summary=f"向人员 {person.pk} 发放人才卡 {card.number}（{card.category}类）",
                 after=audit.snapshot(card, _CARD_FIELDS))
    return card


@transaction.atomic
def revoke_card(actor, card: TalentCard, reason: str) -> TalentCard:
    reason = (reason or "").strip()
    if not reason:
        raise TalentError(gettext("reason: 注销须说明原因"), "reason")
    card = TalentCard.objects.select_for_update().get(pk=card.pk)
    if card.status == CardStatus.REVOKED:
        raise TalentError(gettext("card: 卡 %(number)s 已于 %(date)s 注销") % {"number": card.number, "date": f"{timezone.localtime(card.revoked_at):%Y-%m-%d}"}, "card")
    return _revoke(actor, card, reason)


@transaction.atomic
def reissue_card(actor, card: TalentCard, reason: str, *, today: dt.date | None = None) -> TalentCard:
    """A replacement (lost, damaged, name corrected): new number and code, same category and
    end date; the old card is revoked with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise TalentError(gettext("reason: 补换卡须说明原因"), "reason")
    card = TalentCard.objects.select_for_update().get(pk=card.pk)
    if card.status != CardStatus.ACTIVE or card.effective_status(today) != CardStatus.ACTIVE:
        raise TalentError(gettext("card: 卡 %(number)s 不是有效卡，不能补换；请重新发卡") % {"number": card.number}, "card")
    new_card = issue_card(actor, card.person, category=card.category, today=today,
                          _replaces=card, _valid_until=card.valid_until)
    # issue_card revoked the old card with "已换发新卡"; record the citizen's reason as well.
    card.refresh_from_db()
    card.revocation_reason = f"{reason}，已补发新卡 {new_card.number}"[:200]
    card.save(update_fields=["revocation_reason"])
    audit.record(actor, audit.Action.UPDATE, card, summary=f"补发人才卡 {card.number} → {new_card.number}：{reason}"[:255],
                 after={"revocation_reason": card.revocation_reason})
    return new_card


@transaction.atomic
def expire_cards(actor=None, *, today: dt.date | None = None) -> int:
    """Mark active cards past their end date as expired (the nightly sweep). Returns how many."""
    today = today or today_in_city()
    count = 0
    for card in TalentCard.objects.select_for_update().filter(status=CardStatus.ACTIVE, valid_until__lt=today):
        card.status = CardStatus.EXPIRED
        card.save(update_fields=["status"])
        audit.record(actor, audit.Action.TRANSITION, card, summary=f"人才卡 {card.number} 已于 {card.valid_until} 到期",
                     before={"status": CardStatus.ACTIVE}, after={"status": CardStatus.EXPIRED})
        count += 1
    return count


def revocation_entries() -> list[dict]:
    rows = TalentCard.objects.filter(status=CardStatus.REVOKED).order_by("number").values_list(
        "number", "revocation_reason", "revoked_at")
    return [{"no": no, "reason": reason, "on": timezone.localtime(at).date().isoformat() if at else ""}
            for no, reason, at in rows]


def revocation_list() -> dict:
    """The signed revocation list windows download (read-only: no audit row)."""
    return signing.sign_revocations(revocation_entries(), timezone.localtime(timezone.now()))


@transaction.atomic
def hand_out_revocation_list(actor) -> dict:
    """The revocation list as a staff member downloads it for offline verification (page and
    API): the export is recorded with its purpose, and — since the file leaves the platform for
    the card's service points (合作服务机构, PIPL art. 23/25) — written in the register of data
    shared with other bodies, naming the persons whose revoked cards it lists."""
    from zhihui.optional import import_optional

    data = revocation_list()
    privacy = import_optional("zhihui.privacy.actions")
    if privacy is not None:
        privacy.record_export(actor, purpose=gettext("离线验卡"), what=gettext("王屋英才卡注销名单"))
        persons = list(TalentCard.objects.filter(status=CardStatus.REVOKED).values_list("person_id", flat=True))
        privacy.register_sharing(
            actor, recipient=gettext("王屋英才卡服务点（合作服务机构）"),
            legal_basis=gettext("个人信息保护法第十三条第一款第三项（履行法定职责）：持卡服务须核验卡的状态"),
            purpose=gettext("离线验卡时识别已注销的卡"),
            categories=gettext("卡号、注销原因、注销日期"), persons=persons,
            reference=f"revocations@{data.get('kid', '')}"[:64])
    return data


# --- Recognitions -----------------------------------------------------------------------------


@transaction.atomic
def record_recognition(
    actor,
    person: Person,
    *,
    category: str,
    source: str = RecognitionSource.LOCAL,
    recognised_on: dt.date | None = None,
    valid_to: dt.date | None = None,
    issuer: str = "",
    basis: str = "",
    origin_category: str | None = None,
    issue: bool = False,
    valid_years: int = DEFAULT_VALID_YEARS,
) -> tuple[TalentCategoryRecord, TalentCard | None]:
    """Record a talent-category recognition and supersede the person's current ones.

    - local (本市认定): any class A–G;
    - Henan / "1+8" (互认, C5-R03): `origin_category` A–D (D类以上) maps to the same Jiyuan
      class; for 1+8 the issuer must name one of the eight cities; the person must work in
      Jiyuan (a current employment record);
    - leading group (偏才/专才, C5-R02): the leading group's decision, `basis` (文号) required;
      the record is flagged special, the class is the one whose policies apply.
    A card of another class is revoked; with `issue=True` a new card is issued.
    """
    today = today_in_city()
    recognised_on = recognised_on or today
    person = Person.objects.select_for_update().get(pk=person.pk)
    source = source or RecognitionSource.LOCAL
    basis = (basis or "").strip()
    issuer = (issuer or "").strip()
    if source not in RecognitionSource.values:
        raise TalentError(gettext("source: 未知的认定来源 %(value)r") % {"value": source}, "source")
    if recognised_on > today:
        raise TalentError(gettext("recognised_on: 认定日期不能晚于今天"), "recognised_on")
    if valid_to is not None and valid_to < recognised_on:
        raise TalentError(gettext("valid_to: 有效期至不能早于认定日期"), "valid_to")

    is_special = False
    if source in MUTUAL_SOURCES:
        origin = (origin_category or category or "").upper()
        if origin not in MUTUAL_RECOGNITION_MAP:
            raise TalentError(gettext("origin_category: 互认仅限D类以上(A–D)高层次人才，收到 %(value)s") % {"value": origin or gettext("空")}, "origin_category")
        mapped = MUTUAL_RECOGNITION_MAP[origin]
        if category and category != mapped:
            raise TalentError(gettext("category: 互认的%(origin)s类人才对应济源%(mapped)s类，不能认定为%(category)s类") % {"origin": origin, "mapped": mapped, "category": category}, "category")
        category = mapped
        if source == RecognitionSource.CITY_1_8:
            if not any(city in issuer for city in CITIES_1_8):
                raise TalentError(gettext("issuer: “1+8”互认的认定机关须为郑州、洛阳、开封、许昌、新乡、焦作、平顶山、漯河之一"), "issuer")
        elif not issuer:
            issuer = "河南省"
        if not EmploymentRecord.objects.filter(person=person, end_date__isnull=True).exists():
            raise TalentError(gettext("person: 互认须来济工作，但未找到此人在职的就业记录"), "person")
        note = f"互认：{issuer}认定{origin}类" + (f"；{basis}" if basis else "")
    elif source == RecognitionSource.LEADING_GROUP:
        if category not in TalentCategory.values:
            raise TalentError(gettext("category: 请选择偏才/专才享受政策对应的人才类别(A–G)"), "category")
        if not basis:
            raise TalentError(gettext("basis: 偏才/专才认定须填写领导小组认定文号或依据"), "basis")
        is_special = True
        issuer = issuer or LEADING_GROUP_ISSUER
        note = f"偏才/专才：{basis}"
    else:
        if category not in TalentCategory.values:
            raise TalentError(gettext("category: 人才类别应为 A–G 之一，收到 %(value)r") % {"value": category}, "category")
        issuer = issuer or LOCAL_ISSUER
        note = basis

    # Supersede: close every recognition still open on the new one's date.
    superseded = []
    for old in TalentCategoryRecord.objects.select_for_update().filter(person=person).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=recognised_on)
    ):
        before = audit.snapshot(old)
        old.valid_to = max(old.recognised_on, recognised_on - dt.timedelta(days=1))
        old.save(update_fields=["valid_to"])
        audit.record(actor, audit.Action.TRANSITION, old, summary=f"人才认定 {old.pk} 已被新认定取代",
                     before=before, after=audit.snapshot(old))
        superseded.append(old.pk)

    record = TalentCategoryRecord.objects.create(
        person=person, category=category, source=source, issuer=issuer[:120], recognised_on=recognised_on,
        valid_to=valid_to, is_special=is_special, note=note[:200],
    )
    audit.record(actor, audit.Action.CREATE, record,
                 summary=f"认定人员 {person.pk} 为 {category} 类人才（{record.get_source_display()}）"
                 + (f"，取代认定 {superseded}" if superseded else ""),
                 after=audit.snapshot(record))

    card = active_card(person)
    if card is not None and (card.category != category or card.is_special != is_special):
        _revoke(actor, card, f"人才类别已变更为{category}类")
    new_card = issue_card(actor, person, category=category, valid_years=valid_years) if issue else None
    return record, new_card


@transaction.atomic
def withdraw_recognition(actor, record: TalentCategoryRecord, reason: str) -> TalentCategoryRecord:
    """Withdraw (撤销) a recognition from today on; the card resting on it is revoked."""
    reason = (reason or "").strip()
    if not reason:
        raise TalentError(gettext("reason: 撤销认定须说明原因"), "reason")
    today = today_in_city()
    record = TalentCategoryRecord.objects.select_for_update().get(pk=record.pk)
    if record.valid_to is not None and record.valid_to < today:
        raise TalentError(gettext("record: 此认定已失效，无需撤销"), "record")
    before = audit.snapshot(record)
    record.valid_to = max(record.recognised_on, today - dt.timedelta(days=1))
    record.note = f"{record.note}；撤销：{reason}"[:200] if record.note else f"撤销：{reason}"[:200]
    record.save(update_fields=["valid_to", "note"])
    audit.record(actor, audit.Action.TRANSITION, record, summary=f"撤销人才认定 {record.pk}：{reason}"[:255],
                 before=before, after=audit.snapshot(record))
    for card in TalentCard.objects.select_for_update().filter(recognition=record, status=CardStatus.ACTIVE):
        _revoke(actor, card, f"人才类别认定已撤销：{reason}")
    return record


# --- Audited reads (pages and the API call these) ---------------------------------------------


def record_card_view(actor, card: TalentCard) -> None:
    """Staff opened a card of the register."""
    audit.record(actor, audit.Action.VIEW, card, summary=f"查看人才卡 {card.number}")


def record_card_print(actor, card: TalentCard) -> None:
    """Someone other than the holder printed a card."""
    audit.record(actor, audit.Action.EXPORT, card, summary=f"打印人才卡 {card.number}")
