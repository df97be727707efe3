from django.shortcuts import render
from django.utils.translation import gettext as _


def not_found(request, exception=None):
    return render(request, "www/error.html", {"code": 404, "message": _("页面不存在")}, status=404)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您无权访问此页面")
    return render(request, "www/error.html", {"code": 403, "message": message}, status=403)


def server_error(request):
    return render(request, "www/error.html", {"code": 500, "message": _("系统繁忙，请稍后再试")}, status=500)


class PlainNotFoundMiddleware:
    """With DEBUG on (`make run`, the demo), Django answers an unknown address with its
    technical 404 page in English; users of the demo get the platform's own Chinese page
    instead (the path is in the server log). Other responses pass untouched."""

    MARK = b"DEBUG = True"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and "text/html" in response.get("Content-Type", "")
            and not getattr(response, "streaming", False)
            and self.MARK in response.content
        ):
            return not_found(request)
        return response
