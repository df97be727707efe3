"""The system administrator's page of administrator accounts (issue 12, 三员分立): department
administrators and the three administrators. zhihui/core/admin_accounts.py decides who may do
what (the security administrator activates the accounts of the three administrators); the
department administrator's own staff page (issue 15) keeps case-handling staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core import admin_accounts as accounts
from zhihui.core.models import User
from zhihui.core.perms import require
from zhihui.core.roles import Role

FIELDS = ("username", "display_name", "role")


@login_required
def account_list(request):
    user = request.user
    require(accounts.can_view_admin_accounts(user), _("只有系统管理员和安全管理员可以查看管理员账户"))
    errors: dict[str, str] = {}
    form = {"username": "", "display_name": "", "role": Role.ADMIN}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in FIELDS}
        try:
            made = accounts.create_account(user, password=request.POST.get("password", ""), **form)
        except accounts.AccountError as exc:
            errors["form" if exc.field == "__all__" else exc.field] = str(exc)
        else:
            if made.is_active:
                messages.success(request, _("已创建账户 %(u)s：首次登录须修改密码并绑定双因素认证") % {"u": made.username})
            else:
                messages.success(request, _("已创建账户 %(u)s：须由安全管理员启用后方可登录") % {"u": made.username})
            return redirect("account:admin_accounts")
    rows = [
        {"user": u, "may_activate": accounts.can_set_active(user, u), "may_issue": accounts.can_issue_password(user, u)}
        for u in User.objects.filter(role__in=accounts.ADMIN_ACCOUNT_ROLES).order_by("is_active", "role", "username")
    ]
    return render(request, "account/admin_accounts.html", {
        "rows": rows, "errors": errors, "form": form, "may_create": accounts.can_create(user, Role.ADMIN),
        "roles": [(r.value, r.label) for r in accounts.ADMIN_ACCOUNT_ROLES],
    }, status=400 if errors else 200)


@login_required
@require_POST
def account_active(request, user_id: int):
    require(accounts.can_view_admin_accounts(request.user), _("只有系统管理员和安全管理员可以管理管理员账户"))
    target = get_object_or_404(User, pk=user_id, role__in=accounts.ADMIN_ACCOUNT_ROLES)
    active = request.POST.get("active") == "1"
    try:
        accounts.set_active(request.user, target, active, request.POST.get("reason", ""))
    except accounts.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, (_("已启用账户 %(u)s") if active else _("已停用账户 %(u)s")) % {"u": target.username})
    return redirect("account:admin_accounts")


@login_required
@require_POST
def account_password(request, user_id: int):
    require(accounts.can_view_admin_accounts(request.user), _("只有系统管理员和安全管理员可以管理管理员账户"))
    target = get_object_or_404(User, pk=user_id, role__in=accounts.ADMIN_ACCOUNT_ROLES)
    try:
        accounts.issue_password(request.user, target, request.POST.get("password", ""))
    except accounts.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已为 %(u)s 签发新密码：下次登录须修改") % {"u": target.username})
    return redirect("account:admin_accounts")
