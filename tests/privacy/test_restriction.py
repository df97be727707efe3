"""Issue 13: a restriction of processing (PIPL art. 44) is enforced, not only recorded: staff see
it marked on the person's file and on the policy explanation page, which no longer screens the
person on staff's initiative; it can be lifted with a reason (audited)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zhihui.core.models import AuditEvent
from zhihui.privacy import actions, selectors
from zhihui.privacy.models import ProcessingRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(citizen, clerk, reviewer):
    req = actions.file_request(citizen, citizen.person, "restriction", details="暂停免申即享推送和短信")
    actions.accept_request(clerk, req)
    actions.complete_request(reviewer, req)
    return citizen.person


def test_staff_see_the_mark_on_the_file_and_the_person_does_not(restricted, citizen, clerk, client_for):
    page = client_for(clerk).get(f"/registry/persons/{restricted.pk}/").content.decode()
    assert 'id="restricted-mark"' in page and "暂停免申即享推送和短信" in page
    own = client_for(citizen).get(f"/registry/persons/{restricted.pk}/").content.decode()
    assert 'id="restricted-mark"' not in own


def test_the_explanation_page_does_not_screen_a_restricted_person_for_staff(restricted, resident, clerk, client_for):
    page = client_for(clerk).get(f"/policy/explain/person/{restricted.pk}/").content.decode()
    assert 'id="restricted-mark"' in page and "截至" not in page
    assert AuditEvent.objects.filter(summary__contains="查看政策判定").count() == 1  # the read is still audited


def test_lifting_needs_a_worker_and_a_reason_and_is_audited(restricted, citizen, reviewer):
    r = ProcessingRestriction.objects.get(person=restricted)
    with pytest.raises(PermissionDenied):
        actions.lift_restriction(citizen, r, "本人申请恢复")
    with pytest.raises(actions.PrivacyError, match="reason"):
        actions.lift_restriction(reviewer, r, "")
    actions.lift_restriction(reviewer, r, "本人申请恢复")
    assert not selectors.is_restricted(restricted) and selectors.live_restriction(restricted) is None
    assert AuditEvent.objects.filter(summary__contains="解除限制处理").count() == 1
    assert selectors.restricted_person_ids() == set()
