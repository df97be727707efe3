from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "zhihui.registry"
    label = "registry"
    verbose_name = "人员与单位登记"
