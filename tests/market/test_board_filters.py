"""The public board's occupation filter at each level of the code (major group, middle group,
small group, occupation), and the number of statements a board page costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhihui.market import actions, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(make_posting, clerk):
    out = {}
    for title, code in [("叉车司机", "4-02-03-03"), ("仓库保管员", "4-02-06-01"), ("装卸工", "4-02-03-01"),
                        ("会计", "2-06-03-00"), ("电工", "6-31-01-03")]:
        p = make_posting(title=title, occupation_code=code)
        actions.submit_posting(p.created_by, p)
        out[title] = actions.publish_posting(clerk, p)
    return out


@pytest.mark.parametrize("occupation,titles", [
    ("4", {"叉车司机", "仓库保管员", "装卸工"}),
    ("4-02", {"叉车司机", "仓库保管员", "装卸工"}),
    ("4-02-", {"叉车司机", "仓库保管员", "装卸工"}),
    ("4-02-03", {"叉车司机", "装卸工"}),
    ("4-02-03-03", {"叉车司机"}),
    ("4-0", set()),  # not a group: no partial-number matches
    ("2-06", {"会计"}),
    ("", {"叉车司机", "仓库保管员", "装卸工", "会计", "电工"}),
])
def test_occupation_filter_at_every_level(board, occupation, titles):
    page = selectors.board_page(selectors.BoardFilters.from_params({"occupation": occupation}), 1)
    assert {p.title for p in page.object_list} == titles
    html = Client().get("/market/", {"occupation": occupation}).content.decode()
    for t in titles:
        assert t in html


def test_a_board_page_costs_a_fixed_number_of_statements(board):
    c = Client()
    c.get("/market/")  # the towns list is cached from the first page on
    with CaptureQueriesContext(connection) as ctx:
        r = c.get("/market/", {"q": "叉车", "occupation": "4-02"})
    assert r.status_code == 200 and "叉车司机" in r.content.decode()
    # ids of the window, the page's rows, the employers' two marks (dishonesty lists, arrears)
    assert len(ctx.captured_queries) <= 4, [q["sql"][:120] for q in ctx.captured_queries]
