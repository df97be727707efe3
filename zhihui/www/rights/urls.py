from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case_new"),
    path("kpis/", views.kpi_page, name="kpis"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<str:code>/", views.project_detail, name="project"),
    path("projects/<str:code>/payroll/", views.payroll_import, name="payroll_import"),
    path("<str:number>/", views.case_detail, name="case"),
    path("<str:number>/do/<str:transition>/", views.take, name="take"),
    path("<str:number>/arrears/", views.arrears_lines, name="arrears"),
]
