from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import ALL_STAFF, entry

from . import views

urlpatterns = [
    path("", views.library, name="library"),
    path("benefits/<slug:benefit_id>/", views.benefit_detail, name="benefit_detail"),
    path("explain/", views.explain_search, name="explain_search"),
    path("explain/person/<int:pk>/", views.explain_person, name="explain_person"),
    path("explain/organisation/<int:pk>/", views.explain_organisation, name="explain_organisation"),
    path("check/", views.check, name="check"),
    path("offers/", views.offers, name="offers"),
    path("offers/sweep/", views.run_sweep, name="run_sweep"),
    path("offers/notify/", views.notify_offers, name="notify_offers"),
    path("offers/<int:pk>/decline/", views.decline_offer, name="decline_offer"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("政策库"), "policy:library", *ALL_STAFF),
    entry(_("我能享受哪些政策"), "policy:check", Role.CITIZEN),
    entry(_("免申即享名单"), "policy:offers", Role.CLERK, Role.REVIEWER, Role.ADMIN),
]
