"""`zhihui inspections draw` against ../shared/contracts/random-draws.md.

The draw is recomputed by the stand-alone verifier the public page publishes (a second, plain
reading of the contract, the way an outsider would recompute it) and compared.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from zhihui.regulation.draws import DrawError, run


def naive_draw(seed, entities, inspectors, n, k=2):
    """The published stand-alone verifier's answer (zhihui/regulation/verify_draw.py)."""
    import importlib.util
    import io
    import pathlib
    import tempfile
    from contextlib import redirect_stdout

    import zhihui.regulation

    path = pathlib.Path(zhihui.regulation.__file__).with_name("verify_draw.py")
    spec = importlib.util.spec_from_file_location("verify_draw", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as tmp:
        ep, ip = pathlib.Path(tmp, "e"), pathlib.Path(tmp, "i")
        ep.write_bytes(jsonl(entities))
        ip.write_bytes(jsonl(inspectors))
        out = io.StringIO()
        with redirect_stdout(out):
            module.main(seed, n, k, str(ep), str(ip))
    return json.loads(out.getvalue())["draw"]


def jsonl(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


ENTITIES = [{"id": f"e{i}", "weight": 1 + (i % 4) * 0.75} for i in range(1, 41)] + [{"id": "济源某厂"}]
INSPECTORS = [{"id": f"i{i}", "conflicts": [f"e{i}", f"e{i + 1}"]} for i in range(1, 9)]


def cli(tmp_path, *args, entities=None, inspectors=None):
    ep, ip = tmp_path / "entities.jsonl", tmp_path / "inspectors.jsonl"
    ep.write_bytes(entities if entities is not None else jsonl(ENTITIES))
    ip.write_bytes(inspectors if inspectors is not None else jsonl(INSPECTORS))
    return subprocess.run(
        [sys.executable, "-m", "zhihui.cli", "inspections", "draw", *args,
         "--entity-pool", str(ep), "--inspector-pool", str(ip)],
        capture_output=True, text=True, check=False,
    )


def test_the_command_prints_the_draw_an_outsider_recomputes(tmp_path):
    proc = cli(tmp_path, "--seed", "2026-12-07 福彩3D 123", "--entities", "7", "--inspectors", "3")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert list(out) == ["seed", "entity_pool_sha256", "inspector_pool_sha256", "draw"]
    assert out["seed"] == "2026-12-07 福彩3D 123"
    assert out["entity_pool_sha256"] == hashlib.sha256(jsonl(ENTITIES)).hexdigest()
    assert out["inspector_pool_sha256"] == hashlib.sha256(jsonl(INSPECTORS)).hexdigest()
    assert out["draw"] == naive_draw("2026-12-07 福彩3D 123", ENTITIES, INSPECTORS, 7, 3)
    for row in out["draw"]:
        conflicted = {i["id"] for i in INSPECTORS if row["entity"] in i["conflicts"]}
        assert not conflicted & set(row["inspectors"])


def test_k_defaults_to_two_and_other_seeds_draw_otherwise(tmp_path):
    a = json.loads(cli(tmp_path, "--seed", "a", "--entities", "5").stdout)["draw"]
    b = json.loads(cli(tmp_path, "--seed", "b", "--entities", "5").stdout)["draw"]
    assert all(len(row["inspectors"]) == 2 for row in a)
    assert [r["entity"] for r in a] != [r["entity"] for r in b]


def test_the_digest_is_over_the_bytes_as_given(tmp_path):
    raw = b'{"id": "x1", "weight": 2}\r\n\r\n{"id":"x2"}'
    proc = cli(tmp_path, "--seed", "s", "--entities", "2", entities=raw)
    assert json.loads(proc.stdout)["entity_pool_sha256"] == hashlib.sha256(raw).hexdigest()


def test_weight_raises_the_chance_of_being_drawn():
    pool = [{"id": f"e{i:03d}", "weight": 10 if i < 10 else 1} for i in range(100)]
    heavy = 0
    for s in range(200):
        drawn = run(str(s), jsonl(pool), jsonl([{"id": "i1"}, {"id": "i2"}]), 1)["draw"]
        heavy += drawn[0]["entity"] < "e010"
    # 10 heavy of weight 10 against 90 of weight 1: P(heavy first) = 100/190 ≈ 0.53
    assert 70 < heavy < 140


def test_ties_go_to_the_smaller_id_in_code_point_order(monkeypatch):
    from zhihui.regulation import draws

    monkeypatch.setattr(draws, "uniform", lambda text: 0.5)
    out = run("s", jsonl([{"id": "b"}, {"id": "a"}, {"id": "B"}]), jsonl([{"id": "y"}, {"id": "x"}]), 3)
    assert [r["entity"] for r in out["draw"]] == ["B", "a", "b"]
    assert out["draw"][0]["inspectors"] == ["x", "y"]


@pytest.mark.parametrize(
    ("entities", "inspectors", "n", "message"),
    [
        (b'{"id":"e1"}\n{"id":"e1"}\n', b'{"id":"i1"}\n{"id":"i2"}\n', 1, "line 2: duplicate id"),
        (b'{"id":"e1","weight":0}\n', b'{"id":"i1"}\n{"id":"i2"}\n', 1, "line 1: weight 0"),
        (b'{"id":"e1"}\n{"id":"e2","weight":"heavy"}\n', b'{"id":"i1"}\n{"id":"i2"}\n', 1, "line 2: weight 'heavy' is not a number"),
        (b'{"id":"e1","weight":-1}\n', b'{"id":"i1"}\n{"id":"i2"}\n', 1, "weight -1 must be greater than 0"),
        (b'{"id":"e1"}\n', b'{"id":"i1"}\n{"id":"i2"}\n', 2, "larger than the entity pool"),
        (b'{"id":"e1"}\n', b'{"id":"i1","conflicts":["e1"]}\n{"id":"i2"}\n', 1, "entity e1: only 1 inspectors"),
        (b'{"id":"e1"}\n', b'{"id":"i1"}\n{"id":"i1"}\n', 1, "inspector pool line 2: duplicate id"),
        (b'not json\n', b'{"id":"i1"}\n', 1, "entity pool line 1: not valid JSON"),
    ],
)
def test_invalid_pools_exit_2_naming_the_line_or_entity_and_print_nothing(tmp_path, entities, inspectors, n, message):
    proc = cli(tmp_path, "--seed", "s", "--entities", str(n), entities=entities, inspectors=inspectors)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr


def test_the_library_raises_what_the_command_reports():
    with pytest.raises(DrawError, match="duplicate"):
        run("s", b'{"id":"a"}\n{"id":"a"}\n', b"", 1)
