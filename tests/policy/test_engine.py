"""The engine and the contract's command: behaviour a caller sees."""

import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from zhihui.policies.jiyuan.samples import profiles as sample_profiles
from zhihui.policy import PackageError, ProfileError, load_package
from zhihui.policy.cli import screen_bytes

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 6, 30)
PERSON_BENEFITS = sorted("""graduate_living graduate_startup national_technical_expert
scarce_talent_salary senior_technician_subsidy senior_title_award startup_project_award
wangwu_agritech_star wangwu_entrepreneur wangwu_innovation_star wangwu_professional
youth_talent_living youth_talent_station""".split())
ORG_BENEFITS = sorted("""graduate_hiring_loan graduate_transfer_award national_technical_expert_org
order_training_subsidy skill_studio_grant""".split())


@pytest.fixture(scope="module")
def pkg():
    return load_package("jiyuan")


def test_default_output_lists_exactly_the_contract_benefits_sorted(pkg):
    person, org = pkg.screen([{"id": "p", "kind": "person"}, {"id": "o", "kind": "organization"}],
                             AS_OF)
    assert [b["benefit"] for b in person["benefits"]] == PERSON_BENEFITS
    assert [b["benefit"] for b in org["benefits"]] == ORG_BENEFITS
    extra = pkg.screen([{"id": "p", "kind": "person"}], AS_OF, include_extra=True)[0]
    names = [b["benefit"] for b in extra["benefits"]]
    assert names == sorted(names) and set(PERSON_BENEFITS) < set(names)
    assert "free_housing" in names and "talent_recognition" in names


def test_every_benefit_cites_the_plan(pkg):
    for b in pkg.benefits:
        assert b.references and all(r.startswith("L") for r in b.references), b.id
        assert b.clause.startswith("规划 L"), b.id
        for pid in b.parameters:
            assert pkg.parameters[pid].reference.startswith("L") or pkg.parameters[pid].reference


def test_results_carry_the_package_version(pkg):
    r = pkg.screen([{"id": "p", "kind": "person"}], AS_OF)[0]
    assert r["package"] == "jiyuan@2026.1" and r["as_of"] == "2025-06-30"


def test_one_profile_gives_the_same_result_alone_or_in_a_batch(pkg):
    batch = sample_profiles(300, seed=3)
    together = pkg.screen(batch, AS_OF, include_extra=True)
    for p, r in zip(batch[:60], together[:60], strict=True):
        assert pkg.screen([p], AS_OF, include_extra=True)[0] == r


def test_money_is_exact_and_payments_add_up_to_the_total(pkg):
    for r in pkg.screen(sample_profiles(2000, seed=5), AS_OF, include_extra=True):
        for b in r["benefits"]:
            assert b["total"] == f"{Decimal(b['total']):.2f}"
            paid = sum((Decimal(p["amount"]) for p in b["payments"]), Decimal("0.00"))
            assert paid == Decimal(b["total"]), (r["id"], b)
            if b["status"] != "eligible":
                assert b["total"] == "0.00" and b["payments"] == []
            if b["status"] == "undetermined":
                assert isinstance(b["missing"], list)
            else:
                assert "missing" not in b
            assert b["reasons"] and all(isinstance(x, str) for x in b["reasons"])


def test_a_failed_condition_wins_over_missing_facts(pkg):
    r = pkg.screen([{"id": "p", "kind": "person", "hukou_settled": False}], AS_OF)[0]
    gl = next(b for b in r["benefits"] if b["benefit"] == "graduate_living")
    assert gl["status"] == "ineligible" and "missing" not in gl
    assert "hukou_settled: required true; profile: false" in gl["reasons"]


def test_json_lines_output_is_the_same_json_as_the_result_objects(pkg):
    batch = sample_profiles(1500, seed=11)
    data = b"".join(orjson.dumps(p) + b"\n" for p in batch)
    lines = screen_bytes(pkg, data, AS_OF, include_extra=True).splitlines()
    assert [orjson.loads(x) for x in lines] == pkg.screen(batch, AS_OF, include_extra=True)


