from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    name = "zhihui.occupations"
    label = "occupations"
    verbose_name = "职业编码"
