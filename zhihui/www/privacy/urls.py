from django.urls import path

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
