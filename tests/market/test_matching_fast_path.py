"""The ranking fast path (`matching._points`) gives exactly the score of `matching.score` (which
also builds the reasons) over a grid of seekers and postings."""

from __future__ import annotations

import itertools
from decimal import Decimal
from types import SimpleNamespace

from zhihui.market import matching
from zhihui.market.enums import EDUCATION_RANK


def test_fast_path_agrees_with_the_full_score():
    seekers = [SimpleNamespace(desired_occupations=d, skills=sk, certificates=ce, education=ed, town_code=tw, expected_salary=ex)
               for d, sk, ce, ed, tw, ex in itertools.product(
                   ["", "6-18-01-01", "6-18-01-02,4-02-03-03", "6-29-01-01"], ["", "叉车驾驶、仓储管理"], ["", "叉车证"],
                   ["junior", "bachelor"], ["", "419001001"], [None, Decimal("3000"), Decimal("6000"), Decimal("9000")])]
    postings = [SimpleNamespace(occupation_code=c, skills=sk, certificates=ce, education=ed, town_code=tw,
                                salary_min=Decimal("4500"), salary_max=Decimal("6500"))
                for c, sk, ce, ed, tw in itertools.product(
                    ["6-18-01-01", "6-18-02-01", "6-20-01-01", "4-02-03-03", ""], ["", "叉车驾驶、客户沟通"], ["", "叉车证、电工证"],
                    ["none", "senior"], ["419001001", "419001002"])]
    n = 0
    for s in seekers:
        codes = [c for c in s.desired_occupations.split(",") if c]
        args = (codes, matching.items(s.skills), matching.items(s.certificates), EDUCATION_RANK[s.education],
                s.town_code, s.expected_salary)
        for p in postings:
            assert matching._points(*args, p) == matching.score(s, p).score, (s, p)
            n += 1
    assert n > 10000
