"""What citizens and window staff see: the card page, the printable PDF, the verification page,
the staff register, and the API — each allowed only to the roles that should have it."""

from __future__ import annotations

import io
import json

import pytest

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role
from zhihui.talent import actions, verify
from zhihui.talent.models import CardStatus, TalentCard

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder(recognised, citizen_for):
    person = recognised("D", name="王晓屋")
    card = actions.issue_card(None, person)
    return citizen_for(person), card


# --- citizen ----------------------------------------------------------------------------------


def test_my_card_page_shows_the_card_qr_and_pdf_link(holder, client_for):
    user, card = holder
    text = client_for(user).get("/talent/my-card/").content.decode()
    assert "我的王屋英才卡" in text
    assert "王晓屋" in text and card.number in text
    assert "<svg" in text  # the QR code, inline
    assert f"/talent/cards/{card.number}/card.pdf" in text
    assert card.person.id_number_masked in text


def test_my_card_page_without_a_card_says_how_to_get_one(make_person, citizen_for, client_for):
    user = citizen_for(make_person())
    text = client_for(user).get("/talent/my-card/").content.decode()
    assert "没有有效的王屋英才卡" in text


def test_the_printable_card_is_a_pdf_with_the_name_and_number(holder, client_for):
    from pypdf import PdfReader

    user, card = holder
    response = client_for(user).get(f"/talent/cards/{card.number}/card.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 86 and round(float(box.height) / 72 * 25.4) == 54  # CR80 card
    text = reader.pages[0].extract_text()
    assert "王晓屋" in text
    assert card.number in text
    assert "D类" in text


def test_a_citizen_cannot_see_or_print_someone_elses_card(holder, recognised, citizen_for, client_for):
    _, card = holder
    other = citizen_for(recognised("E", name="别人"))
    client = client_for(other)
    assert client.get(f"/talent/cards/{card.number}/card.pdf").status_code == 404  # out of scope: not even its existence
    assert client.get(f"/api/v1/talent/cards/{card.number}").status_code == 404


def test_the_holder_reads_their_card_through_the_api(holder, client_for):
    user, card = holder
    data = client_for(user).get(f"/api/v1/talent/cards/{card.number}").json()
    assert data["number"] == card.number and data["status"] == "active" and data["token"] == card.token
    assert data["masked_id"] == card.person.id_number_masked


def test_an_unknown_card_number_is_a_404_not_a_500(clerk, client_for):
    assert client_for(clerk).get("/api/v1/talent/cards/WY0000000000").status_code == 404
    assert client_for(clerk).get("/talent/cards/nope/").status_code == 404


# --- window: verification ---------------------------------------------------------------------


@pytest.mark.parametrize("role, allowed", [
    (Role.CLERK, True), (Role.REVIEWER, True), (Role.ADMIN, True),
    (Role.CITIZEN, False), (Role.EMPLOYER, False), (Role.LEADER, False), (Role.AUDITOR, False),
])
def test_who_may_verify(role, allowed, holder, make_user, client_for):
    _, card = holder
    client = client_for(make_user(role))
    api = client.post("/api/v1/talent/verify", {"token": card.token}, content_type="application/json")
    page = client.get("/talent/verify/")
    assert api.status_code == (200 if allowed else 403)
    assert page.status_code == (200 if allowed else 403)


def test_verify_api_anonymous_is_refused(holder, client):
    _, card = holder
    response = client.post("/api/v1/talent/verify", {"token": card.token}, content_type="application/json")
    assert response.status_code == 401


def test_verify_api_says_valid_then_revoked_with_the_reason(holder, clerk, reviewer, client_for):
    _, card = holder
    client = client_for(clerk)
    ok = client.post("/api/v1/talent/verify", {"token": card.token}, content_type="application/json").json()
    assert ok["valid"] is True and ok["card"]["number"] == card.number
    actions.revoke_card(reviewer, card, "冒用他人身份")
    refused = client.post("/api/v1/talent/verify", {"token": card.token}, content_type="application/json").json()
    assert refused == refused | {"valid": False, "code": "revoked"}
    assert "冒用他人身份" in refused["reason"]
    assert AuditEvent.objects.filter(object_type="talent.talentcard", action=AuditEvent.Action.VIEW,
                                     summary__startswith="核验王屋英才卡").count() == 2


def test_verify_api_refuses_tampered_and_garbage_tokens(holder, clerk, client_for):
    _, card = holder
    client = client_for(clerk)
    tampered = card.token[:-3] + ("AAA" if not card.token.endswith("AAA") else "BBB")
    for token, code in [(tampered, "bad_signature"), ("garbage", "malformed"), ("", "malformed")]:
        data = client.post("/api/v1/talent/verify", {"token": token}, content_type="application/json").json()
        assert (data["valid"], data["code"]) == (False, code)
    assert client.post("/api/v1/talent/verify", {}, content_type="application/json").status_code == 422


def test_verify_api_refuses_a_card_the_register_has_marked_expired(holder, clerk, client_for):
    _, card = holder
    TalentCard.objects.filter(pk=card.pk).update(status=CardStatus.EXPIRED)
    data = client_for(clerk).post("/api/v1/talent/verify", {"token": card.token}, content_type="application/json").json()
    assert (data["valid"], data["code"]) == (False, "expired")


def test_verification_page_shows_the_result_with_htmx(holder, clerk, client_for):
    _, card = holder
    client = client_for(clerk)
    response = client.post("/talent/verify/", {"token": card.token}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "有效" in text and card.number in text and "王晓屋" in text
    assert "<html" not in text  # a partial, swapped into the page
    refused = client.post("/talent/verify/", {"token": card.token + "x"}).content.decode()
    assert "拒绝" in refused and "篡改" in refused


def test_public_key_is_public_and_revocation_list_is_for_staff(holder, clerk, client, client_for):
    doc = client.get("/api/v1/talent/public-key").json()
    assert doc["format"] == verify.KEYS_FORMAT
    keys = verify.parse_public_keys(json.dumps(doc))
    _, card = holder
    assert verify.verify_token(card.token, keys).valid
    pem = client.get("/api/v1/talent/public-key?format=pem").content.decode()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert client.get("/talent/public-keys.json").status_code == 200
    assert client.get("/api/v1/talent/revocations").status_code == 401
    crl = client_for(clerk).get("/api/v1/talent/revocations").json()
    assert verify.parse_revocation_list(crl, keys).revoked == {}
    assert client_for(clerk).get("/talent/revocations.json").status_code == 200


# --- staff register ---------------------------------------------------------------------------


def test_clerk_issues_a_card_by_identity_number(recognised, clerk, client_for):
    from zhihui.core import crypto

    person = recognised("E", name="赵六")
    number = crypto.decrypt(person.id_number_encrypted)
    response = client_for(clerk).post("/talent/cards/issue/", {"person": number, "valid_years": 3})
    card = TalentCard.objects.get(person=person)
    assert response.status_code == 302 and response["Location"].endswith(f"/talent/cards/{card.number}/")
    assert number not in response["Location"]


def test_issuing_without_a_category_shows_the_reason_on_the_form(make_person, clerk, client_for):
    person = make_person(name="无类别")
    response = client_for(clerk).post("/talent/cards/issue/", {"person": str(person.pk), "valid_years": 3})
    assert response.status_code == 400
    assert "没有有效的任何人才类别认定" in response.content.decode()
    assert not TalentCard.objects.exists()


def test_a_clerk_cannot_revoke_but_a_reviewer_can(holder, clerk, reviewer, client_for):
    _, card = holder
    assert client_for(clerk).post(f"/talent/cards/{card.number}/revoke/", {"reason": "x"}).status_code == 403
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE
    response = client_for(reviewer).post(f"/talent/cards/{card.number}/revoke/", {"reason": "离职离济"})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.REVOKED and card.revocation_reason == "离职离济"


def test_citizens_and_leaders_do_not_see_the_register(holder, make_user, client_for):
    _, card = holder
    for role in (Role.CITIZEN, Role.LEADER, Role.EMPLOYER):
        client = client_for(make_user(role))
        assert client.get("/talent/cards/").status_code == 403
        assert client.get(f"/talent/cards/{card.number}/").status_code == 403
        assert client.post("/talent/cards/issue/", {"person": "1"}).status_code == 403


def test_auditor_neither_reads_the_register_nor_issues(holder, auditor, client_for):
    """Issue 12, found 3: the auditor reads the audit log, not people's cards."""
    _, card = holder
    client = client_for(auditor)
    assert client.get("/talent/cards/").status_code == 403
    assert client.get(f"/talent/cards/{card.number}/").status_code == 403
    assert client.post("/talent/cards/issue/", {"person": "1"}).status_code == 403


def test_reviewer_records_a_mutual_recognition_and_issues_the_card(make_person, reviewer, client_for):
    import datetime as dt

    from zhihui.registry.models import EmploymentRecord

    person = make_person(name="郑州来")
    EmploymentRecord.objects.create(person=person, start_date=dt.date(2025, 1, 1))
    response = client_for(reviewer).post("/talent/recognitions/new/", {
        "person": str(person.pk), "source": "city_1_8", "origin_category": "B", "issuer": "郑州市", "issue": "on",
    })
    card = TalentCard.objects.get(person=person)
    assert response.status_code == 302 and card.category == "B"


def test_recognition_form_errors_name_the_field(make_person, reviewer, clerk, client_for):
    person = make_person()
    response = client_for(reviewer).post("/talent/recognitions/new/", {
        "person": str(person.pk), "source": "henan", "origin_category": "", "category": "F",
    })
    assert response.status_code == 400
    assert "互认仅限D类以上" in response.content.decode()
    assert client_for(clerk).get("/talent/recognitions/new/").status_code == 403


def test_navigation_offers_the_card_to_citizens_and_verification_to_clerks(holder, clerk, client_for):
    user, _ = holder
    assert "我的王屋英才卡" in client_for(user).get("/").content.decode()
    assert "验卡" in client_for(clerk).get("/").content.decode()


def test_each_download_of_the_revocation_list_is_in_the_sharing_register(holder, clerk, admin_user, client_for):
    """Issue 13: the list leaves the platform for the card's service points — it is registered
    as data shared with another body, naming the persons whose revoked cards it lists."""
    from zhihui.privacy import selectors as privacy_selectors
    from zhihui.privacy.models import ExportRecord, SharingRecord

    user, card = holder
    actions.revoke_card(clerk, card, "信息不实")
    client_for(clerk).get("/talent/revocations.json")
    client_for(clerk).get("/api/v1/talent/revocations")
    shares = list(SharingRecord.objects.filter(categories__contains="注销"))
    assert len(shares) == 2 and all(s.record_count == 1 for s in shares)
    assert "合作服务机构" in shares[0].recipient and shares[0].legal_basis
    assert privacy_selectors.sharing_of(card.person).count() == 2  # the holder's access request finds it
    assert ExportRecord.objects.filter(what__contains="注销名单").count() == 2
    page = client_for(admin_user).get("/privacy/registers/").content.decode()
    assert "王屋英才卡服务点" in page and "卡号、注销原因、注销日期" in page
