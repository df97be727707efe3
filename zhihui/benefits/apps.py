from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "zhihui.benefits"
    label = "benefits"
    verbose_name = "政策待遇"
