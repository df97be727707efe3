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


# Bureau staff: their accounts lock after repeated failed logins.
STAFF_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR})
