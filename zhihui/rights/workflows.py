"""The three case workflows, declared once (zhihui.core.workflow)."""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, Workflow, transition

from .enums import CaseKind
from .enums import CaseStatus as S

INTAKE = [Role.CLERK, Role.ADMIN]
DECIDERS = [Role.REVIEWER, Role.ADMIN]  # inspectors' decisions and arbitrators' awards

INSPECTION = Workflow(
    name="rights.inspection",
    title=_("劳动保障监察投诉举报"),
    states=S,
    initial=S.RECEIVED,
    final={S.NOT_ACCEPTED, S.ORDERED, S.PENALISED, S.NO_VIOLATION, S.WITHDRAWN},
    transitions=[
        transition("receive", _("登记投诉举报"), (), S.RECEIVED, [*INTAKE, OWNER], writes=_("受理决定期限（工作日）")),
        transition("accept", _("立案"), S.RECEIVED, S.ACCEPTED, INTAKE, writes=_("立案日期、办结期限（工作日）")),
        transition("not_accept", _("不予立案"), S.RECEIVED, S.NOT_ACCEPTED, INTAKE, reason_required=True),
        transition("extend", _("批准延期"), S.ACCEPTED, S.ACCEPTED, [Role.ADMIN], reason_required=True,
                   writes=_("延长后的办结期限（仅一次）")),
        transition("order", _("责令改正"), S.ACCEPTED, S.ORDERED, [*INTAKE, *DECIDERS], reason_required=True,
                   writes=_("处理决定、追回金额")),
        transition("penalise", _("作出行政处罚"), S.ACCEPTED, S.PENALISED, DECIDERS, reason_required=True,
                   not_after=("accept",), writes=_("处罚决定")),
        transition("no_violation", _("未发现违法，结案"), S.ACCEPTED, S.NO_VIOLATION, [*INTAKE, *DECIDERS], reason_required=True),
        transition("withdraw", _("撤回投诉"), [S.RECEIVED, S.ACCEPTED], S.WITHDRAWN, [OWNER, *INTAKE], reason_required=True),
    ],
)

MEDIATION = Workflow(
    name="rights.mediation",
    title=_("劳动争议调解"),
    states=S,
    initial=S.RECEIVED,
    final={S.NOT_ACCEPTED, S.MEDIATED, S.MEDIATION_FAILED, S.WITHDRAWN},
    transitions=[
        transition("receive", _("申请调解"), (), S.RECEIVED, [*INTAKE, OWNER], writes=_("调解期限（自申请之日起，日历日）")),
        transition("accept", _("受理调解"), S.RECEIVED, S.ACCEPTED, INTAKE),
        transition("not_accept", _("不予受理"), S.RECEIVED, S.NOT_ACCEPTED, INTAKE, reason_required=True),
        transition("mediated", _("达成调解协议"), S.ACCEPTED, S.MEDIATED, [*INTAKE, *DECIDERS], reason_required=True,
                   writes=_("调解协议内容、支付金额")),
        transition("failed", _("调解不成"), S.ACCEPTED, S.MEDIATION_FAILED, [*INTAKE, *DECIDERS], reason_required=True),
        transition("withdraw", _("撤回申请"), [S.RECEIVED, S.ACCEPTED], S.WITHDRAWN, [OWNER, *INTAKE], reason_required=True),
    ],
)

ARBITRATION = Workflow(
    name="rights.arbitration",
    title=_("劳动人事争议仲裁"),
    states=S,
    initial=S.RECEIVED,
    final={S.NOT_ACCEPTED, S.AWARDED, S.MEDIATED, S.WITHDRAWN, S.DISMISSED},
    transitions=[
        transition("receive", _("申请仲裁"), (), S.RECEIVED, [*INTAKE, OWNER], writes=_("受理决定期限（日历日）；时效提示")),
        transition("accept", _("受理"), S.RECEIVED, S.ACCEPTED, INTAKE, writes=_("受理日期、仲裁员、结案期限（日历日）")),
        transition("not_accept", _("不予受理"), S.RECEIVED, S.NOT_ACCEPTED, INTAKE, reason_required=True),
        transition("schedule", _("排期开庭"), [S.ACCEPTED, S.HEARING], S.HEARING, [*INTAKE, *DECIDERS], writes=_("开庭时间、仲裁庭")),
        transition("extend", _("批准延期"), [S.ACCEPTED, S.HEARING], S.HEARING, [Role.ADMIN], reason_required=True,
                   writes=_("延长后的结案期限（仅一次，仲裁委员会主任批准）")),
        transition("award", _("作出裁决"), [S.ACCEPTED, S.HEARING], S.AWARDED, DECIDERS, reason_required=True,
                   not_after=("accept",), writes=_("裁决内容、支付金额")),
        transition("mediated", _("仲裁调解结案"), [S.ACCEPTED, S.HEARING], S.MEDIATED, DECIDERS, reason_required=True,
                   writes=_("调解书内容、支付金额")),
        transition("dismiss", _("终止/驳回"), [S.ACCEPTED, S.HEARING], S.DISMISSED, DECIDERS, reason_required=True),
        transition("withdraw", _("撤回仲裁申请"), [S.RECEIVED, S.ACCEPTED, S.HEARING], S.WITHDRAWN, [OWNER, *INTAKE], reason_required=True),
    ],
)

BY_KIND = {CaseKind.INSPECTION: INSPECTION, CaseKind.MEDIATION: MEDIATION, CaseKind.ARBITRATION: ARBITRATION}
