from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("", views.providers, name="providers"),
    path("vouchers/", views.voucher_list, name="vouchers"),
    path("vouchers/issue/", views.voucher_issue, name="voucher_issue"),
    path("vouchers/<str:number>/", views.voucher_detail, name="voucher"),
    path("vouchers/<str:number>/do/<str:transition>/", views.voucher_take, name="voucher_take"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<str:number>/", views.session_detail, name="session"),
    path("sessions/<str:number>/checkin/", views.session_checkin, name="session_checkin"),
    path("sessions/<str:number>/complete/", views.session_complete, name="session_complete"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("certificates/import/", views.certificate_import, name="certificate_import"),
    path("verify/", views.verify, name="verify"),
    path("archive/", views.archive, name="archive"),
    path("archive.pdf", views.archive_pdf, name="archive_pdf"),
    path("signals/", views.signal_list, name="signals"),
    path("stats/", views.stats_page, name="stats"),
    path("registers/", views.registers, name="registers"),
    path("registers/new/<str:kind>/", views.register_new, name="register_new"),
]

def _provider_of(user):
    from zhihui.skills.perms import provider_of

    return provider_of(user)


# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("技能培训机构"), "skills:providers", Role.CITIZEN, Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("培训券"), "skills:vouchers", Role.CITIZEN, Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("我的培训评价档案"), "skills:archive", Role.CITIZEN),
    # an employer keeps sessions only as a training provider (others got a 403 from this entry)
    entry(_("培训班次"), "skills:sessions", Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN,
          when=lambda u: u.role != Role.EMPLOYER or _provider_of(u) is not None),
    entry(_("证书导入"), "skills:certificate_import", Role.CLERK, Role.ADMIN),
    entry(_("培训监管线索"), "skills:signals", Role.REVIEWER, Role.ADMIN),
    entry(_("竞赛、工作室与劳务品牌"), "skills:registers", Role.LEADER, Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("技能统计"), "skills:stats", Role.LEADER, Role.CLERK, Role.REVIEWER, Role.ADMIN),
]
