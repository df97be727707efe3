from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "zhihui.regulation"
    label = "regulation"
    verbose_name = "市场监管与劳动权益"
