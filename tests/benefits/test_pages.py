"""Policy pages: library, explanation (audited, masked), citizen check, offers; permissions."""

from __future__ import annotations

import pytest

from zhihui.core.models import AuditEvent
from zhihui.core.roles import Role

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_the_library_lists_every_benefit_with_clause_and_parameter_history(client_for, clerk):
    c = client_for(clerk)
    page = c.get("/policy/").content.decode()
    assert "高校毕业生生活补贴" in page and "博士每年3万元" in page
    detail = c.get("/policy/benefits/graduate_living/?as_of=2025-06-30").content.decode()
    assert "L131" in detail and "全日制高校毕业生" in detail
    assert "毕业后三年内全职新引进来济就业落户" in detail  # the plan's own words
    assert "graduate_living.amount_doctorate" in detail and "30,000.00 元" in detail
    assert "2021-01-01 至" in detail  # dated history
    assert c.get("/policy/benefits/no_such_benefit/").status_code == 404


def test_the_library_is_for_staff_only(client_for, make_user, client):
    assert client.get("/policy/").status_code == 302  # to the login page
    citizen = make_user(Role.CITIZEN, "c_lib")
    assert client_for(citizen).get("/policy/").status_code == 403


def test_explain_shows_each_condition_and_writes_an_audit_row(client_for, clerk, phd):
    c = client_for(clerk)
    r = c.get(f"/policy/explain/person/{phd.pk}/?as_of=2025-06-30")
    assert r.status_code == 200
    page = r.content.decode()
    assert (
        "高校毕业生生活补贴" in page and "90,000.00 元" in page and "2022 年 30,000.00 元" in page
    )
    assert "最高学历" in page and "博士研究生" in page  # condition and what the person had
    assert phd.id_number_masked in page
    views = AuditEvent.objects.filter(
        action="view", object_type="registry.person", object_id=str(phd.pk)
    )
    assert views.count() == 1 and views.get().actor == clerk


def test_explain_names_missing_facts(client_for, clerk, make_person):
    person = make_person()
    page = (
        client_for(clerk)
        .get(f"/policy/explain/person/{person.pk}/?as_of=2025-06-30")
        .content.decode()
    )
    assert "待补充信息" in page and "还需要以下信息" in page and "最高学历" in page


def test_explain_never_shows_the_full_identity_number(client_for, clerk, phd):
    from zhihui.core.crypto import decrypt

    full = decrypt(phd.id_number_encrypted)
    page = client_for(clerk).get(f"/policy/explain/person/{phd.pk}/").content.decode()
    assert full not in page


def test_explain_with_a_bad_date_names_the_field(client_for, clerk, phd):
    r = client_for(clerk).get(f"/policy/explain/person/{phd.pk}/?as_of=2025-13-01")
    assert r.status_code == 200
    assert "判定日期(as_of)" in r.content.decode()
    assert not AuditEvent.objects.filter(action="view", object_type="registry.person").exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.EMPLOYER])
def test_roles_without_casework_cannot_open_a_persons_explanation(client_for, make_user, phd, role):
    user = make_user(role, f"u_{role}")
    # out of scope for an employer is 404 (issue 12); a staff role without the right, 403
    expected = 404 if role == Role.EMPLOYER else 403
    assert client_for(user).get(f"/policy/explain/person/{phd.pk}/").status_code == expected


def test_a_citizen_sees_only_their_own_explanation(client_for, citizen_of, phd, make_person):
    other = make_person()
    c = client_for(citizen_of(phd, "citizen_self"))
    assert c.get(f"/policy/explain/person/{phd.pk}/").status_code == 200
    assert c.get(f"/policy/explain/person/{other.pk}/").status_code == 404  # out of scope (issue 12)
    assert c.get("/policy/explain/").url.endswith(f"/policy/explain/person/{phd.pk}/")


def test_an_employer_sees_only_their_organisation(client_for, make_user, make_org):
    mine, other = make_org(), make_org()
    c = client_for(make_user(Role.EMPLOYER, "emp_self", organisation=mine))
    assert c.get(f"/policy/explain/organisation/{mine.pk}/").status_code == 200
    assert c.get(f"/policy/explain/organisation/{other.pk}/").status_code == 404  # out of scope (issue 12)


