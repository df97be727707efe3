from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core import audit
from zhihui.core.models import BackgroundJob


class LockoutAwareAuthenticationForm(AuthenticationForm):
    """One answer for an unknown user, a wrong password and a locked account (the lock message
    used to tell which usernames exist); too many failures for a username, whether or not it
    exists, answer 429 through django-axes (`login_throttled`)."""


def login_throttled(request, credentials=None, *args, **kwargs):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): 429, the same for every username."""
    from django.conf import settings

    minutes = settings.LOGIN_LOCKOUT_MINUTES
    message = _("登录失败次数过多，请 %(m)d 分钟后再试，或联系安全管理员。") % {"m": minutes}
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": message}, status=429)
    return render(request, "www/login.html", {"form": LockoutAwareAuthenticationForm(request), "throttled": message}, status=429)


class LoginView(auth_views.LoginView):
    template_name = "www/login.html"
    authentication_form = LockoutAwareAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, audit.Action.LOGIN, self.request.user, summary="登录")
        return response


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("home")


def home(request):
    """Anonymous visitors are led to 我能享受哪些政策; a signed-in user sees their workbench."""
    from zhihui.www.workbench import todos

    ctx = {}
    if request.user.is_authenticated:
        ctx["todos"] = todos(request.user)
        ctx["today"] = timezone.localdate()
    return render(request, "www/home.html", ctx)


@login_required
def job_progress(request, job_id: int):
    """Progress bar of a background job (polled by htmx until it is done)."""
    job = get_object_or_404(BackgroundJob, pk=job_id)
    if not request.user.is_authenticated or (job.created_by_id != request.user.pk and not request.user.is_bureau_staff):
        raise PermissionDenied
    return render(request, "www/_job_progress.html", {"job": job})
