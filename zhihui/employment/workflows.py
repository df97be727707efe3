"""The life cycle of an assistance case (一人一档、一人一策), declared once.

open (建档) → plan (制定帮扶计划: at least one service) → active; follow-ups keep it active;
close needs an outcome; a closed case may be reopened by a reviewer or administrator (not by
the clerk who closed it).
"""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, Workflow, transition

from .enums import AlertState, CaseState, DifficultyState

CLERKS = (Role.CLERK, Role.ADMIN)

CASE_WORKFLOW = Workflow(
    name="employment.case",
    title=_("就业援助个案"),
    states=CaseState,
    initial=CaseState.OPEN,
    transitions=[
        transition("open", _("建档"), (), CaseState.OPEN, CLERKS, writes=_("帮扶对象类别、镇/街道、责任人、帮扶需求")),
        transition("plan", _("制定帮扶计划"), CaseState.OPEN, CaseState.ACTIVE, CLERKS,
                   writes=_("帮扶措施（至少一项）、下次回访期限")),
        transition("follow_up", _("跟踪回访"), CaseState.ACTIVE, CaseState.ACTIVE, CLERKS,
                   writes=_("回访记录、下次回访期限（工作日）")),
        transition("close", _("结案"), CaseState.ACTIVE, CaseState.CLOSED, CLERKS,
                   writes=_("帮扶结果（必填）"), reason_required=True),
        transition("reopen", _("重新打开"), CaseState.CLOSED, CaseState.ACTIVE, (Role.REVIEWER, Role.ADMIN),
                   writes=_("理由"), reason_required=True, not_after=("close",)),
    ],
    final={CaseState.CLOSED},
)


ALERT_WORKFLOW = Workflow(
    name="employment.alert",
    title=_("失业预警处置"),
    states=AlertState,
    initial=AlertState.OPEN,
    transitions=[
        transition("assign", _("指派处置人"), (AlertState.OPEN, AlertState.ASSIGNED), AlertState.ASSIGNED,
                   (Role.REVIEWER, Role.ADMIN), writes=_("处置人")),
        transition("close", _("关闭预警"), AlertState.ASSIGNED, AlertState.CLOSED, (Role.CLERK, Role.REVIEWER, Role.ADMIN),
                   writes=_("处置结果（必填）"), reason_required=True),
    ],
    final={AlertState.CLOSED},
)


# 就业困难人员认定: the person (online) or a clerk applies with a declaration; a clerk verifies the
# evidence (declared → verified); a reviewer or administrator who did not verify it decides,
# with the category's dated criteria checked where the platform holds the facts.
DIFFICULTY_WORKFLOW = Workflow(
    name="employment.difficulty",
    title=_("就业困难人员认定"),
    states=DifficultyState,
    initial=DifficultyState.SUBMITTED,
    transitions=[
        transition("apply", _("申请认定"), (), DifficultyState.SUBMITTED, (OWNER, Role.CLERK, Role.ADMIN),
                   writes=_("认定类别、本人申报情况")),
        transition("verify", _("核实材料"), DifficultyState.SUBMITTED, DifficultyState.VERIFIED, CLERKS,
                   writes=_("核实的证明材料")),
        transition("recognise", _("认定"), DifficultyState.VERIFIED, DifficultyState.RECOGNISED,
                   (Role.REVIEWER, Role.ADMIN), writes=_("认定日期、复核期限"), not_after=("verify",)),
        transition("reject", _("不予认定"), (DifficultyState.SUBMITTED, DifficultyState.VERIFIED),
                   DifficultyState.REJECTED, (Role.REVIEWER, Role.ADMIN), writes=_("理由（必填）"),
                   reason_required=True, not_after=("verify",)),
    ],
    final={DifficultyState.RECOGNISED, DifficultyState.REJECTED},
)
