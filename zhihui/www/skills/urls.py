from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("", views.providers, name="providers"),
]

NAV = [
    entry(_("技能培训"), "skills:providers", Role.CITIZEN, Role.EMPLOYER, Role.CLERK, Role.REVIEWER, Role.ADMIN),
]
