"""Pages of Skills Jiyuan."""

from __future__ import annotations

from django.shortcuts import render

from zhihui.skills import selectors


def providers(request):
    return render(request, "skills/providers.html", {"rows": selectors.provider_results()})
