from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "zhihui.rights"
    label = "rights"
    verbose_name = "劳动权益保障"
