"""The one window's life cycles, declared once (zhihui/core/workflow.py).

`APPLICATION`: an application from submission to payment. `PAYMENT_BATCH`: a batch of payment
instructions for the finance bureau, which one person creates and a second releases before it
can be exported (separation of duties, issue 12 item 3). `zhihui/window/actions.py` checks every
state change against these tables, `zhihui/www/window/views.py` draws its buttons from
`available(...)`, and docs/window.md prints them (`zhihui workflows show window.application`).

Separation of duties: nobody approves an application they accepted or reviewed; nobody releases
a batch they created. Who took what is read from the transition logs (`history`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, PREVIOUS, Workflow, history_of, transition

from .models import BatchStatus, Status

S = Status
OPEN = (S.SUBMITTED, S.ACCEPTED, S.CORRECTION, S.REVIEWED)

APPLICATION = Workflow(
    name="window.application",
    title=_("一窗受理申请"),
    states=Status,
    initial=S.SUBMITTED,
    final=frozenset({S.REFUSED, S.PAID, S.WITHDRAWN}),
    transitions=[
        transition("submit", _("提交申请"), (), S.SUBMITTED, [OWNER, Role.CLERK, Role.ADMIN],
                   writes=_("申请、申请人填报事项、附件；政策引擎结论")),
        transition("accept", _("受理"), S.SUBMITTED, S.ACCEPTED, [Role.CLERK, Role.ADMIN],
                   writes=_("受理人、受理日期、办结时限与期限(工作日)")),
        transition("correct", _("退回补正"), (S.SUBMITTED, S.ACCEPTED, S.REVIEWED), S.CORRECTION,
                   [Role.CLERK, Role.REVIEWER, Role.ADMIN],
                   writes=_("补正材料清单；已受理的停止计时")),
        transition("answer", _("提交补正"), S.CORRECTION, PREVIOUS, [OWNER, Role.CLERK, Role.ADMIN],
                   writes=_("补正材料；恢复计时并重算办结期限")),
        transition("review", _("审核通过"), S.ACCEPTED, S.REVIEWED, [Role.REVIEWER, Role.ADMIN],
                   writes=_("审核人、审核意见；重新运行政策引擎")),
        transition("approve", _("批准"), S.REVIEWED, S.APPROVED, [Role.REVIEWER, Role.ADMIN],
                   not_after=("accept", "review"),
                   writes=_("核定金额、决定时间；占用指标或周转池编制；认定结果")),
        transition("schedule", _("安排支付"), S.APPROVED, S.SCHEDULED, [Role.REVIEWER, Role.ADMIN],
                   not_after=("accept", "review"),
                   writes=_("支付指令(按年度预算科目占用预算)；随批准自动执行")),
        transition("reject", _("不予受理"), S.SUBMITTED, S.REFUSED, [Role.CLERK, Role.REVIEWER, Role.ADMIN],
                   reason_required=True, writes=_("不予受理理由")),
        transition("refuse", _("不予批准"), (S.ACCEPTED, S.REVIEWED), S.REFUSED, [Role.REVIEWER, Role.ADMIN],
                   reason_required=True, writes=_("不予批准理由、决定时间")),
        transition("withdraw", _("撤回申请"), OPEN, S.WITHDRAWN, [OWNER, Role.CLERK, Role.ADMIN],
                   writes=_("撤回理由；停止计时")),
        transition("pay", _("支付到账"), S.SCHEDULED, S.PAID, [Role.ADMIN],
                   writes=_("回盘对账：全部支付指令到账")),
    ],
)

# Transitions another action takes (approval schedules the payments, reconciliation pays):
# never drawn as a button of their own.
AUTOMATIC = frozenset({"schedule", "pay"})

B = BatchStatus

PAYMENT_BATCH = Workflow(
    name="window.payment_batch",
    title=_("支付批次"),
    states=BatchStatus,
    initial=B.CREATED,
    final=frozenset({B.RECONCILED}),
    transitions=[
        transition("create", _("生成支付批次"), (), B.CREATED, [Role.ADMIN],
                   writes=_("批次：当年及以前待支付和支付失败的指令")),
        transition("release", _("复核放行"), B.CREATED, B.RELEASED, [Role.ADMIN], not_after=("create",),
                   writes=_("复核人、复核时间")),
        transition("export", _("导出给财政"), (B.RELEASED, B.EXPORTED), B.EXPORTED, [Role.ADMIN],
                   writes=_("导出记录(审计)")),
        transition("reconcile", _("导入回盘"), (B.EXPORTED, B.RECONCILED), B.RECONCILED, [Role.ADMIN],
                   writes=_("每笔指令到账或失败；预算已支付数")),
    ],
)


def application_history(app) -> dict[str, set[int]]:
    """Transition name → ids of the users who took it on this application (separation of duties)."""
    return history_of(app.transitions.exclude(actor=None))


def batch_history(batch) -> dict[str, set[int]]:
    """Transition name → ids of the users who took it on this payment batch."""
    return history_of(batch.transitions)
