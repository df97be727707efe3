"""The inspection plan's life cycle, declared once (zhihui.core.workflow).

Pools are published (with their SHA-256) before the seed exists; the draw then follows from
pools and seed alone, so nobody can steer it; results are published once every drawn
organisation's inspection is recorded.
"""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import Workflow, transition

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
