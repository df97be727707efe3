from django.apps import AppConfig


class WindowConfig(AppConfig):
    name = "zhihui.window"
    label = "window"
    verbose_name = "一窗办理"