def test_bad_lines_are_reported_in_place_and_the_rest_processed(pkg):
    data = b"\n".join([
        json.dumps({"id": "a", "kind": "person"}).encode(),
        b"{not json",
        json.dumps({"id": "b", "kind": "person", "birth_date": "2021-02-29"}).encode(),
        json.dumps({"id": "c", "kind": "team"}).encode(),
        b"",
        json.dumps({"id": "d", "kind": "organization", "staff_count": 1.5}).encode(),
        json.dumps({"id": "e", "kind": "organization"}).encode(),
    ]) + b"\n"
    out = [orjson.loads(x) for x in screen_bytes(pkg, data, AS_OF).splitlines()]
    assert len(out) == 7
    assert out[0]["id"] == "a" and "benefits" in out[0]
    assert out[1]["id"] is None and out[1]["line"] == 2 and "not valid JSON" in out[1]["error"]
    assert out[2] == {"id": "b", "line": 3, "error": "birth_date: '2021-02-29' is not a real date"}
    assert out[3]["line"] == 4 and out[3]["error"].startswith("kind:")
    assert out[4]["line"] == 5 and out[4]["id"] is None
    assert out[5]["line"] == 6 and out[5]["error"].startswith("staff_count:")
    assert out[6]["id"] == "e" and "benefits" in out[6]


def test_screen_one_raises_a_profile_error_naming_the_field(pkg):
    with pytest.raises(ProfileError) as e:
        pkg.screen_one({"id": "x", "kind": "person", "pension": {"back_paid": "no"}}, AS_OF)
    assert e.value.field == "pension.back_paid"


