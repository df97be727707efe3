"""The contract (../shared/contracts/occupations.md): one line out per line in, in order; blank
lines; long titles; codes and names from the classification; --top alternatives; exit 0.
The command runs in a fresh process without Django, as a bureau's batch would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from zhihui.occupations.coder import code_titles, names

ROOT = Path(__file__).resolve().parents[2]
CODE_RE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


def run(stdin: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhihui.cli", "occupations", "code", *args], input=stdin.encode(),
                          capture_output=True, cwd=ROOT, timeout=120)


def test_one_json_line_per_input_line_in_order_with_blank_and_long_lines():
    long_title = "招聘电工" + "包吃住" * 80
    lines = ["急招普工 包吃住 5000+", "", "   ", "java开发（双休）", long_title, "宝妈兼职客服"]
    proc = run("\n".join(lines) + "\n", "--top", "3")
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [o["title"] for o in out] == lines
    assert out[1] == {"title": "", "code": None, "error": "empty title"}
    assert out[2]["code"] is None and out[2]["error"] == "empty title"
    assert "warning" in out[4] and "200" in out[4]["warning"]
    assert out[4]["code"] == "6-31-01-03"
    official = names()
    for o in (out[0], out[3], out[4], out[5]):
        assert CODE_RE.match(o["code"])
        assert o["name"] == official[o["code"]]
        assert 0.0 <= o["score"] <= 1.0
        assert 1 <= len(o["alternatives"]) <= 2
        assert [a["score"] for a in o["alternatives"]] == sorted((a["score"] for a in o["alternatives"]), reverse=True)
        assert all(a["score"] <= o["score"] and a["name"] == official[a["code"]] for a in o["alternatives"])
    assert out[3]["code"] == "2-02-10-03"
    assert out[5]["code"] == "4-04-05-03"


def test_input_and_output_files_and_a_last_line_without_a_break(tmp_path):
    src, dst = tmp_path / "in.txt", tmp_path / "out.jsonl"
    src.write_text("保安\r\n外卖骑手", encoding="utf-8")
    proc = run("", "--input", str(src), "--output", str(dst))
    assert proc.returncode == 0
    out = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["title"] for o in out] == ["保安", "外卖骑手"]
    assert [o["code"] for o in out] == ["4-07-05-01", "4-10-08-01"]
    assert all(o["alternatives"] == [] for o in out)


def test_coarse_codes_are_padded_with_zeros_and_named():
    official = names()
    assert official["2-02-00-00"] == "工程技术人员"
    assert official["6-00-00-00"] == "生产制造及有关人员"
    out = code_titles(["车间普工"])[0]
    assert out["code"] == "6-99-00-00" and out["name"] == official["6-99-00-00"]


def test_the_function_other_apps_call_keeps_order_and_length():
    titles = ["电焊工", "", "幼师", "冷链司机 A2"]
    out = code_titles(titles, top=2)
    assert [o["title"] for o in out] == titles
    assert [o.get("code") for o in out] == ["6-18-02-04", None, "2-08-03-00", "4-02-02-02"]


def test_a_large_input_coded_by_two_workers_keeps_every_line_in_order(tmp_path):
    titles = [f"{t}{i}" if i % 7 else "" for i, t in enumerate(["电焊工 ", "保安 ", "幼师 ", "客服 "] * 700)]
    src, dst = tmp_path / "in.txt", tmp_path / "out.jsonl"
    src.write_text("\n".join(titles) + "\n", encoding="utf-8")
    proc = run("", "--input", str(src), "--output", str(dst), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr.decode()
    out = [json.loads(x) for x in dst.read_text(encoding="utf-8").splitlines()]
    assert [o["title"] for o in out] == titles
    single = code_titles(titles[:40])
    assert out[:40] == single
