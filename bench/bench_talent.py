"""Benchmark: 王屋英才 card issuing, verification, revocation lists and the printable card.

    python bench/bench_talent.py [--quick]

Runs in a throw-away SQLite database and key directory under a temporary ZHIHUI_VAR_DIR (the
developer's var/ is not touched). Measured, best of 3 where it says so:
- offline verification (zhihui.talent.verify.verify_token with a 10,000-entry revocation list)
  against the baseline of a bare Ed25519 signature check on the same token;
- parsing and checking a signed revocation list of 10,000 cards (what an offline window does
  once a day);
- issue_card (recognition check, number, signature, audit row) per card;
- the QR code as SVG, and the card PDF (WeasyPrint, with the Noto CJK font).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best_of(n, fn):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer cards and verifications")
    args = parser.parse_args()
    n_cards = 200 if args.quick else 2000
    n_verify = 2000 if args.quick else 20000
    n_revoked = 10000

    tmp = tempfile.mkdtemp(prefix="zh_talent_bench_")
    os.environ["ZHIHUI_VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.pop("ZHIHUI_CARD_SIGNING_KEY", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from stdnum.iso7064 import mod_11_2

    from zhihui.core import crypto
    from zhihui.registry.ids import mask_id_number
    from zhihui.registry.models import Person, TalentCategoryRecord
    from zhihui.talent import actions, render, signing, verify

    today = verify.today_in_city()
    people = []
    for i in range(n_cards):
        first17 = f"4190011990{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}"
        number = first17 + mod_11_2.calc_check_digit(first17)
        people.append(Person(name=f"测试{i}", id_number_encrypted=crypto.encrypt(number),
                             id_number_hash=crypto.lookup_hash(number + str(i)), id_number_masked=mask_id_number(number),
                             sex="M", birth_date=dt.date(1990, 1, 1)))
    Person.objects.bulk_create(people)
    people = list(Person.objects.order_by("id"))
    TalentCategoryRecord.objects.bulk_create(
        TalentCategoryRecord(person=p, category="DEFG"[i % 4], recognised_on=today - dt.timedelta(days=10))
        for i, p in enumerate(people)
    )

    start = time.perf_counter()
    cards = [actions.issue_card(None, p) for p in people]
    issue_s = time.perf_counter() - start

    # A 10,000-card revocation list (synthetic numbers) plus one real revoked card.
    actions.revoke_card(None, cards[0], "bench")
    entries = [{"no": f"WY2025{i:06d}", "reason": "遗失", "on": "2025-06-01"} for i in range(n_revoked)]
    entries += actions.revocation_entries()
    crl_doc = signing.sign_revocations(entries, dt.datetime.now(verify.CITY_TZ))
    crl_text = json.dumps(crl_doc, ensure_ascii=False)
    keys = verify.parse_public_keys(json.dumps(signing.public_keys_document()))
    crl_parse_s = best_of(3, lambda: verify.parse_revocation_list(crl_text, keys))
    crl = verify.parse_revocation_list(crl_text, keys)

    tokens = [c.token for c in cards[1:]]
    sample = [tokens[i % len(tokens)] for i in range(n_verify)]
    key = next(iter(keys.values()))

    def bare():
        for t in sample:
            body, sig = t.split(".")
            key.verify(verify.b64url_decode(sig), body.encode("ascii"))

    def full():
        for t in sample:
            assert verify.verify_token(t, keys, crl, today=today).valid

    bare_s = best_of(3, bare)
    full_s = best_of(3, full)
    svg_s = best_of(3, lambda: [render.qr_svg(t) for t in tokens[:50]]) / 50
    render.card_pdf(cards[1])  # first call loads fonts
    pdf_s = best_of(3, lambda: render.card_pdf(cards[1]))

    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; SQLite; {dt.date.today()}")
    print(f"issue_card: {n_cards} cards in {issue_s:.2f} s = {issue_s / n_cards * 1000:.2f} ms/card")
    print(f"revocation list of {len(entries)} cards: {len(crl_text) / 1024:.0f} KiB, parse+check {crl_parse_s * 1000:.1f} ms (best of 3)")
    print(f"bare Ed25519 verify: {n_verify / bare_s:,.0f}/s ({bare_s / n_verify * 1e6:.1f} µs each)")
    print(f"verify_token with revocation list: {n_verify / full_s:,.0f}/s ({full_s / n_verify * 1e6:.1f} µs each), "
          f"{full_s / bare_s:.2f}× the bare check")
    print(f"QR code SVG: {svg_s * 1000:.2f} ms; token length {len(tokens[0])} chars, QR version {render.qr(tokens[0]).version}")
    print(f"card PDF (WeasyPrint): {pdf_s * 1000:.0f} ms (best of 3, fonts loaded)")
    from django.db import connections

    connections.close_all()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
