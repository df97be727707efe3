from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhihui.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
