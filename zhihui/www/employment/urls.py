from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.my_file, name="my_file"),
    path("persons/<int:pk>/", views.person_file, name="person_file"),
    path("events/<int:pk>/correct/", views.correct, name="correct"),
    path("import/", views.import_upload, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("households/", views.zero_households, name="zero_households"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("persons/<int:pk>/open-case/", views.open_case, name="open_case"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/report/", views.employer_report, name="employer_report"),
    path("monitoring/enterprises/<int:pk>/", views.enterprise_detail, name="enterprise"),
    path("monitoring/alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("monitoring/layoffs/", views.mass_layoffs, name="mass_layoffs"),
]
