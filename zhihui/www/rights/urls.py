from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case_new"),
    path("kpis/", views.kpi_page, name="kpis"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<str:code>/", views.project_detail, name="project"),
    path("projects/<str:code>/payroll/", views.payroll_import, name="payroll_import"),
    path("<str:number>/", views.case_detail, name="case"),
    path("<str:number>/do/<str:transition>/", views.take, name="take"),
    path("<str:number>/arrears/", views.arrears_lines, name="arrears"),
    path("<str:number>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<str:number>/evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("<str:number>/documents/<str:name>.pdf", views.document_pdf, name="document"),
    path("<str:number>/panel/", views.panel_set, name="panel"),
    path("<str:number>/recusal/", views.recusal, name="recusal"),
    path("<str:number>/recusal/<int:pk>/", views.recusal, name="recusal_decide"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("劳动维权"), "rights:cases", Role.CITIZEN, Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("调解仲裁监察指标"), "rights:kpis", Role.LEADER, Role.ADMIN),
    entry(_("工资支付监管"), "rights:projects", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.EMPLOYER),
]