def test_the_clerk_searches_a_person_by_name_and_sees_masked_numbers(client_for, clerk, phd):
    page = client_for(clerk).get("/policy/explain/?q=李博士").content.decode()
    assert phd.id_number_masked in page and f"/policy/explain/person/{phd.pk}/" in page


def test_the_citizen_check_needs_no_login_and_gives_results(client):
    r = client.post(
        "/policy/check/",
        {
            "birth_date": "1993-04-12",
            "degree": "doctorate",
            "graduation_date": "2022-07-01",
            "full_time": "yes",
            "double_first_class": "yes",
            "overseas": "no",
            "university_in_jiyuan": "no",
            "talent_category": "E",
            "employer_kind": "key_enterprise",
            "post": "research",
            "frontline_professional": "yes",
            "newly_introduced": "yes",
            "start_date": "2022-10-08",
            "contract_years": "5",
            "hukou_settled": "yes",
            "pension_months": "30",
            "pension_back_paid": "no",
        },
    )
    assert r.status_code == 200 and "no-store" in r["Cache-Control"]
    page = r.content.decode()
    assert 'id="check-result"' in page
    assert "高校毕业生生活补贴" in page and "符合" in page and "您填写的情况" in page


def test_the_citizen_check_asks_for_missing_facts_as_questions(client):
    page = client.post("/policy/check/", {"degree": "master"}).content.decode()
    assert 'id="questions"' in page and '<a href="#id_birth_date"><strong>出生日期</strong></a>' in page


def test_an_invalid_date_in_the_check_names_the_field_and_stores_nothing(client):
    before = AuditEvent.objects.count()
    r = client.post("/policy/check/", {"birth_date": "1993-02-30", "graduation_date": "2022-07-01"})
    page = r.content.decode()
    assert r.status_code == 200
    assert "出生日期：请输入有效日期" in page
    assert 'id="check-result"' not in page
    assert AuditEvent.objects.count() == before
    assert "1993-02-30" not in str(client.session.items())


def test_the_citizen_page_shows_their_offers_and_lets_them_decline(client_for, citizen_of, phd):
    from zhihui.benefits.models import BenefitOffer, OfferStatus
    from zhihui.benefits.sweep import run_sweep

    run_sweep(AS_OF)
    c = client_for(citizen_of(phd, "citizen_offers"))
    page = c.get("/policy/check/").content.decode()
    assert 'id="my-offers"' in page and "高校毕业生生活补贴" in page
    offer = BenefitOffer.objects.get(person=phd, benefit="youth_talent_station")
    assert c.post(f"/policy/offers/{offer.pk}/decline/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert (
        AuditEvent.objects.filter(action="transition", object_type="benefits.benefitoffer").count()
        == 1
    )


def test_a_citizen_cannot_decline_someone_elses_offer(client_for, citizen_of, make_person, phd):
    from zhihui.benefits.models import BenefitOffer
    from zhihui.benefits.sweep import run_sweep

    run_sweep(AS_OF)
    offer = BenefitOffer.objects.filter(person=phd).first()
    c = client_for(citizen_of(make_person(), "citizen_other"))
    assert c.post(f"/policy/offers/{offer.pk}/decline/").status_code == 404  # out of scope (issue 12)


def test_the_offers_page_counts_per_benefit_and_lists_masked_ids(client_for, clerk, phd):
    from zhihui.benefits.sweep import run_sweep

    run_sweep(AS_OF)
    c = client_for(clerk)
    page = c.get("/policy/offers/").content.decode()
    assert "高校毕业生生活补贴" in page and "90,000.00 元" in page
    page = c.get("/policy/offers/?benefit=graduate_living").content.decode()
    assert phd.id_number_masked in page and f"/policy/explain/person/{phd.pk}/" in page


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.LEADER, Role.AUDITOR, Role.EMPLOYER])
def test_the_offers_page_is_for_caseworkers(client_for, make_user, role):
    assert client_for(make_user(role, f"o_{role}")).get("/policy/offers/").status_code == 403


