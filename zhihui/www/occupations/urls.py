from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("", views.code_page, name="code"),
    path("correct/", views.correct, name="correct"),
    path("retrain/", views.retrain, name="retrain"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("职业编码"), "occupations:code", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.EMPLOYER),
]
