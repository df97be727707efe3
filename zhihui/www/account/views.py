"""Account pages: change password, second factor (enrolment, code, recovery codes), and the
security administrator's page (reset a second factor, unlock an account, alerts)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhihui.core import actions, otp
from zhihui.core.perms import can_manage_security, require
from zhihui.core.roles import STAFF_ROLES


def _next(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or default
    # Only a path of this site: anything else (a view name, a date, another host) goes home.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return default
    return target


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=gettext_lazy("当前密码"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password1 = forms.CharField(label=gettext_lazy("新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label=gettext_lazy("再次输入新密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("old_password") and not self.user.check_password(data["old_password"]):
            self.add_error("old_password", _("当前密码不正确"))
        if data.get("new_password1") and data.get("new_password2") and data["new_password1"] != data["new_password2"]:
            self.add_error("new_password2", _("两次输入的新密码不一致"))
        if data.get("new_password1") and data.get("old_password") == data.get("new_password1"):
            self.add_error("new_password1", _("新密码不能与当前密码相同"))
        return data


@never_cache
@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.change_password(request.user, request.user, form.cleaned_data["new_password1"])
            except ValidationError as exc:
                for message in exc.message_dict.get("password", exc.messages):
                    form.add_error("new_password1", message)
            else:
                update_session_auth_hash(request, request.user)
                from django.contrib import messages

                messages.info(request, _("密码已修改。"))
                return redirect(_next(request))
        status = 400
    reason = ""
    if request.user.must_change_password:
        reason = _("您的密码由管理员设置，首次登录须修改。")
    elif actions.password_expired(request.user):
        reason = _("您的密码已过期，请修改。")
    return render(request, "account/password_change.html", {"form": form, "reason": reason, "next": _next(request)}, status=status)


@never_cache
@login_required
def otp_setup(request):
    """First login of a staff member: scan the QR code, type the first code."""
    if request.user.role not in STAFF_ROLES or otp.is_enrolled(request.user):
        return redirect(_next(request))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-id").first()
    error = ""
    status = 200
    if request.method == "POST" and device is not None:
        codes = otp.confirm_enrolment(request, device, request.POST.get("otp_token", ""))
        if codes is not None:
            request.session["zhihui_new_recovery_codes"] = codes
            return redirect(f"/account/otp/recovery-codes/?next={_next(request)}")
        error, status = _("验证码不正确，请重新输入。"), 400
    if device is None:
        device = otp.start_enrolment(request.user)
    import segno

    qr = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(
        request,
        "account/otp_setup.html",
        {"qr": qr, "secret": otp.secret_base32(device), "error": error, "next": _next(request)},
        status=status,
    )


@never_cache
@login_required
def recovery_codes(request):
    """The recovery codes, shown once right after enrolment."""
    codes = request.session.pop("zhihui_new_recovery_codes", None)
    if not codes:
        return redirect(_next(request))
    return render(request, "account/recovery_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@login_required
def otp_verify(request):
    if request.user.role not in STAFF_ROLES or request.user.is_verified():
        return redirect(_next(request))
    if not otp.is_enrolled(request.user):
        return redirect(f"/account/otp/setup/?next={_next(request)}")
    error, status = "", 200
    if request.method == "POST":
        if otp.verify(request, request.POST.get("otp_token", "")):
            request.session.cycle_key()
            return redirect(_next(request))
        error, status = _("验证码不正确，请重新输入。"), 400
    return render(request, "account/otp_verify.html", {"error": error, "next": _next(request)}, status=status)


@login_required
def security_admin(request):
    require(can_manage_security(request.user), _("只有安全管理员可以管理双因素认证和账户锁定"))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from zhihui.core.models import SecurityAlert, User

    enrolled = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
    staff = [
        {"user": u, "enrolled": u.pk in enrolled, "locked": u.is_locked()}
        for u in User.objects.filter(role__in=STAFF_ROLES, is_active=True).order_by("username")
    ]
    alerts = SecurityAlert.objects.all()[:100]
    return render(request, "account/security_admin.html", {"staff": staff, "alerts": alerts})


@require_POST
@login_required
def reset_otp(request, user_id: int):
    require(can_manage_security(request.user), _("只有安全管理员可以重置双因素认证"))
    from zhihui.core.models import User

    target = get_object_or_404(User, pk=user_id, role__in=STAFF_ROLES)
    otp.reset_devices(request.user, target)
    from django.contrib import messages

    messages.info(request, _("已重置 %(u)s 的双因素认证：其下次登录时重新绑定。") % {"u": target.username})
    return redirect("account:security_admin")


@require_POST
@login_required
def unlock(request, user_id: int):
    require(can_manage_security(request.user), _("只有安全管理员可以解锁账户"))
    from zhihui.core.models import User

    target = get_object_or_404(User, pk=user_id)
    actions.unlock_account(request.user, target)
    from django.contrib import messages

    messages.info(request, _("已解锁账户 %(u)s。") % {"u": target.username})
    return redirect("account:security_admin")
