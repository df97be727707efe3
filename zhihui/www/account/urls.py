from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import admin_accounts, staff, views

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("security/", views.security_admin, name="security_admin"),
    path("security/<int:user_id>/reset-otp/", views.reset_otp, name="reset_otp"),
    path("security/<int:user_id>/unlock/", views.unlock, name="unlock"),
    # the department administrator's staff accounts (issue 15)
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/<int:user_id>/role/", staff.staff_role, name="staff_role"),
    path("staff/<int:user_id>/active/", staff.staff_active, name="staff_active"),
    # the system administrator's administrator accounts (issue 12, 三员分立)
    path("admins/", admin_accounts.account_list, name="admin_accounts"),
    path("admins/<int:user_id>/active/", admin_accounts.account_active, name="admin_account_active"),
    path("admins/<int:user_id>/password/", admin_accounts.account_password, name="admin_account_password"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("安全管理"), "account:security_admin", Role.SECADMIN),
    entry(_("本部门工作人员"), "account:staff_list", Role.ADMIN),
    entry(_("管理员账户"), "account:admin_accounts", Role.SYSADMIN, Role.SECADMIN),
    entry(_("修改密码"), "account:password_change", *Role.values),
]
