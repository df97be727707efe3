"""Posting imports from Excel (errors name row, column and header; preview; all or nothing) and
the clerk's page to keep a job seeker's profile at the window (audited views)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from zhihui.market import imports
from zhihui.market.models import JobSeeker, Posting

pytestmark = pytest.mark.django_db


def xlsx(rows) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "postings.xlsx"
    return buf


HEAD = list(imports.COLUMNS)
VALID = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def row(**over):
    base = dict(zip(HEAD, ["叉车司机", "", "", "419001001", "", 4500, 6500, "高中/中专/技校", "叉车驾驶", "叉车证", 1, 3,
                           "8:00-17:00", "负责叉车转运。男女不限。", "王女士", "0391-6600000", VALID], strict=True))
    base.update(over)
    return [base[h] for h in HEAD]


def test_import_errors_name_row_and_column_and_nothing_is_saved(employer, catalogues, client_for):
    c = client_for(employer)
    bad = xlsx([HEAD, row(), row(**{"月薪上限": 3000}), row(**{"工作地点代码": "999"}), row(**{"有效期至": "明天"})])
    r = c.post("/market/employer/import/", {"file": bad})
    body = r.content.decode()
    assert r.status_code == 422
    assert 'data-row="3" data-column="G"' in body and "第 3 行 G 列(月薪上限)" in body and "月薪上限不能低于下限" in body
    assert 'data-row="4" data-column="D"' in body and 'data-row="5" data-column="Q"' in body
    assert Posting.objects.count() == 0
    r = c.post("/market/employer/import/", {"file": xlsx([["岗位名称", "工资"], ["叉车司机", 1]])})
    assert r.status_code == 422 and "未知的表头“工资”" in r.content.decode() and "缺少必需的列" in r.content.decode()
    r = c.post("/market/employer/import/", {"file": BytesIO(b"not a workbook")})
    assert r.status_code == 422 and "不是有效的 Excel" in r.content.decode()


def test_import_preview_then_confirm_all_with_submission(employer, catalogues, client_for):
    c = client_for(employer)
    r = c.post("/market/employer/import/", {"file": xlsx([HEAD, row(), row(**{"岗位名称": "仓库管理员", "学历要求": "大专"})])})
    assert r.status_code == 200 and r.content.decode().count('class="import-row"') == 2
    assert Posting.objects.count() == 0  # preview saves nothing
    r = c.post("/market/employer/import/", {"step": "confirm", "submit": "1"})
    assert r.status_code == 302
    assert sorted(Posting.objects.values_list("title", "status", "education")) == [
        ("仓库管理员", "pending", "associate"), ("叉车司机", "pending", "senior")]
    r = c.post("/market/employer/import/", {"step": "confirm"})  # nothing pending any more
    assert r.status_code == 422 and Posting.objects.count() == 2


def test_confirm_is_all_or_nothing(employer, catalogues):
    rows = imports.parse(xlsx([HEAD, row(), row()]).getvalue())
    rows[1]["valid_until"] = "2000-01-01"  # became invalid after the preview
    with pytest.raises(imports.ImportErrors) as e:
        imports.confirm(employer, rows)
    assert "第 3 行" in e.value.errors[0]["message"] and Posting.objects.count() == 0


def test_template_download_round_trips(employer, catalogues, client_for):
    r = client_for(employer).get("/market/employer/import/", {"template": "1"})
    wb = load_workbook(BytesIO(r.content))
    assert [c.value for c in wb.active[1]] == HEAD
    from zhihui.registry.catalogues import load_all

    load_all(only=["industries"])
    assert len(imports.parse(r.content)) == 1


def test_clerk_keeps_a_seekers_profile_at_the_window(clerk, seeker_user, employer, catalogues, client_for):
    from zhihui.core.models import AuditEvent

    c = client_for(clerk)
    person = seeker_user.person
    r = c.get("/market/seekers/", {"q": str(person.pk)})
    assert r.status_code == 302 and r.url == f"/market/seekers/{person.pk}/"
    assert "此人还没有求职登记" in c.get(r.url).content.decode()
    r = c.post(r.url, {"desired_title": "电工", "education": "senior", "expected_salary": "abc"})
    assert r.status_code == 422 and 'data-field="expected_salary"' in r.content.decode()
    r = c.post(f"/market/seekers/{person.pk}/", {"desired_title": "电工", "education": "senior", "expected_salary": "5000",
                                                 "visible": "1"})
    assert r.status_code == 302
    seeker = JobSeeker.objects.get(person=person)
    assert seeker.created_by == clerk and seeker.expected_salary == 5000
    c.get(f"/market/seekers/{person.pk}/")
    assert AuditEvent.objects.filter(action="view", object_id=str(seeker.pk)).exists()
    assert "未找到此人" in c.get("/market/seekers/", {"q": "123"}, follow=True).content.decode()
    assert client_for(employer).get(f"/market/seekers/{person.pk}/").status_code == 403
