from django.contrib import admin
from django.urls import include, path

from zhihui.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("zhihui.www.urls")),
]

handler404 = "zhihui.www.errors.not_found"
handler500 = "zhihui.www.errors.server_error"
handler403 = "zhihui.www.errors.forbidden"
