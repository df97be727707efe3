"""Issue 15, found 3: the check asks only what its form can answer, each question linked to the
field and worded from the field's label; a logged-in citizen starts from their own file (an
audited read)."""

from __future__ import annotations

import re

import pytest

from zhihui.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_questions_are_form_fields_linked_and_grammatical(client):
    page = client.post("/policy/check/", {"degree": "master"}).content.decode()
    questions = page[page.index('id="questions"'):page.index("</ul>", page.index('id="questions"'))]
    items = re.findall(r"<li>(.*?)</li>", questions)
    assert items
    form_ids = set(re.findall(r'id="(id_[a-z_]+)"', page))
    for item in items:
        link = re.search(r'<a href="#(id_[a-z_]+)"><strong>(.+?)</strong></a>', item)
        assert link, item
        assert link.group(1) in form_ids, item  # a field on this form
        assert not re.search(r"[a-z]_[a-z]", link.group(2)), item  # never a raw field key
    assert "您的是否" not in page and "您的<strong>" not in page
    # facts the form does not ask are named apart, in Chinese, not as questions
    assert "本表不涉及" in page
    assert "double_introduction_project" not in page
    assert "“双引”创业项目" in page


def test_a_citizens_check_is_prefilled_from_their_own_file_and_audited(client_for, citizen_of, phd):
    c = client_for(citizen_of(phd))
    before = AuditEvent.objects.count()
    page = c.get("/policy/check/").content.decode()
    assert 'id="prefilled"' in page
    assert re.search(r'<option value="doctorate" selected>', page)
    assert re.search(r'name="pension_months" value="30"', page)
    assert re.search(r'name="hukou_settled"[^>]*>.*?<option value="yes" selected>', page, re.S)
    assert AuditEvent.objects.count() == before + 1


def test_an_anonymous_check_starts_empty(client):
    page = client.get("/policy/check/").content.decode()
    form = page[page.index('id="check-form"'):page.index("</form>", page.index('id="check-form"'))]
    assert 'id="prefilled"' not in page and " selected>" not in form.replace('<option value="" selected>', "")
