"""The staff second factor (TOTP, django-otp) and its recovery codes.

A staff account logs in with its password, then must pass a second factor before any page or
API answers (`zhihui.core.security.StaffSecurityMiddleware`): at the first login it enrols a TOTP
device (an authenticator app scans the QR code) and receives ten single-use recovery codes; later
logins ask for a code. The security administrator resets a lost device (`reset_devices`).
"""

from __future__ import annotations

import base64

from django.db import transaction

from . import audit

RECOVERY_CODES = 10
RECOVERY_DEVICE = "recovery"


def _models():
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice, StaticDevice, StaticToken


def is_enrolled(user) -> bool:
    TOTPDevice, _s, _t = _models()
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_base32(device) -> str:
    """The secret as an authenticator app takes it when typed in."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def start_enrolment(user):
    """A new unconfirmed TOTP device (any earlier unconfirmed one is dropped)."""
    TOTPDevice, _s, _t = _models()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="totp", confirmed=False)


@transaction.atomic
def confirm_enrolment(request, device, token: str) -> list[str] | None:
    """Confirm the device with a first code; return the new recovery codes (shown once)."""
    if device.confirmed or not device.verify_token((token or "").strip()):
        audit.record(device.user, audit.Action.OTP, device.user, summary="绑定动态口令：验证码错误", outcome=audit.Outcome.FAILED)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(device.user)
    from django_otp import login as otp_login

    otp_login(request, device)
    audit.record(device.user, audit.Action.OTP, device.user, summary="已绑定动态口令")
    return codes


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    _T, StaticDevice, StaticToken = _models()
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def verify(request, token: str) -> bool:
    """Check a TOTP code or a recovery code of the logged-in user; mark the session verified."""
    from django_otp import login as otp_login
    from django_otp import match_token

    user = request.user
    device = match_token(user, (token or "").strip().replace(" ", ""))
    if device is None or not getattr(device, "confirmed", True):
        audit.record(user, audit.Action.OTP, user, summary="第二重验证：验证码错误", outcome=audit.Outcome.FAILED)
        return False
    otp_login(request, device)
    kind = "恢复码" if device.name == RECOVERY_DEVICE else "动态口令"
    audit.record(user, audit.Action.OTP, user, summary=f"第二重验证通过（{kind}）")
    return True


@transaction.atomic
def reset_devices(actor, user) -> int:
    """The security administrator removes a user's devices: enrolment again at next login."""
    TOTPDevice, StaticDevice, _t = _models()
    n = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    audit.record(actor, audit.Action.OTP, user, summary=f"重置 {user.username} 的第二重验证设备")
    return n


def ensure_demo_totp(user) -> str:
    """A confirmed TOTP device for a demo staff account; returns its secret (printed by
    `zhihui accounts demo` so a newcomer can add it to an authenticator app, or read the
    current code with `zhihui accounts otp-code USERNAME`)."""
    TOTPDevice, _s, _t = _models()
    device = TOTPDevice.objects.filter(user=user, name="demo", confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    return secret_base32(device)


def current_code(user) -> str | None:
    """The current code of the account's demo device (development installs only)."""
    from django_otp.oath import totp

    TOTPDevice, _s, _t = _models()
    device = TOTPDevice.objects.filter(user=user, name="demo", confirmed=True).first()
    if device is None:
        return None
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"
