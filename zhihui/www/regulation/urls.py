from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("inspections/", views.plan_list, name="plans"),
    path("inspections/new/", views.plan_new, name="plan_new"),
    path("inspections/mine/", views.my_inspections, name="mine"),
    path("inspections/verify_draw.py", views.verifier, name="verifier"),
    path("inspections/<str:number>/", views.plan_detail, name="plan"),
    path("inspections/<str:number>/entity-pool.jsonl", views.pool_file, {"which": "entity"}, name="entity_pool"),
    path("inspections/<str:number>/inspector-pool.jsonl", views.pool_file, {"which": "inspector"}, name="inspector_pool"),
    path("inspections/<str:number>/result.json", views.result_file, name="result"),
    path("inspections/<str:number>/do/<str:transition>/", views.take, name="take"),
    path("inspections/<str:number>/records/<int:rank>/", views.record_edit, name="record"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<str:uscc>/", views.agency_detail, name="agency"),
    path("agencies/<str:uscc>/licences/", views.licence_new, name="licence_new"),
    path("agencies/<str:uscc>/reports/", views.report_new, name="report_new"),
    path("agencies/<str:uscc>/listings/", views.listing_new, name="listing_new"),
    path("lists/", views.list_public, name="lists"),
    path("mediation-bodies/", views.mediation_bodies, name="mediation_bodies"),
    path("lists/<int:pk>/", views.list_entry, name="list_entry"),
    path("lists/<int:pk>/do/<str:transition>/", views.list_take, name="list_take"),
    path("lists/<int:pk>/objection/", views.list_objection, name="list_objection"),
    path("collective-contracts/", views.collective_contracts, name="collective_contracts"),
    path("collective-contracts/<str:number>/", views.collective_detail, name="collective"),
    path("collective-contracts/<str:number>/do/<str:transition>/", views.collective_take, name="collective_take"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/do/<str:what>/", views.campaign_act, name="campaign_act"),
    path("dispatch/", views.dispatch, name="dispatch"),
    path("new-form-workers/", views.covers, name="covers"),
    path("new-form-workers/<int:pk>/", views.cover_return, name="cover_return"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("双随机抽查"), "regulation:plans", Role.ADMIN, Role.CLERK),
    entry(_("人力资源服务机构"), "regulation:agencies", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.AUDITOR, Role.EMPLOYER),
    entry(_("集体合同审查"), "regulation:collective_contracts", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.AUDITOR, Role.EMPLOYER),
    entry(_("专项活动与诚信示范"), "regulation:campaigns", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.AUDITOR, Role.EMPLOYER, Role.CITIZEN),
    entry(_("劳务派遣用工比例"), "regulation:dispatch", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.AUDITOR, Role.EMPLOYER),
    entry(_("新就业形态劳动者参保"), "regulation:covers", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.EMPLOYER),
    entry(_("劳动争议调解组织"), "regulation:mediation_bodies", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.CITIZEN, Role.EMPLOYER),
]
