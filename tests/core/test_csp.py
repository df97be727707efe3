"""Issue 13, found item 3: no third-party script in the app's origin, a Content-Security-Policy
without 'unsafe-inline', and no inline script, handler or style attribute in the templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhihui.core.roles import Role

TEMPLATES = Path(__file__).resolve().parents[2] / "zhihui" / "www" / "templates"
# Rendered to PDF by WeasyPrint on the server, never served to a browser.
PDF_TEMPLATES = {"plan/report.html", "talent/card_pdf.html", "rights/_pdf_base.html", "rights/pdf_acceptance.html",
                 "rights/pdf_award.html"}


def _browser_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        rel = path.relative_to(TEMPLATES).as_posix()
        if rel not in PDF_TEMPLATES:
            yield rel, path.read_text(encoding="utf-8")


def test_no_template_has_inline_script_handlers_or_style_attributes():
    problems = []
    for rel, text in _browser_templates():
        for m in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in m.group(1):
                problems.append(f"{rel}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            problems.append(f"{rel}: on…= handler")
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{rel}: style=\"…\" attribute")
        for m in re.finditer(r"<style\b([^>]*)>", text):
            if "csp_nonce" not in m.group(1):
                problems.append(f"{rel}: <style> without the CSP nonce")
        if re.search(r"""(src|href)=["']https?://""", text):
            problems.append(f"{rel}: a script or stylesheet from another origin")
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/login/", "/api/v1/docs", "/privacy/"])
def test_every_page_carries_a_strict_policy(client, url):
    r = client.get(url)
    policy = r["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


@pytest.mark.django_db
def test_a_style_block_carries_the_nonce_of_its_response(make_user, client_for):
    from zhihui.plan.loader import load_indicators

    load_indicators(verbose=False)
    r = client_for(make_user(Role.LEADER, "csp_leader")).get("/plan/")
    assert r.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", r["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in r.content.decode()


@pytest.mark.django_db
def test_the_api_docs_are_served_from_this_origin(client):
    from django.contrib.staticfiles import finders

    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "cdn" not in page.lower()
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui-init.js")
