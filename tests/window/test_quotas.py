"""Quotas (hard / soft with a leader's override), the 300-post turnover pool, budgets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhihui.core.roles import Role
from zhihui.window import actions
from zhihui.window.models import Application, Budget, Quota, Selection, Service, Status, TalentPool

pytestmark = pytest.mark.django_db


def reviewed(actor, svc, clerk, reviewer, **kw):
    app, _ = actions.submit(actor, svc, **kw)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def selection_service(db):
    svc = Service.objects.get(code="wangwu_professional_selection")
    q = svc.quota
    q.limit, q.first_year, q.last_year = 2, 2021, 2030
    q.save()
    return svc


def test_the_plan_quotas_are_seeded_as_parameters():
    got = {q.code: (q.limit, q.mode) for q in Quota.objects.all()}
    assert got == {
        "wangwu_professional": (150, "soft"),
        "wangwu_innovation_star": (60, "soft"),
        "wangwu_entrepreneur": (50, "soft"),
        "wangwu_agritech_star": (100, "soft"),
        "enterprise_head_study": (40, "soft"),
    }
    assert Quota.objects.get(code="enterprise_head_study").per_year
    assert TalentPool.objects.get().total == 300


def test_a_selection_uses_the_quota_and_records_the_selection(fake_engine, make_person, clerk, reviewer, selection_service, approver):
    app = reviewed(clerk, selection_service, clerk, reviewer, person=make_person(), period="2026")
    actions.approve(approver, app, "评审通过")
    assert Quota.objects.get(code="wangwu_professional").used == 1
    assert Selection.objects.get(application=app).program == "wangwu_professional"


def test_a_hard_quota_is_never_exceeded(fake_engine, make_person, clerk, reviewer, selection_service, approver):
    Quota.objects.filter(code="wangwu_professional").update(mode="hard")
    apps = [reviewed(clerk, selection_service, clerk, reviewer, person=make_person(), period="2026") for _ in range(3)]
    actions.approve(approver, apps[0])
    actions.approve(approver, apps[1])
    with pytest.raises(actions.QuotaExceeded, match="指标已用完"):
        actions.approve(approver, apps[2])
    assert Quota.objects.get(code="wangwu_professional").used == 2
    assert Application.objects.get(pk=apps[2].pk).status == Status.REVIEWED


def test_a_soft_quota_needs_a_leaders_recorded_override(fake_engine, make_person, make_user, clerk, reviewer, selection_service, approver):
    apps = [reviewed(clerk, selection_service, clerk, reviewer, person=make_person(), period="2026") for _ in range(3)]
    actions.approve(approver, apps[0])
    actions.approve(approver, apps[1])
    with pytest.raises(actions.QuotaExceeded, match="须经领导批准"):
        actions.approve(approver, apps[2])
    with pytest.raises(PermissionDenied):
        actions.override_quota(reviewer, apps[2], "特殊人才")
    leader = make_user(Role.LEADER, "leader_q")
    actions.override_quota(leader, apps[2], "国家级奖项获得者，特批")
    actions.approve(approver, apps[2])
    q = Quota.objects.get(code="wangwu_professional")
    assert q.used == 3 and q.uses.filter(over_limit=True).count() == 1


def test_a_year_outside_the_quota_period_is_refused(fake_engine, make_person, clerk, reviewer, selection_service, approver):
    # a future year is refused at submission (issue 15): the quota period ends before this year
    year = dt.date.today().year
    Quota.objects.filter(pk=selection_service.quota_id).update(first_year=2021, last_year=year - 1)
    app = reviewed(clerk, selection_service, clerk, reviewer, person=make_person(), period=str(year))
    with pytest.raises(actions.QuotaExceeded, match=str(year)):
        actions.approve(approver, app)


def test_the_turnover_pool_is_capped_and_posts_come_back(fake_engine, employer, clerk, reviewer, approver):
    TalentPool.objects.update(total=1)
    svc = Service.objects.get(code="talent_pool_post")
    first = reviewed(employer, svc, clerk, reviewer, organisation=employer.organisation, facts={"post_title": "研究员"})
    second = reviewed(employer, svc, clerk, reviewer, organisation=employer.organisation)
    actions.approve(approver, first)
    with pytest.raises(actions.PoolFull, match="人走编收"):
        actions.approve(approver, second)
    post = Application.objects.get(pk=first.pk).pool_post
    assert post.post_title == "研究员"
    actions.release_pool_post(clerk, post, "调离本单位", on=dt.date(2026, 6, 30))  # 人走编收
    actions.approve(approver, second)
    assert TalentPool.objects.get().in_use == 1


def test_a_budget_is_never_exceeded(fake_engine, citizen, make_person, make_user, clerk, reviewer, admin_user, service, approver):
    actions.set_budget(admin_user, 2026, "talent_living", "30000")
    actions.set_budget(admin_user, 2027, "talent_living", "30000")
    a = reviewed(citizen, service, clerk, reviewer, person=citizen.person)
    other = make_user(Role.CITIZEN, "citizen_b", person=make_person())
    b = reviewed(other, service, clerk, reviewer, person=other.person)
    actions.approve(approver, a)  # 20,000 in 2026 and in 2027
    with pytest.raises(actions.BudgetExceeded, match="余额 10000.00"):
        actions.approve(approver, b)
    assert Budget.objects.get(year=2026).committed == Decimal("20000.00")
    assert not Application.objects.get(pk=b.pk).payments.exists()


def test_a_missing_budget_year_blocks_the_approval(fake_engine, citizen, clerk, reviewer, admin_user, service, approver):
    actions.set_budget(admin_user, 2026, "talent_living", "100000")
    app = reviewed(citizen, service, clerk, reviewer, person=citizen.person)
    with pytest.raises(actions.BudgetExceeded, match="2027 年度预算科目"):
        actions.approve(approver, app)


def test_arrears_are_paid_from_this_years_budget(fake_engine, citizen, clerk, reviewer, admin_user, service, approver):
    fake_engine["payments"] = [{"year": 2022, "amount": "10000.00"}, {"year": 2023, "amount": "10000.00"}]
    actions.set_budget(admin_user, 2026, "talent_living", "100000")
    app = reviewed(citizen, service, clerk, reviewer, person=citizen.person)
    actions.approve(approver, app, today=dt.date(2026, 11, 24))
    rows = list(app.payments.values_list("entitlement_year", "year", "amount"))
    assert rows == [(2022, 2026, Decimal("10000.00")), (2023, 2026, Decimal("10000.00"))]
    assert Budget.objects.get(year=2026).committed == Decimal("20000.00")


def test_a_budget_cannot_be_cut_below_what_is_committed(fake_engine, citizen, clerk, reviewer, admin_user, service, budgets, approver):
    app = reviewed(citizen, service, clerk, reviewer, person=citizen.person)
    actions.approve(approver, app)
    with pytest.raises(actions.BudgetExceeded, match="不得低于"):
        actions.set_budget(admin_user, 2026, "talent_living", "100")


def test_a_yearly_quota_counts_each_year_apart(fake_engine, make_person, clerk, reviewer, approver):
    svc = Service.objects.get(code="enterprise_head_study")
    Quota.objects.filter(code="enterprise_head_study").update(limit=1, mode="hard", last_year=2030)
    a = reviewed(clerk, svc, clerk, reviewer, person=make_person(), period="2025")
    b = reviewed(clerk, svc, clerk, reviewer, person=make_person(), period="2025")
    c = reviewed(clerk, svc, clerk, reviewer, person=make_person(), period="2026")
    actions.approve(approver, a)
    with pytest.raises(actions.QuotaExceeded, match="2025 年指标已用完"):
        actions.approve(approver, b)
    actions.approve(approver, c)  # a new year, a new 40 (here 1)
    assert Quota.objects.get(code="enterprise_head_study").used == 2
