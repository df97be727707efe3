"""The inspection plan's life cycle, declared once (zhihui.core.workflow).

Pools are published (with their SHA-256) before the seed exists; the draw then follows from
pools and seed alone, so nobody can steer it; results are published once every drawn
organisation's inspection is recorded.
"""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import SYSTEM, Workflow, transition

from .enums import CampaignStatus as K
from .enums import CollectiveContractStatus as C
from .enums import ListStatus as L
from .enums import PlanStatus as S

PLANNERS = [Role.ADMIN]

INSPECTION_PLAN = Workflow(
    name="regulation.inspection_plan",
    title=_("双随机抽查计划"),
    states=S,
    initial=S.DRAFT,
    final={S.RESULTS_PUBLISHED, S.CANCELLED},
    transitions=[
        transition("publish_pools", _("公示名录库"), S.DRAFT, S.POOLS_PUBLISHED, PLANNERS,
                   writes=_("检查对象库与检查人员库的原始字节及其 SHA-256")),
        transition("draw", _("录入种子并抽取"), S.POOLS_PUBLISHED, S.DRAWN, PLANNERS,
                   writes=_("种子、抽取结果、每户的检查记录")),
        transition("publish_results", _("公开检查结果"), S.DRAWN, S.RESULTS_PUBLISHED, PLANNERS,
                   writes=_("公开时间（须全部检查记录已录入）")),
        transition("cancel", _("撤销计划"), [S.DRAFT, S.POOLS_PUBLISHED], S.CANCELLED, PLANNERS,
                   reason_required=True, writes=_("撤销理由（名录库已公示的，撤销同样公开）")),
    ],
)


# A dishonesty-list entry: the party is told and may state its case before anyone is listed;
# a second person decides the listing (not whoever proposed it); entries end early only after
# correction and a minimum time, else they expire by themselves (`zhihui regulation expire`).
LIST_ENTRY = Workflow(
    name="regulation.list_entry",
    title=_("失信名单"),
    states=L,
    initial=L.PROPOSED,
    final={L.WITHDRAWN, L.REMOVED, L.EXPIRED},
    transitions=[
        transition("propose", _("告知拟列入"), (), L.PROPOSED, [Role.ADMIN, Role.CLERK],
                   writes=_("事由、依据、陈述申辩截止日")),
        transition("list", _("决定列入"), L.PROPOSED, L.LISTED, [Role.ADMIN, Role.REVIEWER],
                   not_after=("propose",), writes=_("列入日期、期满日（按名单期限参数）")),
        transition("withdraw", _("申辩成立，不予列入"), L.PROPOSED, L.WITHDRAWN, [Role.ADMIN, Role.REVIEWER],
                   reason_required=True, writes=_("理由")),
        transition("remove_early", _("信用修复，提前移出"), L.LISTED, L.REMOVED, [Role.ADMIN, Role.REVIEWER],
                   reason_required=True, writes=_("移出日期与理由（列入满最短期限后）")),
        transition("expire", _("期满移出"), L.LISTED, L.EXPIRED, [SYSTEM, Role.ADMIN],
                   writes=_("移出日期（期满次日由定时任务执行）")),
    ],
)


# A collective contract filed with the bureau (劳动合同法 第五十四条): the office records the
# filing; a reviewer (not whoever filed it) approves it or raises an objection within the review
# period; with no objection by the period's end it takes effect by itself (`zhihui regulation
# collective-lapse`, daily).
COLLECTIVE_CONTRACT = Workflow(
    name="regulation.collective_contract",
    title=_("集体合同审查"),
    states=C,
    initial=C.SUBMITTED,
    final={C.EFFECTIVE, C.OBJECTED},
    transitions=[
        transition("file", _("登记报送"), (), C.SUBMITTED, [Role.ADMIN, Role.CLERK],
                   writes=_("合同文本要素、收到日期、审查期限届满日")),
        transition("approve", _("审查通过"), C.SUBMITTED, C.EFFECTIVE, [Role.ADMIN, Role.REVIEWER],
                   not_after=("file",), writes=_("审查决定日期、生效日期（审查期限内）")),
        transition("object", _("提出异议"), C.SUBMITTED, C.OBJECTED, [Role.ADMIN, Role.REVIEWER],
                   not_after=("file",), reason_required=True, writes=_("异议内容（审查期限内），双方须重新协商")),
        transition("lapse", _("期满未提异议，自行生效"), C.SUBMITTED, C.EFFECTIVE, [SYSTEM, Role.ADMIN],
                   writes=_("生效日期：审查期限届满次日")),
    ],
)


# A campaign runs from its creation until an administrator closes it with a summary.
CAMPAIGN = Workflow(
    name="regulation.campaign",
    title=_("专项活动"),
    states=K,
    initial=K.RUNNING,
    final={K.CLOSED},
    transitions=[
        transition("open", _("发起活动"), (), K.RUNNING, PLANNERS, writes=_("名称、类别、期间、重点内容")),
        transition("close", _("结束并总结"), K.RUNNING, K.CLOSED, PLANNERS, reason_required=True,
                   writes=_("总结（查处与命名情况随附）")),
    ],
)
