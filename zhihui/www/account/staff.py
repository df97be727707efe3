"""The department administrator's page of staff accounts (zhihui/core/staff.py does the work):
list, add a clerk / reviewer / finance officer / leader, change a role, deactivate or
reactivate. The system administrator's accounts page (issue 12) keeps the administrators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core import staff
from zhihui.core.models import User
from zhihui.core.perms import require
from zhihui.core.roles import Role


def _choices():
    return [(r.value, r.label) for r in staff.DEPARTMENT_ROLES]


@login_required
def staff_list(request):
    require(staff.can_manage_staff(request.user), _("只有部门管理员可以管理本部门工作人员账户"))
    errors: dict[str, str] = {}
    form = {"username": "", "display_name": "", "role": Role.CLERK}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("username", "display_name", "role")}
        try:
            user = staff.add_staff(request.user, password=request.POST.get("password", ""), **form)
            messages.success(request, _("已添加账户 %(u)s（%(r)s）：首次登录须修改密码并绑定双因素认证") %
                             {"u": user.username, "r": user.get_role_display()})
            return redirect("account:staff_list")
        except staff.StaffError as exc:
            errors["form" if exc.field == "__all__" else exc.field] = str(exc)
    users = User.objects.filter(role__in=staff.DEPARTMENT_ROLES).order_by("-is_active", "role", "username")
    return render(request, "account/staff_list.html", {
        "users": users, "roles": _choices(), "errors": errors, "form": form,
    }, status=400 if errors else 200)


@login_required
@require_POST
def staff_role(request, user_id: int):
    target = get_object_or_404(User, pk=user_id)
    try:
        staff.set_role(request.user, target, request.POST.get("role", ""))
        messages.success(request, _("已变更 %(u)s 的角色为 %(r)s") % {"u": target.username, "r": target.get_role_display()})
    except staff.StaffError as exc:
        messages.error(request, str(exc))
    return redirect("account:staff_list")


@login_required
@require_POST
def staff_active(request, user_id: int):
    target = get_object_or_404(User, pk=user_id)
    active = request.POST.get("active") == "1"
    try:
        staff.set_active(request.user, target, active, request.POST.get("reason", ""))
        messages.success(request, (_("已启用账户 %(u)s") if active else _("已停用账户 %(u)s")) % {"u": target.username})
    except staff.StaffError as exc:
        messages.error(request, str(exc))
    return redirect("account:staff_list")
