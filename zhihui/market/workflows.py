"""The life cycles of a job posting and of an application, declared once (zhihui/core/workflow.py).

Posting: the employer drafts and submits; submitting runs the screen (contract
postings-screen.md) and puts the posting before a clerk with the flags; the clerk publishes,
returns it for correction (reason required, shown to the employer) or refuses it (reason
required). A published posting expires at its date (system) or is withdrawn by the employer.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, Workflow, transition

from .enums import ApplicationStatus as A
from .enums import PostingStatus as S

REVIEWERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
SYSTEM = "system"  # the nightly expiry (no user)

POSTING = Workflow(
    name="market.posting",
    title=_("招聘岗位发布"),
    states=S,
    initial=S.DRAFT,
    final=(S.REFUSED, S.WITHDRAWN, S.EXPIRED),
    transitions=[
        transition("submit", _("提交审核"), (S.DRAFT, S.RETURNED), S.PENDING, (OWNER,),
                   writes=_("筛查结果(标记的词句、理由、依据)")),
        transition("publish", _("审核通过并发布"), S.PENDING, S.PUBLISHED, REVIEWERS, writes=_("发布时间")),
        transition("return", _("退回修改"), S.PENDING, S.RETURNED, REVIEWERS, reason_required=True,
                   writes=_("退回理由(单位可见)")),
        transition("refuse", _("不予发布"), S.PENDING, S.REFUSED, REVIEWERS, reason_required=True,
                   writes=_("不予发布理由(单位可见)")),
        transition("withdraw", _("撤回"), (S.DRAFT, S.PENDING, S.RETURNED, S.PUBLISHED), S.WITHDRAWN, (OWNER,)),
        transition("expire", _("到期下架"), S.PUBLISHED, S.EXPIRED, (SYSTEM,)),
    ],
)

APPLICATION = Workflow(
    name="market.application",
    title=_("岗位申请"),
    states=A,
    initial=A.SUBMITTED,
    final=(A.HIRED, A.REJECTED, A.WITHDRAWN),
    transitions=[
        transition("view", _("标记已查看"), A.SUBMITTED, A.VIEWED, (Role.EMPLOYER,)),
        transition("interview", _("邀请面试"), (A.SUBMITTED, A.VIEWED), A.INTERVIEW, (Role.EMPLOYER,)),
        transition("hire", _("录用"), (A.VIEWED, A.INTERVIEW), A.HIRED, (Role.EMPLOYER,)),
        transition("reject", _("不合适"), (A.SUBMITTED, A.VIEWED, A.INTERVIEW), A.REJECTED, (Role.EMPLOYER,)),
        transition("withdraw", _("撤回申请"), (A.SUBMITTED, A.VIEWED, A.INTERVIEW), A.WITHDRAWN, (OWNER,)),
    ],
)
