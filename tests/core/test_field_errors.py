"""Issue 11: every domain's refusal is a `zhihui.core.errors.FieldError` naming its field, so
pages and APIs put the message beside the field the same way for all of them."""

from __future__ import annotations

from zhihui.core.errors import NON_FIELD, FieldError
from zhihui.employment.households import HouseholdError, check_household
from zhihui.market.actions import MarketError


def test_household_errors_name_their_field_and_keep_the_contract_text():
    try:
        check_household({"id": "h", "urban": "yes", "business_income": False, "members": []},
                        __import__("datetime").date(2025, 6, 30))
    except HouseholdError as e:
        assert isinstance(e, FieldError)
        assert e.field == "urban" and str(e).startswith("urban: ") and not e.message.startswith("urban")
    else:  # pragma: no cover - the household above is invalid
        raise AssertionError("an invalid household was accepted")
    whole = HouseholdError("", "expected a JSON object (one household), got 1")
    assert whole.field == NON_FIELD and str(whole) == whole.message


def test_market_errors_name_their_field():
    e = MarketError("salary_max", "不能低于最低薪酬")
    assert isinstance(e, FieldError) and e.field == "salary_max"
    assert e.message == str(e) == "不能低于最低薪酬"
