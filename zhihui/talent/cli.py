"""`zhihui talent …`: keys, issuing and revoking cards, offline verification.

`zhihui talent verify TOKEN --public-key FILE [--revocations FILE]` never starts Django, so a
window's offline machine needs only this package, `cryptography` and the two files (which
`zhihui talent export DIR` writes, and the verification page offers for download).
"""

from __future__ import annotations

import json
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser("talent", help="王屋英才卡: keys, cards, offline verification")
    sub = p.add_subparsers(dest="talent_command", metavar="SUBCOMMAND")

    keygen = sub.add_parser("keygen", help="generate a new card-signing key and make it current (old keys keep verifying)")
    keygen.set_defaults(func=_keygen)

    issue = sub.add_parser("issue-card", help="issue a card to a person with a current talent-category recognition")
    issue.add_argument("person_id", type=int, metavar="PERSON_ID")
    issue.add_argument("--category", help="A–G (default: the person's current recognition)")
    issue.add_argument("--years", type=int, default=None, help="validity in years (default 3)")
    issue.set_defaults(func=_issue)

    revoke = sub.add_parser("revoke", help="revoke a card, with the reason")
    revoke.add_argument("number", metavar="CARD_NO")
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(func=_revoke)

    verify = sub.add_parser("verify", help="verify a code offline (needs only the public key file)")
    verify.add_argument("token", metavar="TOKEN", help="the code's text, or - to read it from standard input")
    verify.add_argument("--public-key", metavar="FILE", help="public-keys.json or a PEM public key (default: this server's keys)")
    verify.add_argument("--revocations", metavar="FILE", help="signed revocation list (revocations.json)")
    verify.add_argument("--date", help="verify as of this date (YYYY-MM-DD), default today in Jiyuan")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.set_defaults(func=_verify, needs_django=False)

    export = sub.add_parser("export", help="write public-keys.json and revocations.json for offline windows")
    export.add_argument("directory", metavar="DIR")
    export.set_defaults(func=_export)

    expire = sub.add_parser("expire", help="mark cards past their end date as expired (nightly)")
    expire.set_defaults(func=_expire)


def _keygen(args) -> int:
    from . import signing

    if signing._env_key() is not None:
        print(f"{signing.ENV_VAR} is set: the key comes from the environment; rotate it there.", file=sys.stderr)
        return 2
    kid = signing.generate_key()
    print(f"new current key {kid} in {signing.key_dir()}")
    print(f"public keys: {signing.key_dir() / 'public-keys.json'}")
    return 0


def _issue(args) -> int:
    from zhihui.registry.models import Person

    from .actions import DEFAULT_VALID_YEARS, TalentError, issue_card

    person = Person.objects.filter(pk=args.person_id).first()
    if person is None:
        print(f"error: PERSON_ID: no person with id {args.person_id}", file=sys.stderr)
        return 1
    try:
        card = issue_card("cli", person, category=args.category, valid_years=args.years or DEFAULT_VALID_YEARS)
    except TalentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{card.number}\t{card.category}\t{card.person.id_number_masked}\tvalid until {card.valid_until}")
    print(card.token)
    return 0


def _revoke(args) -> int:
    from .actions import TalentError, revoke_card
    from .models import TalentCard

    card = TalentCard.objects.filter(number=args.number).first()
    if card is None:
        print(f"error: CARD_NO: no card {args.number}", file=sys.stderr)
        return 1
    try:
        revoke_card("cli", card, args.reason)
    except TalentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{card.number} revoked: {args.reason}")
    return 0


def _verify(args) -> int:
    import datetime as dt

    from . import verify

    token = sys.stdin.read() if args.token == "-" else args.token
    today = None
    if args.date:
        try:
            today = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"error: --date: not a date: {args.date}", file=sys.stderr)
            return 2
    try:
        if args.public_key:
            keys = verify.load_public_keys(args.public_key)
        else:
            from zhihui.cli import setup_django

            setup_django()
            from . import signing

            keys = signing.public_keys()
        crl = verify.load_revocation_list(args.revocations, keys) if args.revocations else None
    except verify.VerificationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = verify.verify_token(token, keys, crl, today=today)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(("VALID 有效" if result.valid else "REFUSED 拒绝") + f" [{result.code}] {result.reason}")
        card = result.card
        if card:
            print(f"  卡号 {card['number']}  姓名 {card['name']}  证件 {card['masked_id']}  类别 {card['category']}"
                  + ("(偏才/专才)" if card["special"] else "") + f"  有效期至 {card['valid_until']}")
        if result.revocations_issued_at:
            print(f"  注销名单生成于 {result.revocations_issued_at}")
        for warning in result.warnings:
            print(f"  注意: {warning}")
    return 0 if result.valid else 1


def _export(args) -> int:
    from pathlib import Path

    from . import signing
    from .actions import hand_out_revocation_list

    folder = Path(args.directory)
    folder.mkdir(parents=True, exist_ok=True)
    keys = signing.write_public_keys_file(folder / "public-keys.json")
    crl = folder / "revocations.json"
    crl.write_text(json.dumps(hand_out_revocation_list(None), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {keys} and {crl}")
    return 0


def _expire(args) -> int:
    from .actions import expire_cards

    print(f"{expire_cards('cli')} card(s) marked expired")
    return 0
