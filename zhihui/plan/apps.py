from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "zhihui.plan"
    label = "plan"
    verbose_name = "规划指标"
