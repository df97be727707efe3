"""The households contract (shared/contracts/households.md): the decision, three-valued
results with `missing`, per-line errors, the command (without Django) and the API."""

import datetime as dt
import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from zhihui.employment.households import STATUSES, HouseholdError, check_household, check_lines

AS_OF = dt.date(2026, 12, 7)
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {"id": "h1", "urban": True, "business_income": False,
           "members": [{"id": "m1", "birth_date": "1975-06-15", "retirement_category": "male",
                        "status": "registered_unemployed", "able_to_work": True, "wants_work": True}]}


def member(mid="m1", **kw):
    m = {"id": mid, "birth_date": "1980-05-05", "retirement_category": "male",
         "status": "registered_unemployed", "able_to_work": True, "wants_work": True}
    m.update(kw)
    return {k: v for k, v in m.items() if v is not None}


def household(*members, **kw):
    h = {"id": "h", "urban": True, "business_income": False, "members": list(members)}
    h.update(kw)
    return {k: v for k, v in h.items() if v is not None}


def test_the_contract_example():
    r = check_household(EXAMPLE, AS_OF)
    assert list(r) == ["id", "zero_employment", "members", "missing", "reasons"]
    assert r["id"] == "h1" and r["zero_employment"] is True and r["missing"] == []
    assert r["members"] == [{"id": "m1", "working_age": True, "retirement_age": "62y8m",
                             "retirement_date": "2038-02-15", "counted": True}]
    assert r["reasons"][0] == "城镇家庭：是"
    assert all(isinstance(x, str) and x for x in r["reasons"])


@pytest.mark.parametrize("status, zero, counted", [
    ("registered_unemployed", True, True),
    ("employed", False, True),
    ("self_employed", False, True),
    ("flexible", False, True),  # flexible employment counts as employed
    ("unemployed_unregistered", False, True),  # registration comes first
    ("out_of_labour_force", False, True),
    ("student", False, False),  # not counted: no counted member at all
    ("military", False, False),
    ("retired", False, False),
])
def test_each_status_of_a_single_member(status, zero, counted):
    r = check_household(household(member(status=status)), AS_OF)
    assert r["zero_employment"] is zero
    assert r["members"][0]["counted"] is counted
    assert r["missing"] == []


def test_students_beside_a_registered_member_do_not_prevent_it():
    r = check_household(household(member("a"), member("b", status="student"),
                                  member("c", status="employed", able_to_work=False)), AS_OF)
    assert r["zero_employment"] is True
    assert [m["counted"] for m in r["members"]] == [True, False, False]


@pytest.mark.parametrize("change", [{"urban": False}, {"business_income": True}])
def test_rural_or_business_income_rules_it_out(change):
    assert check_household(household(member(), **change), AS_OF)["zero_employment"] is False


def test_not_able_or_not_wanting_is_not_counted():
    for kw in ({"able_to_work": False}, {"wants_work": False}):
        r = check_household(household(member(**kw)), AS_OF)
        assert r["members"][0]["counted"] is False
        assert r["zero_employment"] is False  # nobody counted


def test_sixteenth_birthday_and_retirement_date_exactly():
    sixteen = check_household(household(member(birth_date="2010-12-07")), AS_OF)
    assert sixteen["members"][0]["working_age"] is True and sixteen["zero_employment"] is True
    young = check_household(household(member(birth_date="2010-12-08")), AS_OF)
    assert young["members"][0]["working_age"] is False and young["zero_employment"] is False
    # female_worker born 1976-02-07: 50y1m... started periods of 2 months: k=13 → 7 → 50y7m
    born = "1976-05-07"  # k=16 → 9 → 50y9m → 2027-02-07
    before = check_household(household(member(birth_date=born, retirement_category="female_worker")),
                             dt.date(2027, 2, 6))
    on = check_household(household(member(birth_date=born, retirement_category="female_worker")),
                         dt.date(2027, 2, 7))
    assert before["members"][0]["retirement_date"] == "2027-02-07"
    assert before["members"][0]["retirement_age"] == "50y9m"
    assert before["members"][0]["working_age"] is True and before["zero_employment"] is True
    assert on["members"][0]["working_age"] is False and on["zero_employment"] is False


