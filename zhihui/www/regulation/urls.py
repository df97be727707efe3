from django.urls import path

from . import views

urlpatterns = [
    path("inspections/", views.plan_list, name="plans"),
    path("inspections/new/", views.plan_new, name="plan_new"),
    path("inspections/mine/", views.my_inspections, name="mine"),
    path("inspections/verify_draw.py", views.verifier, name="verifier"),
    path("inspections/<str:number>/", views.plan_detail, name="plan"),
    path("inspections/<str:number>/entity-pool.jsonl", views.pool_file, {"which": "entity"}, name="entity_pool"),
    path("inspections/<str:number>/inspector-pool.jsonl", views.pool_file, {"which": "inspector"}, name="inspector_pool"),
    path("inspections/<str:number>/result.json", views.result_file, name="result"),
    path("inspections/<str:number>/do/<str:transition>/", views.take, name="take"),
    path("inspections/<str:number>/records/<int:rank>/", views.record_edit, name="record"),
]
