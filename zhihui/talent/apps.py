from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "zhihui.talent"
    label = "talent"
    verbose_name = "王屋英才卡"