def test_month_end_retirement_date_in_the_result():
    r = check_household(household(member(birth_date="1965-01-31")), AS_OF)
    assert r["members"][0]["retirement_age"] == "60y1m"
    assert r["members"][0]["retirement_date"] == "2025-02-28"
    assert r["members"][0]["working_age"] is False


def test_unknowns_that_the_stated_facts_decide():
    # an employed member of working age makes it false whatever else is unknown
    r = check_household({"id": "x", "members": [member("a", status="employed"), {"id": "b"}]}, AS_OF)
    assert r["zero_employment"] is False and r["missing"] == []
    assert r["members"][1] == {"id": "b", "working_age": None, "retirement_age": None,
                               "retirement_date": None, "counted": None}
    # a birth date alone decides working age under 16 or under 50
    r = check_household({"id": "y", "members": [{"id": "k", "birth_date": "2015-01-01"},
                                                {"id": "p", "birth_date": "1990-01-01"}]}, AS_OF)
    assert [m["working_age"] for m in r["members"]] == [False, True]
    assert r["members"][0]["counted"] is False
    assert r["members"][1]["retirement_age"] is None  # the category is unknown
    # at 52 it depends on the category
    r = check_household({"id": "z", "members": [{"id": "q", "birth_date": "1974-06-01"}]}, AS_OF)
    assert r["members"][0]["working_age"] is None


def test_open_answers_list_the_missing_facts_as_paths():
    h = household(member("m1", birth_date=None, status="registered_unemployed"), business_income=None)
    r = check_household(h, AS_OF)
    assert r["zero_employment"] is None
    assert r["missing"] == ["business_income", "members[m1].birth_date"]
    assert r["reasons"][-1].startswith("结论：待定")
    # a fact that cannot matter is not listed: not able to work, status unknown
    r = check_household(household(member("a"), member("b", status=None, able_to_work=False)), AS_OF)
    assert r["zero_employment"] is True and r["missing"] == []
    r = check_household(household(member("a"), member("b", status=None)), AS_OF)
    assert r["zero_employment"] is None and r["missing"] == ["members[b].status"]
    r = check_household({"id": "n", "urban": True, "business_income": False}, AS_OF)
    assert r["zero_employment"] is None and r["missing"] == ["members"] and r["members"] == []
    r = check_household({"id": "e", "urban": True, "business_income": False, "members": []}, AS_OF)
    assert r["zero_employment"] is False and r["missing"] == []


# --- an exhaustive cross-check against the contract's definition ------------------------------
# Each absent fact is replaced by every value of a domain that covers every case the rules
# distinguish (ages: under 16, 30, 52 — decided by the category — and 70); the decision must be
# the common value of all completions, or null, and `missing` exactly the absent facts on which
# some completion changes with them.
BIRTHS = ["2015-03-01", "1996-03-01", "1974-06-01", "1956-03-01"]
DOMAINS = {"birth_date": BIRTHS, "retirement_category": ["male", "female_cadre", "female_worker"],
           "status": list(STATUSES), "able_to_work": [True, False], "wants_work": [True, False]}


def _direct(h) -> bool:
    """The contract's definition on fully known facts, written out independently."""
    from zhihui.employment.retirement import is_working_age

    counted = []
    for m in h["members"]:
        b = dt.date.fromisoformat(m["birth_date"])
        c = (is_working_age(b, m["retirement_category"], AS_OF) and m["able_to_work"]
             and m["wants_work"] and m["status"] not in ("student", "military", "retired"))
        counted.append((c, m["status"]))
    return (h["urban"] and not h["business_income"] and any(c for c, _ in counted)
            and all(s == "registered_unemployed" for c, s in counted if c))


def _completions(h):
    slots = [((), k, [True, False]) for k in ("urban", "business_income") if k not in h]
    for i, m in enumerate(h["members"]):
        slots += [((i,), k, DOMAINS[k]) for k in DOMAINS if k not in m]
    return slots


