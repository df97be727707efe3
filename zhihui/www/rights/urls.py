from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case_new"),
    path("kpis/", views.kpi_page, name="kpis"),
    path("<str:number>/", views.case_detail, name="case"),
    path("<str:number>/do/<str:transition>/", views.take, name="take"),
]
