"""The roles of Zhihui. Each user has exactly one; what a role may do lives in each domain's perms.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("市民/人才")
    EMPLOYER = "employer", _("用人单位")
    CLERK = "clerk", _("窗口受理员")
    REVIEWER = "reviewer", _("审核员")
    ADMIN = "admin", _("部门管理员")
    LEADER = "leader", _("领导(只读)")
    AUDITOR = "auditor", _("审计员")
    # 三员分立 (GB/T 22239-2019 level 3): the system administrator keeps accounts and reference
    # data, the security administrator keeps second factors, locks and alerts, and the audit
    # administrator (AUDITOR above) reads the audit log. None of the three handles cases.
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    # Payment batches and their export to the bank (issue 15); no decisions on applications.
    FINANCE = "finance", _("财务人员")


# Bureau staff: a second factor is required, passwords expire, accounts lock.
STAFF_ROLES = frozenset(
    {Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR, Role.SYSADMIN, Role.SECADMIN, Role.FINANCE}
)
# The three administrators of 三员分立: they run the system and read no case or person file.
SYSTEM_ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})