def _fill(h, slots, values):
    full = {**h, "members": [dict(m) for m in h["members"]]}
    for (where, key, _), v in zip(slots, values, strict=True):
        (full["members"][where[0]] if where else full)[key] = v
    return full


def _path(h, slot):
    where, key, _ = slot
    return f"members[{h['members'][where[0]]['id']}].{key}" if where else key


def _reference(h):
    slots = _completions(h)
    table = {values: _direct(_fill(h, slots, values))
             for values in itertools.product(*(s[2] for s in slots))}
    outcomes = set(table.values())
    zero = outcomes.pop() if len(outcomes) == 1 else None
    missing = set()
    if zero is None:
        for i, slot in enumerate(slots):
            for values, z in table.items():
                if any(table[values[:i] + (v,) + values[i + 1:]] != z for v in slot[2]):
                    missing.add(_path(h, slot))
                    break
    return zero, missing


def test_decision_and_missing_match_exhaustive_enumeration():
    rnd = random.Random(16)
    full_keys = ["birth_date", "retirement_category", "status", "able_to_work", "wants_work"]
    checked = 0
    for _ in range(400):
        members = []
        for j in range(rnd.randint(1, 2)):
            m = {"id": f"m{j}", "birth_date": rnd.choice(BIRTHS),
                 "retirement_category": rnd.choice(DOMAINS["retirement_category"]),
                 "status": rnd.choice(list(STATUSES) + ["registered_unemployed"] * 5),
                 "able_to_work": rnd.random() < 0.85, "wants_work": rnd.random() < 0.85}
            members.append(m)
        h = {"id": "r", "urban": rnd.random() < 0.85, "business_income": rnd.random() < 0.15,
             "members": members}
        # leave out up to three facts (keeps the enumeration small)
        keys = [((), k) for k in ("urban", "business_income")] + \
               [((i,), k) for i in range(len(members)) for k in full_keys]
        for where, k in rnd.sample(keys, rnd.randint(0, 3)):
            del (h["members"][where[0]] if where else h)[k]
        zero, missing = _reference(h)
        r = check_household(h, AS_OF)
        assert r["zero_employment"] is zero, h
        assert set(r["missing"]) == missing, h
        checked += zero is None
    assert checked > 30  # the open case was exercised


# --- errors ---------------------------------------------------------------------------------

@pytest.mark.parametrize("h, field", [
    ({"urban": True}, "id"),
    ({"id": "h", "urban": "yes"}, "urban"),
    ({"id": "h", "business_income": 1}, "business_income"),
    ({"id": "h", "members": {"id": "m"}}, "members"),
    ({"id": "h", "members": ["m1"]}, "members[0]"),
    ({"id": "h", "members": [{"birth_date": "1990-01-01"}]}, "members[0].id"),
    ({"id": "h", "members": [{"id": "m1", "birth_date": "1990-02-30"}]}, "members[m1].birth_date"),
    ({"id": "h", "members": [{"id": "m1", "birth_date": "1990/02/03"}]}, "members[m1].birth_date"),
    ({"id": "h", "members": [{"id": "m1", "birth_date": 19900203}]}, "members[m1].birth_date"),
    ({"id": "h", "members": [{"id": "m1", "retirement_category": "female"}]}, "members[m1].retirement_category"),
    ({"id": "h", "members": [{"id": "m1", "retirement_category": ["male"]}]}, "members[m1].retirement_category"),
    ({"id": "h", "members": [{"id": "m1", "status": "unemployed"}]}, "members[m1].status"),
    ({"id": "h", "members": [{"id": "m1", "status": {}}]}, "members[m1].status"),
    ({"id": "h", "members": [{"id": "m1", "able_to_work": 1}]}, "members[m1].able_to_work"),
    ({"id": "h", "members": [{"id": "m1", "wants_work": "true"}]}, "members[m1].wants_work"),
])
def test_schema_errors_name_the_field(h, field):
    with pytest.raises(HouseholdError) as e:
        check_household(h, AS_OF)
    assert e.value.field == field
    assert str(e.value).startswith(field + ": ")


