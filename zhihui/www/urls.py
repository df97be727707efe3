"""All HTML pages. Each domain's pages are a folder zhihui/www/<pages>/ with urls.py, included
under the prefix its line in zhihui/domains.py gives."""

import importlib

from django.urls import include, path

from zhihui.domains import DOMAINS

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("jobs/<int:job_id>/", views.job_progress, name="job_progress"),
]

# zhihui/domains.py: each domain's pages, under its prefix and namespace
for domain in DOMAINS:
    if domain.pages:
        importlib.import_module(domain.pages_module)  # a misspelt module fails here, loudly
        urlpatterns.append(path(domain.pages_prefix, include((domain.pages_module, domain.pages), namespace=domain.pages)))
