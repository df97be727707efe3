"""The clerk's coding page and the API: what each role sees, and what a clerk's correction does."""

from __future__ import annotations

import re

import pytest

from zhihui.core.roles import Role
from zhihui.occupations.models import OccupationCorrection

pytestmark = pytest.mark.django_db


def test_clerk_types_a_title_and_sees_code_alternatives_and_why(clerk, client_for):
    page = client_for(clerk).get("/occupations/", {"title": "急招电焊工 包吃住 8000+"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "6-18-02-04" in html and "焊工" in html
    assert "清洗后的文字" in html and "<code>电焊工</code>" in html
    assert "最相近的已标注职位" in html
    assert "更正编码" in html


def test_several_jobs_in_one_title_say_which_was_coded(clerk, client_for):
    html = client_for(clerk).get("/occupations/", {"title": "叉车工/电工"}).content.decode()
    assert "含多个职位，按第一个编码" in html


def test_a_correction_from_the_page_is_stored_and_listed(clerk, client_for):
    c = client_for(clerk)
    resp = c.post("/occupations/correct/", {"title": "勾机师傅", "code": "6-30-05-05", "coder_code": "6-30-01-00"})
    assert resp.status_code == 302
    assert OccupationCorrection.objects.get().code == "6-30-05-05"
    assert "勾机师傅" in c.get("/occupations/").content.decode()


def test_a_wrong_code_in_a_correction_is_shown_on_its_field(clerk, client_for):
    resp = client_for(clerk).post("/occupations/correct/", {"title": "勾机师傅", "code": "9-99-99-99"})
    assert resp.status_code == 422
    assert "不在职业分类大典" in resp.content.decode()
    assert not OccupationCorrection.objects.exists()


@pytest.mark.parametrize(("role", "page", "correct"), [
    (Role.CITIZEN, 403, 403),
    (Role.EMPLOYER, 200, 403),
    (Role.LEADER, 200, 403),
    (Role.AUDITOR, 200, 403),
    (Role.REVIEWER, 200, 302),
    (Role.ADMIN, 200, 302),
])
def test_who_may_code_and_who_may_correct(make_user, client_for, role, page, correct):
    c = client_for(make_user(role))
    assert c.get("/occupations/", {"title": "保安"}).status_code == page
    assert c.post("/occupations/correct/", {"title": "保安", "code": "4-07-05-01"}).status_code == correct


def test_anonymous_is_sent_to_login(client):
    assert client.get("/occupations/").status_code == 302


def test_api_codes_titles_exactly_like_the_command(clerk, client_for):
    resp = client_for(clerk).post("/api/v1/occupations/code", {"titles": ["保安", "", "java开发（双休）"], "top": 2},
                                  content_type="application/json")
    assert resp.status_code == 200
    results = resp.json()["results"]
    assert [r["title"] for r in results] == ["保安", "", "java开发（双休）"]
    assert results[1] == {"title": "", "code": None, "error": "empty title"}
    assert results[0]["code"] == "4-07-05-01" and len(results[0]["alternatives"]) == 1
    assert results[2]["code"] == "2-02-10-03"


@pytest.mark.parametrize("payload", [{"titles": "保安"}, {"titles": ["保安"], "top": 0}, {"top": 2}, {"titles": [1]}])
def test_api_rejects_bad_input_with_422_not_500(clerk, client_for, payload):
    resp = client_for(clerk).post("/api/v1/occupations/code", payload, content_type="application/json")
    assert resp.status_code == 422


def test_api_refuses_citizens_and_anonymous(make_user, client_for, client):
    assert client.post("/api/v1/occupations/code", {"titles": ["保安"]}, content_type="application/json").status_code == 401
    c = client_for(make_user(Role.CITIZEN))
    assert c.post("/api/v1/occupations/code", {"titles": ["保安"]}, content_type="application/json").status_code == 403


def test_api_correction_validates_and_stores(clerk, client_for):
    c = client_for(clerk)
    bad = c.post("/api/v1/occupations/corrections", {"title": "保安", "code": "4-07"}, content_type="application/json")
    assert bad.status_code == 422
    assert [e["loc"] for e in bad.json()["detail"]] == [["body", "code"]]
    ok = c.post("/api/v1/occupations/corrections", {"title": "保安大叔", "code": "4-07-05-01"},
                content_type="application/json")
    assert ok.status_code == 201
    assert OccupationCorrection.objects.get().source == "api"


def test_the_coding_page_in_english_has_no_chinese_chrome(make_user, client):
    from tests.core.test_english_everywhere import CJK, chrome_texts

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user = make_user(Role.CLERK, "en_occ_clerk")
    client.force_login(user, backend="zhihui.core.auth.LockoutModelBackend")
    page = client.get("/occupations/", {"title": "电焊工"}).content.decode()
    assert 'lang="en"' in page and "Occupation coding" in page and "Correct the code" in page
    # The coder's answer (code names, cleaned text) is data; nav and page chrome are not.
    # This page's own chrome (the shared navigation holds other domains' entries: their tests).
    own = re.sub(r"<(nav|aside)\b.*?</\1>", "", page, flags=re.S)
    texts = chrome_texts(own)
    assert texts and not [t for t in texts if CJK.search(t)]
    assert ">Occupation coding<" in page  # the navigation entry
