"""Issue 11: a dated line in parameters.yaml moves every explanation that states the value. The
engine's reasons carry their values (template id + values, zhihui.policy.reasons) and the pages
render them, so a threshold raised from a date is what the explanation page, the eligibility
check and the application page's condition table say from that date, in Chinese and in English;
no page keeps the old figure."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.dated_package import dated_package, use_package
from zhihui.core.roles import Role

pytestmark = pytest.mark.django_db

SINCE = dt.date(2026, 1, 1)  # before "today" of any run of this suite


@pytest.fixture
def stricter(tmp_path, settings):
    """From 2026-01-01 the graduate living subsidy needs 18 months of pension, not 12."""
    assert timezone.localdate() >= SINCE
    use_package(settings, dated_package(tmp_path, {
        "graduate_living.min_pension_months": (SINCE, 18),
    }))
    yield
    from zhihui.benefits import engine
    from zhihui.window import decisions

    engine.package.cache_clear()
    decisions.package.cache_clear()


def _block(page: str, bid: str) -> str:
    start = page.index(f'id="benefit-{bid}"')
    end = page.find('<section class="card benefit', start + 10)
    return page[start:end if end > 0 else None]


def _pension_row(block: str) -> str:
    m = re.search(r"<tr[^>]*>(?:(?!</tr>).)*按时连续缴纳养老保险月数(?:(?!</tr>).)*</tr>", block, re.S)
    assert m, block
    return m.group(0)


def test_the_explanation_follows_a_dated_threshold(stricter):
    from zhihui.benefits.explain import explain_profile

    profile = {
        "id": "p", "kind": "person", "birth_date": "1994-03-01", "hukou_settled": True,
        "education": {"degree": "doctorate", "full_time": True, "graduation_date": "2024-06-30"},
        "employment": {"start_date": "2024-09-01", "newly_introduced": True, "contract_years": 5},
        "pension": {"continuous_months": 14, "back_paid": False},
    }

    def pension_row(as_of):
        block = next(b for b in explain_profile(profile, as_of)["blocks"] if b["id"] == "graduate_living")
        row = next(r for r in block["reasons"] if r.get("field") == "pension.continuous_months")
        return block, row

    block, row = pension_row(dt.date(2025, 12, 31))
    assert block["status"] == "eligible"
    assert row["required"] == "至少 12 个月（按时缴纳，补缴月份不计入）" and row["had"] == "14"
    block, row = pension_row(dt.date(2026, 6, 30))
    assert block["status"] == "ineligible"
    assert row["required"] == "至少 18 个月（按时缴纳，补缴月份不计入）"
    assert row["mark"] == "fail" and "满 18 个月后可申请" in row["when"]
    # the engine's own line (the contract's) follows too
    assert "required at least 18 months" in row["raw"]


def test_the_explanation_page_follows_a_dated_threshold(stricter, client_for, clerk, make_person):
    person = make_person()
    c = client_for(clerk)
    before = _block(c.get(f"/policy/explain/person/{person.pk}/?as_of=2025-12-31").content.decode(),
                    "graduate_living")
    after = _block(c.get(f"/policy/explain/person/{person.pk}/?as_of=2026-06-30").content.decode(),
                   "graduate_living")
    assert "至少 12 个月" in _pension_row(before) and "至少 18 个月" not in before
    assert "至少 18 个月" in _pension_row(after) and "至少 12 个月" not in after
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = _block(c.get(f"/policy/explain/person/{person.pk}/?as_of=2026-06-30").content.decode(),
                     "graduate_living")
    assert "at least 18 months" in english and "at least 12 months" not in english


def test_the_eligibility_check_follows_a_dated_threshold(stricter, client):
    today = timezone.localdate()
    page = client.post("/policy/check/", {
        "birth_date": today.replace(year=today.year - 28, day=1).isoformat(),
        "degree": "master",
        "graduation_date": (today - dt.timedelta(days=200)).isoformat(),
        "full_time": "yes",
        "overseas": "no",
        "newly_introduced": "yes",
        "start_date": (today - dt.timedelta(days=120)).isoformat(),
        "contract_years": "3",
        "hukou_settled": "yes",
        "pension_months": "14",
    }).content.decode()
    block = _block(page, "graduate_living")
    assert "不符合" in block
    lead = block[block.index("failed-lead"):block.index("</div>")]
    assert "按时连续缴纳养老保险月数" in lead and "至少 18 个月" in lead and "满 18 个月后可申请" in lead
    assert "至少 12 个月" not in block and "满 12 个月" not in block


def test_the_application_page_condition_table_follows_a_dated_threshold(stricter, client_for,
                                                                         make_user, make_person):
    citizen = make_user(Role.CITIZEN, "citizen_dated", person=make_person())
    page = client_for(citizen).get("/window/apply/?service=graduate_living").content.decode()
    preview = page[page.index('id="eligibility-preview"'):]
    assert "至少 18 个月" in _pension_row(preview) and "至少 12 个月" not in preview
