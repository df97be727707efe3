"""The electronic training voucher's life cycle, declared once (zhihui.core.workflow):
发券—培训—评价持证—兑现 (plan L150, C6-S18). Owner: the voucher's holder. The provider acts as
an employer account of the provider the voucher is locked to (checked in actions.py)."""

from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, SYSTEM, Workflow, transition

from .enums import VoucherStatus as S

OFFICE = [Role.CLERK, Role.ADMIN]

VOUCHER = Workflow(
    name="skills.voucher",
    title=_("职业技能电子培训券"),
    states=S,
    initial=S.ISSUED,
    final={S.REDEEMED, S.LAPSED, S.CANCELLED},
    transitions=[
        transition("issue", _("发放培训券"), (), S.ISSUED, OFFICE,
                   writes=_("券种、发放对象类别（按当日有效的发放规则）、面值、有效期；预算科目占用面值")),
        transition("enrol", _("报名培训"), S.ISSUED, S.ENROLLED, [OWNER, *OFFICE],
                   writes=_("班次实名花名册；券锁定该机构与项目")),
        transition("complete", _("结业"), S.ENROLLED, S.COMPLETED, [Role.EMPLOYER, *OFFICE],
                   writes=_("出勤天数达到结业要求的结业日期")),
        transition("certify", _("取得证书"), S.COMPLETED, S.CERTIFIED, [*OFFICE, SYSTEM],
                   writes=_("评价机构导入的证书（同职业）")),
        transition("redeem", _("兑现"), S.CERTIFIED, S.REDEEMED, [Role.EMPLOYER, Role.ADMIN],
                   writes=_("兑现金额；一窗支付指令（经支付批次拨付给培训机构）；未用面值退回预算")),
        transition("lapse", _("过期失效"), [S.ISSUED, S.ENROLLED, S.COMPLETED, S.CERTIFIED], S.LAPSED, [SYSTEM, Role.ADMIN],
                   writes=_("面值退回预算科目")),
        transition("cancel", _("作废"), [S.ISSUED, S.ENROLLED], S.CANCELLED, [OWNER, *OFFICE], reason_required=True,
                   writes=_("作废理由；面值退回预算科目")),
    ],
)
