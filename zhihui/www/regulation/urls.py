from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("new/", views.plan_new, name="plan_new"),
    path("mine/", views.my_inspections, name="mine"),
    path("verify_draw.py", views.verifier, name="verifier"),
    path("<str:number>/", views.plan_detail, name="plan"),
    path("<str:number>/entity-pool.jsonl", views.pool_file, {"which": "entity"}, name="entity_pool"),
    path("<str:number>/inspector-pool.jsonl", views.pool_file, {"which": "inspector"}, name="inspector_pool"),
    path("<str:number>/result.json", views.result_file, name="result"),
    path("<str:number>/do/<str:transition>/", views.take, name="take"),
    path("<str:number>/records/<int:rank>/", views.record_edit, name="record"),
]
