from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhihui.core import audit
from zhihui.core.models import BackgroundJob


class LockoutAwareAuthenticationForm(AuthenticationForm):
    def clean(self):
        try:
            return super().clean()
        except Exception:
            until = getattr(self.request, "zhihui_locked_until", None)
            if until:
                from django.core.exceptions import ValidationError
                from django.utils import timezone

                local = timezone.localtime(until)
                raise ValidationError(
                    _("账户因多次登录失败已被锁定，请于 %(t)s 后再试或联系管理员。") % {"t": f"{local:%Y-%m-%d %H:%M}"},
                    code="locked",
                )
            raise


class LoginView(auth_views.LoginView):
    template_name = "www/login.html"
    authentication_form = LockoutAwareAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(self.request.user, audit.Action.LOGIN, self.request.user, summary="login")
        return response


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("home")


def home(request):
    return render(request, "www/home.html")


def job_progress(request, job_id: int):
    """Progress bar of a background job (polled by htmx until it is done)."""
    job = get_object_or_404(BackgroundJob, pk=job_id)
    if not request.user.is_authenticated or (job.created_by_id != request.user.pk and not request.user.is_bureau_staff):
        raise PermissionDenied
    return render(request, "www/_job_progress.html", {"job": job})
