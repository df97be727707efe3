from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/<str:code>/", views.indicator_detail, name="detail"),
    path("indicators/<str:code>/target/", views.edit_target, name="edit_target"),
    path("actuals/template/", views.template_download, name="template"),
    path("actuals/upload/", views.upload, name="upload"),
    path("recompute/", views.recompute, name="recompute"),
    path("report/", views.report, name="report"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("规划指标"), "plan:dashboard", Role.LEADER, Role.ADMIN),
]
