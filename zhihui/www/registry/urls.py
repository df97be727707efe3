from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("persons/", views.person_search, name="person_search"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("persons/<int:pk>/reveal-phone/", views.person_reveal_phone, name="person_reveal_phone"),
    path("persons/<int:pk>/export/", views.person_export, name="person_export"),
    path("organisations/", views.organisation_search, name="organisation_search"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("me/", views.my_file, name="my_file"),
    path("my-organisation/", views.my_organisation, name="my_organisation"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("人员查询"), "registry:person_search", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("单位查询"), "registry:organisation_search", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("我的档案"), "registry:my_file", Role.CITIZEN),
    entry(_("本单位"), "registry:my_organisation", Role.EMPLOYER),
]
