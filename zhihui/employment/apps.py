from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "zhihui.employment"
    label = "employment"
    verbose_name = "就业服务"
