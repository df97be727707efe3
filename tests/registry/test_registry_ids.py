"""Identity numbers (GB 11643) and unified social credit codes (GB 32100): what a clerk typing
one in sees accepted or refused, and why."""

import datetime as dt

import pytest

from tests.factories import id_number, id_number_ending_x
from zhihui.registry.ids import (
    InvalidIdentifier,
    mask_id_number,
    parse_id_query,
    uscc_check_char,
    validate_id_number,
    validate_uscc,
)


def test_a_valid_jiyuan_number_gives_sex_and_birth_date():
    rid = validate_id_number(id_number(region="419001", birth="19900101", seq="123"))
    assert rid.birth_date == dt.date(1990, 1, 1)
    assert rid.sex == "M"  # 17th digit 3 is odd
    assert rid.region_code == "419001"


def test_an_even_sequence_digit_is_a_woman():
    assert validate_id_number(id_number(seq="124")).sex == "F"


def test_jiyuan_numbers_born_before_1997_are_accepted():
    # python-stdnum's cn.ric rejects these (419001 did not exist before 1997); real people hold them.
    assert validate_id_number(id_number(region="419001", birth="19650704", seq="017")).birth_date.year == 1965


def test_the_pre_1997_jiyuan_code_is_accepted():
    assert validate_id_number(id_number(region="410881", birth="19700101", seq="011")).region_code == "410881"


def test_wrong_check_digit_is_refused():
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidIdentifier, match="校验位"):
        validate_id_number(bad)


def test_impossible_birth_date_is_refused():
    with pytest.raises(InvalidIdentifier, match="出生日期19900230不存在"):
        validate_id_number(id_number(birth="19900230"))


def test_future_birth_date_is_refused():
    future = (dt.date.today() + dt.timedelta(days=400)).strftime("%Y%m%d")
    with pytest.raises(InvalidIdentifier, match="不合理"):
        validate_id_number(id_number(birth=future))


def test_unknown_region_is_refused():
    with pytest.raises(InvalidIdentifier, match="地区代码999999不存在"):
        validate_id_number(id_number(region="999999"))


def test_lower_case_x_is_accepted_and_normalised():
    number = id_number_ending_x()
    rid = validate_id_number(number.lower())
    assert rid.number == number and rid.number.endswith("X")


@pytest.mark.parametrize("value, reason", [("41900119900101123", "18位"), ("41900119900101123A", "末位"), ("", "18位")])
def test_malformed_numbers_name_the_problem(value, reason):
    with pytest.raises(InvalidIdentifier, match=reason) as exc:
        validate_id_number(value)
    assert exc.value.field == "id_number"


def test_masking_shows_region_and_last_four_only():
    number = id_number_ending_x()
    assert mask_id_number(number) == number[:6] + "********" + number[14:]
    assert mask_id_number(number.lower()).endswith("X")


@pytest.mark.parametrize(
    "query, kind",
    [("419001********123X", "masked"), ("123x", "last4"), ("****123X", "last4"), ("张伟", ""), ("12345", "")],
)
def test_search_terms_are_read_as_identity_number_shapes(query, kind):
    assert parse_id_query(query).kind == kind


def test_a_full_number_is_recognised_as_such():
    assert parse_id_query(id_number()).kind == "full"


def _uscc(prefix17: str) -> str:
    return prefix17 + uscc_check_char(prefix17)


def test_valid_credit_code():
    code = _uscc("91419001MA40000A1")
    assert validate_uscc(code) == code


@pytest.mark.parametrize("authority", ["N", "Y", "5", "1"])
def test_authority_letters_that_stdnum_rejects_are_accepted(authority):
    code = _uscc(f"{authority}2419001MA40000A1")
    assert validate_uscc(code) == code


def test_lower_case_credit_code_is_normalised():
    code = _uscc("91419001MA40000A1")
    assert validate_uscc(code.lower()) == code


def test_wrong_credit_code_check_character_is_refused():
    code = _uscc("91419001MA40000A1")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(InvalidIdentifier, match="校验位") as exc:
        validate_uscc(wrong)
    assert exc.value.field == "uscc"


@pytest.mark.parametrize("code, reason", [("91419001MA40000I1X", "非法字符"), ("B1419001MA40000A10", "登记管理部门"), ("914190", "18位")])
def test_malformed_credit_codes_name_the_problem(code, reason):
    with pytest.raises(InvalidIdentifier, match=reason):
        validate_uscc(code)
