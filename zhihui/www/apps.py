from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WwwConfig(AppConfig):
    name = "zhihui.www"
    label = "www"
    verbose_name = "网页"

    def ready(self):
        from django.contrib import admin

        # The Django admin's header said "Django 管理" on Chinese pages (issue 15, found 2).
        admin.site.site_header = _("智汇 管理后台")
        admin.site.site_title = _("智汇 管理后台")
        admin.site.index_title = _("数据与目录维护")
