from django.urls import path

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