def test_cli_reads_stdin_writes_stdout_and_needs_no_django(tmp_path):
    profile = {"id": "ex-scarce", "kind": "person",
               "scarce_talent": {"quality": 90, "scarcity": 80, "salary": 85, "recognized_year": 2024}}
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    code = ("import sys; from zhihui.cli import main; rc = main(sys.argv[1:]); "
            "assert 'django.db' not in sys.modules, 'Django was started'; sys.exit(rc)")
    proc = subprocess.run(
        [sys.executable, "-c", code, "benefits", "screen", "--as-of", "2025-06-30"],
        input=json.dumps(profile) + "\n", capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    result = json.loads(line)
    sts = {b["benefit"]: b for b in result["benefits"]}["scarce_talent_salary"]
    assert sts["payments"] == [{"year": 2025, "amount": "45000.00"}, {"year": 2026, "amount": "45000.00"}]


def test_zhihui_parser_starts_without_numpy_polars_or_django():
    # every `zhihui` command builds the whole parser first: it must stay cheap to import
    # (the `demo` commands load polars, the engine numpy, only when they run)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    code = ("import sys; from zhihui.cli import main\n"
            "try:\n    main(['benefits', 'screen', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('polars', 'numpy', 'django.db') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "--as-of" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_cli_files_and_exit_status(tmp_path):
    from zhihui.cli import main

    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id": "x", "kind": "person"}\n{oops\n', encoding="utf-8")
    rc = main(["benefits", "screen", "--as-of", "2025-06-30", "--input", str(src),
               "--output", str(dst)])
    assert rc == 0
    lines = dst.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["line"] == 2


def test_cli_rejects_an_impossible_as_of_date(capsys):
    from zhihui.cli import main

    with pytest.raises(SystemExit) as e:
        main(["benefits", "screen", "--as-of", "2025-02-30"])
    assert e.value.code == 2
    assert "not a real date" in capsys.readouterr().err


def test_benefits_list_prints_benefits_and_parameters(capsys):
    from zhihui.cli import main

    assert main(["benefits", "list", "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "graduate_living" in out and "graduate_living.amount_doctorate" in out
    assert "L131" in out and "(on 2025-06-30: 30000.00)" in out


def test_a_parameter_change_applies_from_its_effective_date(tmp_path):
    root = tmp_path / "jiyuan2026"
    shutil.copytree(ROOT / "zhihui" / "policies" / "jiyuan", root)
    text = (root / "parameters.yaml").read_text(encoding="utf-8")
    old = 'values: [{valid_from: 2021-01-01, value: "3000"}]'
    assert old in text
    text = text.replace(old, 'values: [{valid_from: 2021-01-01, value: "3000"}, '
                             '{valid_from: 2026-01-01, value: "4000"}]')
    (root / "parameters.yaml").write_text(text, encoding="utf-8")
    pkg = load_package(root)
    profile = {"id": "g", "kind": "person", "talent_category": "G",
               "employment": {"start_date": "2025-03-01", "newly_introduced": True}}

    def total(day):
        r = pkg.screen([profile], day)[0]
        return next(b for b in r["benefits"] if b["benefit"] == "youth_talent_living")["total"]

    assert total(dt.date(2025, 12, 31)) == "9000.00"   # judged before: the old value
    assert total(dt.date(2026, 1, 1)) == "12000.00"
    hist = pkg.parameters["youth_living.amount_g"].periods
    assert hist[0].valid_to == dt.date(2025, 12, 31)


def test_a_package_with_an_uncited_parameter_is_refused(tmp_path):
    root = tmp_path / "bad"
    shutil.copytree(ROOT / "tests" / "policy" / "fixtures" / "demo_city", root)
    text = (root / "parameters.yaml").read_text(encoding="utf-8")
    (root / "parameters.yaml").write_text(text.replace('  reference: "Demo decree art. 3"\n', "", 1),
                                          encoding="utf-8")
    with pytest.raises(PackageError, match="reference"):
        load_package(root)


def test_screen_columns_for_many_rows(pkg):
    batch = pkg.synthetic(20_000, "person", seed=2)
    cols = pkg.screen_columns(batch, AS_OF, include_extra=True)
    gl = cols["graduate_living"]
    assert gl.status.shape == (20_000,) and set(gl.status.tolist()) <= {0, 1, 2}
    assert (gl.total_fen[gl.status != 2] == 0).all()
    i = int(gl.missing_rows[0])
    assert gl.status[i] == 1 and gl.missing_paths(i)


def test_split_in_fen_gives_leftover_to_the_earliest(pkg):
    import numpy as np

    from zhihui.policy.rules import split

    pay = split(np.array([2024]), np.array([50000]), 3).build(np.array([True]))
    assert pay.fen.tolist() == [16667, 16667, 16666]
    assert pay.year.tolist() == [2024, 2025, 2026]


def test_the_engine_imports_no_django():
    code = ("import sys, datetime; from zhihui.policy import load_package; "
            "load_package('jiyuan').screen([{'id': 'a', 'kind': 'person'}], datetime.date(2025, 1, 1)); "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "False", out.stderr


def test_random_profiles_never_crash_the_engine(pkg):
    rng = random.Random(1)
    values = [None, True, False, 0, 1.5, -3, "", "x", "2024-02-29", [], {}, [{}], {"a": 1}]
    fields = ["birth_date", "education", "titles", "scarce_talent", "employment", "selections",
              "staff_count", "graduate_hires", "studios", "order_training", "talent_category"]
    batch = []
    for i in range(400):
        p = {"id": f"r{i}", "kind": rng.choice(["person", "organization"])}
        for f in rng.sample(fields, 4):
            p[f] = rng.choice(values)
        batch.append(p)
    for r in pkg.screen(batch, AS_OF, include_extra=True):
        assert ("error" in r) != ("benefits" in r)


def test_list_items_need_not_be_in_profile_order(pkg):
    import numpy as np

    from zhihui.policy.schema import ListCol

    batch = pkg.parse([{"id": "a", "kind": "person", "selections": [{"program": "wangwu_professional", "year": 2022}]},
                       {"id": "b", "kind": "person", "selections": [{"program": "wangwu_entrepreneur", "year": 2023}]}],
                      kind="person")
    lc = batch.lists["selections"]
    order = np.array([1, 0])  # items of b before items of a
    batch.lists["selections"] = ListCol(lc.spec, lc.present, lc.item_row[order],
                                        {k: type(c)(c.spec, c.values[order], c.present[order])
                                         for k, c in lc.cols.items()})
    res = pkg.render(batch, pkg.screen_columns(batch, AS_OF), AS_OF)
    status = [{b["benefit"]: b["status"] for b in r["benefits"]} for r in res]
    assert status[0]["wangwu_professional"] == "eligible"
    assert status[0]["wangwu_entrepreneur"] == "ineligible"
    assert status[1]["wangwu_entrepreneur"] == "eligible"


def test_parallel_workers_give_the_same_output_in_order(pkg, monkeypatch):
    from zhihui.policy import cli

    monkeypatch.setattr(cli, "PARALLEL_MIN", 10)
    batch = sample_profiles(90, seed=4)
    data = b"".join(orjson.dumps(p) + b"\n" for p in batch) + b"{bad\n"
    one, three = [], []
    cli.screen_stream(pkg, data, AS_OF, False, one.append, jobs=1)
    cli.screen_stream(pkg, data, AS_OF, False, three.append, jobs=3)
    assert b"".join(three) == b"".join(one)
    assert orjson.loads(b"".join(one).splitlines()[-1])["line"] == 91


def _demo_city_with_rule(tmp_path, body: str) -> Path:
    """A copy of the demo-city package whose settling_allowance rule is `body`."""
    root = tmp_path / "city"
    shutil.copytree(ROOT / "tests" / "policy" / "fixtures" / "demo_city", root)
    (root / "rules.py").write_text(
        "import numpy as np\n"
        "from zhihui.policy.rules import Ctx, Outcome, all_of, once, v_year_of\n"
        "CALLS = []\n\n"
        "def settling_allowance(c: Ctx) -> Outcome:\n"
        "    CALLS.append(c.as_of)\n" + body, encoding="utf-8")
    return root


def test_a_rule_runs_once_per_as_of_date_not_once_per_profile(tmp_path):
    root = _demo_city_with_rule(tmp_path, (
        "    cond = all_of(c.is_in('degree', ['doctorate']), c.known('start_date', 'the year'))\n"
        "    return Outcome(cond, once(v_year_of(c, 'start_date'), c.fen('settling.amount_doctorate')))\n"))
    pkg = load_package(root)
    p = {"id": "a", "kind": "person", "degree": "doctorate", "start_date": "2024-03-01"}
    for _ in range(3):
        assert pkg.screen([p], dt.date(2024, 6, 1))[0]["benefits"][0]["status"] == "eligible"
    pkg.screen([p, {"id": "b", "kind": "person"}], dt.date(2024, 6, 1))
    calls = [m.CALLS for name, m in sys.modules.items()
             if name.startswith("_zhihui_policy_rules_") and hasattr(m, "CALLS")
             and str(root) in (getattr(m, "__file__", "") or "")]
    assert calls and calls[0] == [dt.date(2024, 6, 1)]
    pkg.screen([p], dt.date(2024, 7, 1))
    assert calls[0] == [dt.date(2024, 6, 1), dt.date(2024, 7, 1)]


@pytest.mark.parametrize(("body", "says"), [
    ("    if c.col('degree').values == 1:\n        pass\n"
     "    return Outcome(c.is_true('x'))\n", "cannot branch on profile values"),
    ("    amount = np.zeros(c.n, np.int64)\n    return Outcome(c.known('degree', 'x'), None)\n",
     "number of rows is not known"),
])
def test_a_rule_that_depends_on_the_batch_is_refused_with_a_clear_error(tmp_path, body, says):
    pkg = load_package(_demo_city_with_rule(tmp_path, body))
    with pytest.raises(PackageError, match=says):
        pkg.screen([{"id": "a", "kind": "person", "degree": "master"}], AS_OF)


def test_one_profile_alone_gets_the_same_result_as_in_a_batch(pkg):
    batch = sample_profiles(400, seed=11)
    together = pkg.screen(batch, AS_OF, include_extra=True)
    alone = [pkg.screen([p], AS_OF, include_extra=True)[0] for p in batch]
    assert alone == together


def test_a_batch_bigger_than_one_slice_gives_what_its_halves_give(pkg):
    """Batches over 65,536 rows are evaluated a slice at a time and free values as they go
    (zhihui/policy/program.py): the results must not depend on it."""
    import numpy as np

    from zhihui.policy.program import _CHUNK
    from zhihui.policy.schema import ListCol, ProfileBatch

    n = _CHUNK + 4_000
    big = pkg.synthetic(n, "person", seed=5)

    def rows(lo, hi):
        cols = {p: type(c)(c.spec, c.values[lo:hi], c.present[lo:hi]) for p, c in big.cols.items()}
        lists = {}
        for p, lc in big.lists.items():
            keep = (lc.item_row >= lo) & (lc.item_row < hi)
            lists[p] = ListCol(lc.spec, lc.present[lo:hi], lc.item_row[keep] - lo,
                               {k: type(c)(c.spec, c.values[keep], c.present[keep])
                                for k, c in lc.cols.items()})
        return ProfileBatch("person", hi - lo, big.ids[lo:hi], cols, lists)

    whole = pkg.screen_columns(big, AS_OF, include_extra=True)
    half = n // 2
    parts = [pkg.screen_columns(rows(0, half), AS_OF, include_extra=True),
             pkg.screen_columns(rows(half, n), AS_OF, include_extra=True)]
    for bid, bc in whole.items():
        a, b = parts[0][bid], parts[1][bid]
        assert np.array_equal(bc.status, np.concatenate([a.status, b.status])), bid
        assert np.array_equal(bc.total_fen, np.concatenate([a.total_fen, b.total_fen])), bid
        assert np.array_equal(bc.missing_rows,
                              np.concatenate([a.missing_rows, b.missing_rows + half])), bid
        for i in bc.missing_rows[:: max(1, len(bc.missing_rows) // 200)].tolist():
            part, j = (a, i) if i < half else (b, i - half)
            assert bc.missing_paths(i) == part.missing_paths(j), (bid, i)
    some = [0, half - 1, half, n - 1]
    lines = pkg.render(rows(0, n), whole, AS_OF)
    assert [lines[i] for i in some] == [pkg.render(rows(i, i + 1), pkg.screen_columns(
        rows(i, i + 1), AS_OF, include_extra=True), AS_OF)[0] for i in some]


def test_what_a_sparse_profile_is_told_does_not_depend_on_the_profiles_screened_before(pkg):
    """A small batch shares one read-only column for each fact none of its profiles states,
    and the reasons bound to it (program.Run.bind): a profile that states those facts,
    screened in between, changes nothing for the next sparse one, and the other way round."""
    sparse = {"id": "s", "kind": "person", "education": {"degree": "master"}}
    full = {"id": "f", "kind": "person", "education": {"degree": "master"},
            "business": {"license_date": "2024-01-15", "operating_normally": True},
            "scarce_talent": {"quality": 90, "scarcity": 80, "salary": 85, "recognized_year": 2024},
            "titles": [{"level": "senior", "obtained": "2023-05-01"}]}
    first = pkg.screen([sparse], AS_OF)[0]
    full_alone = pkg.screen([full], AS_OF)[0]
    again = pkg.screen([sparse], AS_OF)[0]
    together = pkg.screen([sparse, full], AS_OF)
    assert first == again == together[0]
    assert full_alone == together[1]
    told = {b["benefit"]: b for b in first["benefits"]}
    assert told["scarce_talent_salary"]["reasons"][0].endswith(
        "profile: not stated (scarce_talent.quality, scarce_talent.scarcity, scarce_talent.salary)")
    assert told["senior_title_award"]["reasons"][-1].endswith("profile: not stated")
    assert told["senior_title_award"]["missing"] == ["employment.employer_kind", "titles"]
    shown = {b["benefit"]: b for b in full_alone["benefits"]}
    assert shown["scarce_talent_salary"]["status"] == "eligible"
    assert shown["scarce_talent_salary"]["reasons"][0].endswith("profile: score 85")
    assert "1 qualifying of 1 listed" in shown["senior_title_award"]["reasons"][-1]