def test_lines_bad_and_good_go_on_in_order():
    data = b"\n".join([
        json.dumps(EXAMPLE).encode(),
        b"{not json",
        json.dumps({"id": "h3", "members": [{"id": "m1", "status": "jobless"}]}).encode(),
        b"",
        json.dumps({**EXAMPLE, "id": "h5", "urban": False}).encode(),
    ]) + b"\n"
    out = []
    check_lines(data, AS_OF, out.append)
    rows = [json.loads(x) for x in b"".join(out).decode().splitlines()]
    assert [r.get("line") for r in rows] == [None, 2, 3, 4, None]
    assert rows[0]["zero_employment"] is True and rows[4]["zero_employment"] is False
    assert rows[1] == {"id": None, "line": 2, "error": rows[1]["error"]}
    assert "JSON" in rows[1]["error"]
    assert rows[2]["id"] == "h3" and rows[2]["error"].startswith("members[m1].status: unknown value")
    assert rows[3]["id"] is None and "empty" in rows[3]["error"]


def test_command_without_django_exit_zero_and_parallel_output_in_order(tmp_path):
    lines = [json.dumps({**EXAMPLE, "id": f"h{i}", "urban": i % 3 != 0}) for i in range(25_000)]
    lines[7] = "[]"
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("\n".join(lines) + "\n")
    code = ("import sys; from zhihui.cli import main; "
            f"rc = main(['employment', 'households', '--as-of', '2026-12-07', '--input', {str(src)!r}, "
            f"'--output', {str(dst)!r}, '--jobs', '2']); "
            "assert 'django' not in sys.modules, 'django was imported'; sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in dst.read_text().splitlines()]
    assert len(rows) == 25_000
    assert rows[7] == {"id": None, "line": 8, "error": rows[7]["error"]}
    assert [r["id"] for r in rows[20_000:20_003]] == ["h20000", "h20001", "h20002"]
    assert [r["zero_employment"] for r in rows[20_000:20_003]] == [True, False, True]  # urban = i % 3 != 0


def test_command_reads_stdin_and_rejects_a_bad_as_of():
    cmd = [sys.executable, "-m", "zhihui.cli", "employment", "households", "--as-of", "2026-12-07"]
    proc = subprocess.run(cmd, cwd=ROOT, input=json.dumps(EXAMPLE) + "\n", capture_output=True, text=True)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["members"][0]["retirement_date"] == "2038-02-15"
    bad = subprocess.run(cmd[:-1] + ["2026-02-30"], cwd=ROOT, input="", capture_output=True, text=True)
    assert bad.returncode == 2 and "not a real date" in bad.stderr


# --- API ------------------------------------------------------------------------------------

def _post(client, body, query="?as_of=2026-12-07"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/api/v1/employment/households/check" + query, data=data,
                       content_type="application/json")


@pytest.mark.django_db
def test_api_gives_the_same_decision_as_the_command(client):
    r = _post(client, EXAMPLE)
    assert r.status_code == 200
    assert r.json() == check_household(EXAMPLE, AS_OF)
    r = _post(client, [EXAMPLE, {**EXAMPLE, "id": "h2", "urban": False}])
    assert [x["zero_employment"] for x in r.json()] == [True, False]
    r = _post(client, {**EXAMPLE, "as_of": "2040-01-01"}, query="")
    assert r.json()["members"][0]["working_age"] is False


@pytest.mark.django_db
def test_api_errors_are_422_naming_the_field(client):
    bad = {"id": "h", "members": [{"id": "m1", "birth_date": "1990-02-30"}]}
    r = _post(client, bad)
    assert r.status_code == 422
    d = r.json()["detail"][0]
    assert d["loc"] == ["body", "members", "m1", "birth_date"]
    assert d["msg"].startswith("members[m1].birth_date:")
    assert _post(client, "{oops").status_code == 422
    r = _post(client, EXAMPLE, query="?as_of=2026-13-01")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "as_of"]
    assert _post(client, EXAMPLE, query="").status_code == 422
    r = _post(client, [EXAMPLE, bad])
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:2] == ["body", 1]
