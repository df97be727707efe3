"""Password rules of a level-3 system (docs/security.md, "Security I").

Django's validators give length (12), similarity to the account's names and the common-password
list; these add the character classes, personal data (phone, identity number, birth date) and
the history of the account's last passwords. `settings.AUTH_PASSWORD_VALIDATORS` lists them
all; every path that sets a password calls `django.contrib.auth.password_validation`.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (
    ("lower", re.compile(r"[a-z]")),
    ("upper", re.compile(r"[A-Z]")),
    ("digit", re.compile(r"[0-9]")),
    ("symbol", re.compile(r"[^A-Za-z0-9]")),
)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for _name, rx in CLASSES if rx.search(password or ""))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_classes}


def _personal_fragments(user) -> list[str]:
    """Strings a password must not contain: the phone number, the identity number's parts."""
    out = []
    person = getattr(user, "person", None) if user is not None else None
    if person is not None:
        phone = re.sub(r"\D", "", getattr(person, "phone", "") or "")
        if len(phone) >= 7:
            out += [phone, phone[-8:]]
        birth = getattr(person, "birth_date", None)
        if hasattr(birth, "strftime"):
            out += [birth.strftime("%Y%m%d"), birth.strftime("%y%m%d")]
        elif birth:
            out.append(str(birth).replace("-", ""))
        from . import crypto

        try:
            number = crypto.decrypt(bytes(person.id_number_encrypted))  # compared, never logged
        except Exception:  # noqa: BLE001 — no key or no number: nothing to compare
            number = ""
        if number:
            out += [number.upper(), number[-6:].upper()]
    phone = re.sub(r"\D", "", getattr(user, "phone", "") or "") if user is not None else ""
    if len(phone) >= 7:
        out.append(phone)
    return [f for f in out if f]


class PersonalDataValidator:
    """Not the phone number, the identity number (or its last six) or the birth date."""

    def validate(self, password, user=None):
        upper = (password or "").upper()
        if any(fragment in upper for fragment in _personal_fragments(user)):
            raise ValidationError(
                _("密码不能包含手机号、身份证号或出生日期。"), code="password_personal_data"
            )

    def get_help_text(self):
        return _("密码不能包含手机号、身份证号或出生日期。")


class HistoryValidator:
    """Not one of the account's last `settings.ZHIHUI_PASSWORD_HISTORY` passwords."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        depth = settings.ZHIHUI_PASSWORD_HISTORY
        if depth <= 0:
            return
        old = list(PasswordHistory.objects.filter(user=user).order_by("-at", "-id").values_list("password", flat=True)[:depth])
        if user.password and user.password not in old:
            old.insert(0, user.password)
        if any(check_password(password, encoded) for encoded in old[:depth]):
            raise ValidationError(
                _("不能使用最近 %(n)d 次用过的密码。") % {"n": depth}, code="password_reused"
            )

    def get_help_text(self):
        return _("不能使用最近 %(n)d 次用过的密码。") % {"n": settings.ZHIHUI_PASSWORD_HISTORY}
