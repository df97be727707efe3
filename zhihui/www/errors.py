from django.shortcuts import render
from django.utils.translation import gettext as _


def not_found(request, exception=None):
    return render(request, "www/error.html", {"code": 404, "message": _("页面不存在")}, status=404)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您无权访问此页面")
    return render(request, "www/error.html", {"code": 403, "message": message}, status=403)


def server_error(request):
    return render(request, "www/error.html", {"code": 500, "message": _("系统繁忙，请稍后再试")}, status=500)
