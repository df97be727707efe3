from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "zhihui.www"
    label = "www"
    verbose_name = "网页"