def test_a_clerk_starts_the_sweep_from_the_page(client_for, clerk, phd):
    from zhihui.benefits.models import BenefitOffer

    c = client_for(clerk)
    r = c.post("/policy/offers/sweep/", {"as_of": "2025-06-30"})
    assert r.status_code == 302
    assert BenefitOffer.objects.filter(person=phd).count() == 3
    assert "免申即享筛查" in c.get("/policy/offers/").content.decode()
    r = c.post("/policy/offers/sweep/", {"as_of": "not-a-date"}, follow=True)
    assert "判定日期(as_of)" in r.content.decode()


def test_navigation_shows_each_role_its_policy_pages(client_for, clerk, citizen_of, phd, leader):
    assert "/policy/offers/" in client_for(clerk).get("/").content.decode()
    assert "/policy/" in client_for(leader).get("/").content.decode()
    home = client_for(citizen_of(phd, "citizen_nav")).get("/").content.decode()
    assert "我能享受哪些政策" in home and "/policy/offers/" not in home


def test_an_offer_accepted_at_the_window_is_no_longer_open_and_the_sweep_leaves_it(
    client_for, citizen_of, phd
):
    from zhihui.benefits.models import BenefitOffer
    from zhihui.benefits.sweep import run_sweep

    run_sweep(AS_OF)
    offer = BenefitOffer.objects.get(person=phd, benefit="graduate_living")
    c = client_for(citizen_of(phd, "citizen_accept"))
    r = c.post(f"/window/offers/{offer.pk}/accept/")
    assert r.status_code == 302
    offer.refresh_from_db()
    assert offer.application_id is not None and not offer.is_open
    stats = run_sweep(AS_OF)
    assert stats.created == 0 and stats.withdrawn == 0
    offer.refresh_from_db()
    assert offer.application_id is not None and offer.state_label == "已确认申领"
    page = c.get("/policy/check/").content.decode()
    assert page.count("一键申领") == 2  # the two offers still open


def test_the_check_form_takes_a_wangwu_selection_and_an_honour(client):
    page = client.post(
        "/policy/check/",
        {
            "wangwu_program": "wangwu_innovation_star",
            "wangwu_year": "2024",
            "national_expert": "coach",
            "national_expert_date": "2023-05-01",
        },
    ).content.decode()
    assert "王屋英才·科创之星" in page and "30,000.00 元" in page  # the coach's award
    r = client.post("/policy/check/", {"wangwu_program": "wangwu_innovation_star"})
    assert "入选年度：选择了入选项目，请同时填写入选年度" in r.content.decode()


def test_the_explain_page_reads_a_person_with_a_fixed_number_of_queries(
    client_for, clerk, make_phd, django_assert_max_num_queries
):
    from zhihui.registry.models import Certificate

    person = make_phd()
    c = client_for(clerk)
    with django_assert_max_num_queries(20) as few:
        assert c.get(f"/policy/explain/person/{person.pk}/").status_code == 200
    for i in range(5):  # more records on file: not more queries
        Certificate.objects.create(
            person=person,
            kind="skill_level",
            skill_level="technician",
            name=f"技师{i}",
            obtained_on=AS_OF,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert c.get(f"/policy/explain/person/{person.pk}/").status_code == 200


def test_the_admin_shows_offers_read_only(client_for, admin_user, phd):
    from django.contrib.auth.models import Permission

    from zhihui.benefits.models import BenefitOffer
    from zhihui.benefits.sweep import run_sweep

    run_sweep(AS_OF)
    # The department administrator gets the app's permissions (zhihui.core.actions.ensure_demo_accounts).
    admin_user.user_permissions.set(Permission.objects.filter(content_type__app_label="benefits"))
    c = client_for(admin_user)
    assert c.get("/admin/benefits/benefitoffer/").status_code == 200
    offer = BenefitOffer.objects.first()
    page = c.get(f"/admin/benefits/benefitoffer/{offer.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
