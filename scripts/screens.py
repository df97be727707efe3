"""Screenshots of each role's main page at 1366 px and 390 px, into docs/screens/ (issue 15).

    .venv/bin/python scripts/screens.py [--residents 3000] [--out docs/screens] [--keep]

One command: a throw-away database and var directory (nothing of yours is touched), `zhihui
setup` with a small demo city (demo accounts, offers, the window's demo cases), Django's
server on a free local port, then the Debian chromium through Playwright (as the browser
tests) signs in as each demo account — staff pass the second factor with a one-time recovery
code made here — and takes one screenshot of the top of each page per width. PNGs are reduced
to a 256-colour palette so the committed files stay small. `make screens` runs this.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}

# (file stem, demo account or None for a visitor, path): the main page of each role.
SHOTS = [
    ("home-visitor", None, "/"),
    ("policy-check-visitor", None, "/policy/check/"),
    ("workbench-citizen", "citizen", "/"),
    ("workbench-employer", "employer", "/"),
    ("talent-card-citizen", "citizen", "/talent/my-card/"),
    ("bank-account-citizen", "citizen", "/window/bank-account/"),
    ("desk-clerk", "clerk", "/window/desk/"),
    ("queue-reviewer", "reviewer", "/window/queue/"),
    ("payments-admin", "admin", "/window/payments/"),
    ("staff-admin", "admin", "/account/staff/"),
    ("workbench-finance", "finance", "/"),
    ("plan-leader", "leader", "/plan/"),
    ("audit-auditor", "auditor", "/audit/"),
    ("admins-sysadmin", "sysadmin", "/account/admins/"),
    ("security-secadmin", "secadmin", "/account/security/"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: int = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def _passwords() -> dict[str, str]:
    from zhihui.core.actions import DEMO_ACCOUNTS

    return {username: password for _role, username, password, _label in DEMO_ACCOUNTS}


def _recovery_code(username: str) -> str | None:
    """A fresh single-use recovery code for a staff demo account (None for citizens)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from zhihui.core.models import User
    from zhihui.core.roles import STAFF_ROLES

    user = User.objects.filter(username=username).first()
    if user is None or user.role not in STAFF_ROLES:
        return None
    device, _ = StaticDevice.objects.get_or_create(user=user, name="screens", defaults={"confirmed": True})
    code = StaticToken.random_token()
    device.token_set.create(token=code)
    return code


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    code = _recovery_code(username)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if code and "/account/otp/" in page.url:
        page.fill("input[name=otp_token]", code)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")


def _compress(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--residents", type=int, default=3000)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary database directory")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="zhihui-screens-"))
    env = {**os.environ, "ZHIHUI_VAR_DIR": str(tmp), "DATABASE_URL": f"sqlite:///{tmp / 'screens.sqlite3'}",
           "ZHIHUI_DEMO_ACCOUNTS": "1", "DJANGO_SETTINGS_MODULE": "config.settings", "ZHIHUI_SMS_BACKEND": "locmem"}
    env.pop("ZHIHUI_CARD_SIGNING_KEY", None)
    server = None
    try:
        subprocess.run([PY, "-m", "zhihui.cli", "setup", "--residents", str(args.residents)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        port = _free_port()
        server = subprocess.Popen([PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/login/")
        os.environ.update({k: env[k] for k in ("ZHIHUI_VAR_DIR", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from playwright.sync_api import sync_playwright

        chromium = os.environ.get("ZHIHUI_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
        passwords = _passwords()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
            for kind, (width, height) in WIDTHS.items():
                for stem, username, path in SHOTS:
                    ctx = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height},
                                              is_mobile=kind == "phone")
                    page = ctx.new_page()
                    page.set_default_timeout(30000)
                    if username:
                        _login(page, base, username, passwords[username])
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = out / f"{stem}-{width}.png"
                    page.screenshot(path=str(target))
                    _compress(target)
                    print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
                    ctx.close()
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
