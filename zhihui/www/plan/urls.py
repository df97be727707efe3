from django.urls import path

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
