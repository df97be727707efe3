from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("me/", views.mine, name="mine"),
    path("me/consents/", views.consent, name="consent"),
    path("requests/", views.desk, name="desk"),
    path("requests/new/<int:person_id>/", views.new_request, name="new_request"),
    path("requests/<str:number>/", views.detail, name="detail"),
    path("registers/", views.registers, name="registers"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("我的个人信息"), "privacy:mine", Role.CITIZEN),
    entry(_("个人信息权利请求"), "privacy:desk", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("个人信息登记簿"), "privacy:registers", Role.ADMIN, Role.AUDITOR),
]
