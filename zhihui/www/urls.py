"""All HTML pages. Each feature has its own folder zhihui/www/<feature>/ with urls.py; the
ones present are included under their prefix."""

from django.urls import include, path

from zhihui.optional import import_optional

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("jobs/<int:job_id>/", views.job_progress, name="job_progress"),
]

# (URL prefix, module, namespace)
FEATURES = [
    ("", "zhihui.www.core.urls", "core"),
    ("registry/", "zhihui.www.registry.urls", "registry"),
    ("policy/", "zhihui.www.policy.urls", "policy"),
    ("window/", "zhihui.www.window.urls", "window"),
    ("talent/", "zhihui.www.talent.urls", "talent"),
    ("plan/", "zhihui.www.plan.urls", "plan"),
    ("employment/", "zhihui.www.employment.urls", "employment"),
    ("regulation/", "zhihui.www.regulation.urls", "regulation"),
]

for prefix, module_name, namespace in FEATURES:
    if import_optional(module_name) is None:
        continue
    urlpatterns.append(path(prefix, include((module_name, namespace), namespace=namespace)))
