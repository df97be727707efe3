from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zhihui.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from . import (
            audit,
            checks,  # noqa: F401  (registers the deployment checks)
        )

        def _logged_out(sender, request, user, **kwargs):
            if user is not None:
                audit.record(user, audit.Action.LOGOUT, user, summary="退出登录")

        # weak=False: the receiver is a local function, nothing else keeps it alive.
        user_logged_out.connect(_logged_out, dispatch_uid="zhihui-audit-logout", weak=False)
