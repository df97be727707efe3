"""The window's lists issue a fixed number of queries whatever the number of rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhihui.window import actions

pytestmark = pytest.mark.django_db


def _queries(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def many(fake_engine, clerk, make_person, service):
    def _make(n):
        for _ in range(n):
            app, _ = actions.submit(clerk, service, person=make_person())
            actions.accept(clerk, app)
    return _make


@pytest.mark.parametrize("url", ["/window/desk/?tab=all", "/window/desk/?tab=due_soon", "/window/desk/?status=accepted"])
def test_the_window_list_does_not_grow_with_rows(many, clerk, client_for, url, django_assert_num_queries):
    c = client_for(clerk)
    many(2)
    few = _queries(c, url, HTTP_HX_REQUEST="true")
    many(25)
    # session, user, COUNT, rows (+ the holiday notices for the due-soon horizon); Security I
    # adds up to 4 per request: the second-factor device, the session saved for the idle timeout (with its savepoint)
    with django_assert_num_queries(few):
        c.get(url, HTTP_HX_REQUEST="true")
    assert few <= 9


def test_the_full_desk_page_has_a_fixed_query_budget(many, clerk, client_for, django_assert_max_num_queries):
    c = client_for(clerk)
    many(30)
    with django_assert_max_num_queries(16):  # +4 per request since Security I (see above)
        c.get("/window/desk/")


def test_the_reviewer_queue_and_my_applications_do_not_grow(fake_engine, many, clerk, reviewer, citizen, client_for, service, budgets):
    many(3)
    c = client_for(reviewer)
    few = _queries(c, "/window/queue/")
    many(20)
    assert _queries(c, "/window/queue/") == few
