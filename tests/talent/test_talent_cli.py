"""`zhihui talent …`: issuing from the command line, and verifying offline from two files with
no Django and no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhihui.cli import main
from zhihui.talent import actions

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_issue_card_command(recognised, capsys):
    person = recognised("F")
    assert main(["talent", "issue-card", str(person.pk)]) == 0
    out = capsys.readouterr().out
    card = person.talent_cards.get()
    assert card.number in out and card.token in out
    assert main(["talent", "issue-card", "999999"]) == 1
    assert "PERSON_ID" in capsys.readouterr().err


def test_issue_card_command_refuses_a_person_without_a_category(make_person, capsys):
    person = make_person()
    assert main(["talent", "issue-card", str(person.pk)]) == 1
    assert "人才类别认定" in capsys.readouterr().err


def test_revoke_command(recognised, capsys):
    card = actions.issue_card(None, recognised())
    assert main(["talent", "revoke", card.number, "--reason", "本人申请"]) == 0
    card.refresh_from_db()
    assert card.status == "revoked" and card.revocation_reason == "本人申请"


def test_export_then_verify_offline_in_a_process_without_django(recognised, tmp_path, capsys):
    good = actions.issue_card(None, recognised(name="好卡"))
    bad = actions.issue_card(None, recognised(name="坏卡"))
    actions.revoke_card(None, bad, "冒用")
    assert main(["talent", "export", str(tmp_path)]) == 0
    keys, crl = tmp_path / "public-keys.json", tmp_path / "revocations.json"
    assert json.loads(keys.read_text())["keys"]

    def offline(token, *extra):
        # A settings module that does not exist: if the command started Django it would fail.
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no.such.settings", "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [sys.executable, "-m", "zhihui.cli", "talent", "verify", token, "--public-key", str(keys),
             "--revocations", str(crl), *extra],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
        )

    ok = offline(good.token)
    assert ok.returncode == 0, ok.stderr
    assert "VALID" in ok.stdout and "好卡" in ok.stdout and good.number in ok.stdout
    revoked = offline(bad.token, "--json")
    assert revoked.returncode == 1
    assert json.loads(revoked.stdout)["code"] == "revoked"
    expired = offline(good.token, "--date", "2099-01-01")
    assert expired.returncode == 1 and "expired" in expired.stdout


def test_verify_with_a_pem_public_key_file(recognised, tmp_path, capsys):
    from zhihui.talent import signing

    card = actions.issue_card(None, recognised())
    pem = tmp_path / "bureau.pem"
    pem.write_text(signing.public_key_pem())
    assert main(["talent", "verify", card.token, "--public-key", str(pem)]) == 0
    assert "未提供注销名单" in capsys.readouterr().out


def test_verify_with_a_broken_key_file_says_so(tmp_path, capsys):
    broken = tmp_path / "keys.json"
    broken.write_text("{not json")
    assert main(["talent", "verify", "x.y", "--public-key", str(broken)]) == 2
    assert "公钥文件格式错误" in capsys.readouterr().err
    assert main(["talent", "verify", "x.y", "--public-key", str(tmp_path / "missing.json")]) == 2


def test_keygen_rotates(recognised, capsys):
    card = actions.issue_card(None, recognised())
    assert main(["talent", "keygen"]) == 0
    out = capsys.readouterr().out
    new_kid = out.split()[3]
    assert new_kid != card.key_id
    assert main(["talent", "verify", card.token]) == 0  # old cards still verify with this server's keys


def test_verify_module_imports_no_django():
    code = "import sys; import zhihui.talent.verify; print(any(m.startswith('django') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_verify_py_runs_alone_copied_to_an_offline_machine(recognised, tmp_path):
    import shutil

    from zhihui.talent import signing

    card = actions.issue_card(None, recognised(name="离线"))
    actions.revoke_card(None, card, "测试注销")
    offline = tmp_path / "offline"
    offline.mkdir()
    shutil.copy(ROOT / "zhihui" / "talent" / "verify.py", offline / "verify.py")
    signing.write_public_keys_file(offline / "keys.json")
    (offline / "crl.json").write_text(json.dumps(actions.revocation_list(), ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DJANGO_SETTINGS_MODULE")}
    run = subprocess.run([sys.executable, "verify.py", card.token, "--public-key", "keys.json", "--revocations", "crl.json"],
                         capture_output=True, text=True, cwd=offline, env=env, timeout=60)
    assert run.returncode == 1, run.stderr
    assert "revoked" in run.stdout and "测试注销" in run.stdout
