from django.urls import path

from . import views

urlpatterns = [
    path("", views.code_page, name="code"),
    path("correct/", views.correct, name="correct"),
]
