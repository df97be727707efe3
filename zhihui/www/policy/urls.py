from django.urls import path

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
    path("offers/<int:pk>/decline/", views.decline_offer, name="decline_offer"),
]
