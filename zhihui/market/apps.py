from django.apps import AppConfig


class MarketConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhihui.market"
    label = "market"
    verbose_name = "人力资源市场"
