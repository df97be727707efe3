"""The life cycle of an assistance case (一人一档、一人一策), declared once.

open (建档) → plan (制定帮扶计划: at least one service) → active; follow-ups keep it active;
close needs an outcome; a closed case may be reopened by a reviewer or administrator (not by
the clerk who closed it).
"""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, Workflow, transition

from .enums import AlertState, BaseState, CaseState, ClaimState, DifficultyState, WorkshopState

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


# 就业见习基地认定 (C10-D02): a clerk records a unit's application; a reviewer or administrator who
# did not record it recognises it (or not), may later name it a model unit (示范单位) or revoke it.
BASE_WORKFLOW = Workflow(
    name="employment.traineeship_base",
    title=_("就业见习基地认定"),
    states=BaseState,
    initial=BaseState.APPLIED,
    transitions=[
        transition("apply", _("申报"), (), BaseState.APPLIED, CLERKS, writes=_("单位、联系人、见习岗位说明")),
        transition("recognise", _("审核认定"), BaseState.APPLIED, BaseState.RECOGNISED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("认定日期、审核意见"), not_after=("apply",)),
        transition("reject", _("不予认定"), BaseState.APPLIED, BaseState.REJECTED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("理由（必填）"), reason_required=True, not_after=("apply",)),
        transition("designate", _("命名示范单位"), BaseState.RECOGNISED, BaseState.MODEL, (Role.REVIEWER, Role.ADMIN),
                   writes=_("命名日期、留用率等依据"), reason_required=True, not_after=("apply",)),
        transition("revoke", _("撤销认定"), (BaseState.RECOGNISED, BaseState.MODEL), BaseState.REVOKED,
                   (Role.REVIEWER, Role.ADMIN), writes=_("理由（必填）"), reason_required=True),
    ],
    final={BaseState.REJECTED, BaseState.REVOKED},
)


# 就业见习补贴 per unit and month: a clerk computes the claim from the trainee months recorded; a
# reviewer or administrator who did not compute it approves it, which raises the payment through
# the one window (zhihui.window.actions.schedule_reserved_payment), or returns it.
CLAIM_WORKFLOW = Workflow(
    name="employment.traineeship_claim",
    title=_("就业见习补贴核定"),
    states=ClaimState,
    initial=ClaimState.COMPUTED,
    transitions=[
        transition("compute", _("核算"), (), ClaimState.COMPUTED, CLERKS,
                   writes=_("月份、见习人月数、月补贴标准、金额")),
        transition("approve", _("核准支付"), ClaimState.COMPUTED, ClaimState.APPROVED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("一窗支付申请编号"), not_after=("compute",)),
        transition("return", _("退回"), ClaimState.COMPUTED, ClaimState.REJECTED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("理由（必填）"), reason_required=True, not_after=("compute",)),
    ],
    final={ClaimState.APPROVED, ClaimState.REJECTED},
)


# 就业帮扶车间认定 (C10-D07): a clerk records the application; a reviewer or administrator who did
# not record it recognises it with the next annual review date, reviews it each year, or revokes it.
WORKSHOP_WORKFLOW = Workflow(
    name="employment.workshop",
    title=_("就业帮扶车间认定"),
    states=WorkshopState,
    initial=WorkshopState.APPLIED,
    transitions=[
        transition("apply", _("申报"), (), WorkshopState.APPLIED, CLERKS,
                   writes=_("车间名称、运营主体、所在镇村、主营产品")),
        transition("recognise", _("认定"), WorkshopState.APPLIED, WorkshopState.RECOGNISED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("认定日期、年度复核日期"), not_after=("apply",)),
        transition("reject", _("不予认定"), WorkshopState.APPLIED, WorkshopState.REJECTED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("理由（必填）"), reason_required=True, not_after=("apply",)),
        transition("review", _("年度复核"), WorkshopState.RECOGNISED, WorkshopState.RECOGNISED,
                   (Role.REVIEWER, Role.ADMIN), writes=_("复核意见、下次复核日期"), reason_required=True),
        transition("revoke", _("撤销认定"), WorkshopState.RECOGNISED, WorkshopState.REVOKED, (Role.REVIEWER, Role.ADMIN),
                   writes=_("理由（必填）"), reason_required=True),
    ],
    final={WorkshopState.REJECTED, WorkshopState.REVOKED},
)
