"""The rights request's life cycle, declared once (zhihui/core/workflow.py)."""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, Workflow, transition

from .enums import RequestStatus as S

RIGHTS_REQUEST = Workflow(
    name="privacy.rights_request",
    title=_("个人信息权利请求"),
    states=S,
    initial=S.SUBMITTED,
    final=frozenset({S.COMPLETED, S.REFUSED, S.WITHDRAWN}),
    transitions=[
        transition("accept", _("受理"), S.SUBMITTED, S.IN_PROGRESS, [Role.CLERK, Role.ADMIN],
                   writes=_("受理人；期限不变（自提交起算）")),
        transition("complete", _("办结（同意）"), S.IN_PROGRESS, S.COMPLETED, [Role.REVIEWER, Role.ADMIN],
                   writes=_("执行请求：更正（留存更正前后值与证明）、删除、注销账户或限制处理"), not_after=("accept",)),
        transition("refuse", _("不予办理"), S.IN_PROGRESS, S.REFUSED, [Role.REVIEWER, Role.ADMIN],
                   writes=_("理由（须说明法律依据）"), reason_required=True, not_after=("accept",)),
        transition("withdraw", _("撤回"), [S.SUBMITTED, S.IN_PROGRESS], S.WITHDRAWN, [OWNER]),
    ],
)
