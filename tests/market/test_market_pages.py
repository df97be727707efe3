"""Pages: the public board and search, contact details, the clerk's review with highlighted
flags, the employer's postings and applications, the seeker's profile, applications and matches."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.market.conftest import posting_data
from zhihui.market import actions
from zhihui.market.models import Application

pytestmark = pytest.mark.django_db


def results(response) -> str:
    body = response.content.decode()
    return body[body.index('<ul class="cards">'):].split("</ul>", 1)[0]


@pytest.fixture
def published(make_posting, employer, clerk):
    def _pub(**over):
        return actions.publish_posting(clerk, actions.submit_posting(employer, make_posting(**over)))

    return _pub


def test_public_board_needs_no_login_and_hides_contacts(published):
    p = published()
    c = Client()
    r = c.get("/market/")
    assert r.status_code == 200 and "叉车司机" in r.content.decode()
    r = c.get(f"/market/postings/{p.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and "0391-6600000" not in body and "登录后查看联系方式" in body


def test_logged_in_seeker_sees_contact_until_the_rate_limit(published, seeker_user, client_for, settings):
    from zhihui.market import enums

    p = published()
    c = client_for(seeker_user)
    assert "0391-6600000" in c.get(f"/market/postings/{p.pk}/").content.decode()
    limit = enums.RATE_LIMITS["contact"][0]
    for _ in range(limit):
        c.get(f"/market/postings/{p.pk}/")
    assert "0391-6600000" not in c.get(f"/market/postings/{p.pk}/").content.decode()


def test_search_ranks_and_filters(published):
    published(title="叉车司机", text="负责叉车转运。")
    published(title="会计", text="负责账务处理，熟悉财务软件。", skills="财务软件", certificates="", town_code="419001002")
    c = Client()
    body = results(c.get("/market/", {"q": "叉车"}))
    assert "叉车司机" in body and "会计" not in body
    body = results(c.get("/market/", {"q": "财务"}))
    assert "会计" in body and "叉车司机" not in body
    body = results(c.get("/market/", {"town": "419001002"}))
    assert "会计" in body and "叉车司机" not in body
    body = results(c.get("/market/", {"salary_min": "7000"}))
    assert "没有符合条件的岗位" in body
    assert c.get("/market/", {"salary_min": "x'; drop", "page": "abc", "q": "\x00"}).status_code == 200


def test_unpublished_posting_is_404_to_the_public_and_to_other_employers(make_posting, other_employer, client_for):
    p = make_posting()
    assert Client().get(f"/market/postings/{p.pk}/").status_code == 404
    assert client_for(other_employer).get(f"/market/postings/{p.pk}/").status_code == 404
    assert client_for(other_employer).get(f"/market/employer/{p.pk}/edit/").status_code == 404


def test_review_page_highlights_each_flag_with_reason_and_basis(make_posting, employer, clerk, client_for):
    p = actions.submit_posting(employer, make_posting(text="任职要求：限男性，已婚已育优先。"))
    body = client_for(clerk).get(f"/market/review/{p.pk}/").content.decode()
    assert '<mark class="flag flag-unlawful"' in body
    assert ">限男性</mark>" in body and ">已婚已育优先</mark>" in body
    assert "就业促进法》第二十七条" in body and "属于性别歧视" in body


def test_only_staff_reach_the_review_pages(make_posting, employer, client_for, seeker_user):
    p = actions.submit_posting(employer, make_posting())
    assert client_for(employer).get("/market/review/").status_code == 403
    assert client_for(seeker_user).get(f"/market/review/{p.pk}/").status_code == 403


def test_employer_sees_why_it_was_returned(make_posting, employer, clerk, client_for):
    p = actions.submit_posting(employer, make_posting(text="女士优先。"))
    actions.return_posting(clerk, p, "请删除“女士优先”")
    c = client_for(employer)
    body = c.get(f"/market/postings/{p.pk}/").content.decode()
    assert "请删除“女士优先”" in body and "属于性别歧视" in body
    assert "请删除“女士优先”" in c.get("/market/employer/").content.decode()


def test_employer_form_names_the_wrong_field(employer, catalogues, client_for):
    r = client_for(employer).post("/market/employer/new/", posting_data(salary_min="abc"))
    assert r.status_code == 422 and 'data-field="salary_min"' in r.content.decode()


def test_seeker_applies_and_both_sides_see_the_status(published, seeker_user, employer, client_for):
    p = published()
    c = client_for(seeker_user)
    r = c.post("/market/me/", {"desired_title": "叉车司机", "skills": "叉车驾驶", "certificates": "叉车证",
                               "education": "senior", "town_code": "419001001", "expected_salary": "5000", "visible": "1"})
    assert r.status_code == 302
    body = c.get("/market/me/").content.decode()
    assert "为您推荐的岗位" in body and "期望薪资在岗位范围内" in body
    c.post(f"/market/postings/{p.pk}/apply/", {"note": "有三年叉车经验"})
    app = Application.objects.get()
    assert "已投递" in c.get("/market/me/").content.decode()
    e = client_for(employer)
    body = e.get("/market/employer/").content.decode()
    assert "李明" in body and "有三年叉车经验" in body
    e.post(f"/market/applications/{app.pk}/act/interview/")
    app.refresh_from_db()
    assert app.status == "interview"
    assert "邀请面试" in client_for(seeker_user).get("/market/me/").content.decode()


def test_another_employer_cannot_move_an_application(published, seeker_user, other_employer, client_for):
    from zhihui.market.models import JobSeeker

    p = published()
    JobSeeker.objects.create(person=seeker_user.person)
    app = actions.apply(seeker_user, p)
    r = client_for(other_employer).post(f"/market/applications/{app.pk}/act/hire/")
    assert r.status_code == 404
    app.refresh_from_db()
    assert app.status == "submitted"


def test_api_board_is_public_without_contacts(published):
    published()
    r = Client().get("/api/v1/market/postings", {"q": "叉车"})
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 1 and "contact_phone" not in data["results"][0]
