from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views, views_registers

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.my_file, name="my_file"),
    path("persons/<int:pk>/", views.person_file, name="person_file"),
    path("events/<int:pk>/correct/", views.correct, name="correct"),
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("households/", views.zero_households, name="zero_households"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("persons/<int:pk>/open-case/", views.open_case, name="open_case"),
    path("difficulty/", views.difficulty, name="difficulty"),
    path("difficulty/<int:pk>/", views.difficulty_application, name="difficulty_application"),
    path("persons/<int:pk>/difficulty/apply/", views.difficulty_apply, name="difficulty_apply"),
    path("me/difficulty/", views.my_difficulty, name="my_difficulty"),
    path("groups/", views.key_groups, name="key_groups"),
    path("persons/<int:pk>/groups/add/", views.key_group_add, name="key_group_add"),
    path("me/groups/", views.my_key_groups, name="my_key_groups"),
    path("service-points/", views.service_points, name="service_points"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/report/", views.employer_report, name="employer_report"),
    path("monitoring/enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("monitoring/alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("monitoring/enrol/", views.enrol, name="enrol"),
    path("monitoring/import/", views.report_import, name="report_import"),
    path("monitoring/import/template.csv", views.report_import_template, name="report_import_template"),
    path("monitoring/import/<int:pk>/", views.report_import_batch, name="report_import_batch"),
    path("monitoring/layoffs/", views.mass_layoffs, name="mass_layoffs"),
    path("quota/", views.quota, name="quota"),
    path("quota/<int:pk>/", views.quota_detail, name="quota_detail"),
    path("traineeship/", views_registers.traineeship, name="traineeship"),
    path("traineeship/<int:pk>/", views_registers.traineeship_base, name="traineeship_base"),
    path("traineeship/claims/", views_registers.traineeship_claims, name="traineeship_claims"),
    path("workshops/", views_registers.workshops, name="workshops"),
    path("workshops/<int:pk>/", views_registers.workshop, name="workshop"),
    path("youth/", views.youth, name="youth"),
    path("quota/mine/", views.my_quota, name="my_quota"),
    path("graduates/", views.graduates, name="graduates"),
    path("graduates/unplaced/", views.graduates_unplaced, name="graduates_unplaced"),
    path("graduates/<int:pk>/", views.graduate_detail, name="graduate"),
    path("graduates/import/", views.graduate_import, name="graduate_import"),
    path("graduates/import/template.csv", views.graduate_import_template, name="graduate_import_template"),
    path("graduates/import/<int:pk>/", views.graduate_import_batch, name="graduate_import_batch"),
    path("me/graduations/", views.my_graduations, name="my_graduations"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("就业服务"), "employment:index", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("我的就业"), "employment:my_file", Role.CITIZEN),
    entry(_("援助个案"), "employment:cases", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("重点群体台账"), "employment:key_groups", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("就业困难人员认定"), "employment:difficulty", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("就业服务站点"), "employment:service_points", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("用工监测"), "employment:monitoring", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("用工监测月报"), "employment:employer_report", Role.EMPLOYER),
    entry(_("青年就业排查"), "employment:youth", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("残疾人按比例就业"), "employment:quota", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("就业见习"), "employment:traineeship", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("就业帮扶车间"), "employment:workshops", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("按比例就业申报"), "employment:my_quota", Role.EMPLOYER),
    entry(_("高校毕业生名册"), "employment:graduates", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("我的毕业去向"), "employment:my_graduations", Role.CITIZEN),
]
