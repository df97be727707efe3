"""Zhihui settings: one module, driven by environment variables.

Defaults give a newcomer a working system with no server: SQLite under var/, Celery tasks run
in-process. Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis) and the keys.
See docs/operations.md for every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZHIHUI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
KEY_DIR = VAR_DIR / "keys"


def _secret_from_file(name: str, nbytes: int = 32) -> str:
    """Read a secret from var/keys/<name>, creating it on first use.

    Production passes secrets through the environment instead; the file keeps a developer's
    database readable across restarts (the identity numbers in it are encrypted with this key).
    """
    KEY_DIR.mkdir(parents=True, exist_ok=True)
    path = KEY_DIR / name
    if not path.exists():
        path.write_text(secrets.token_hex(nbytes))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("ZHIHUI_SECRET_KEY") or _secret_from_file("django_secret")
# 32-byte AES-GCM key for identity numbers at rest, and a separate HMAC key for look-ups.
FIELD_ENCRYPTION_KEY = os.environ.get("ZHIHUI_FIELD_KEY") or _secret_from_file("field_key")
LOOKUP_HASH_KEY = os.environ.get("ZHIHUI_LOOKUP_KEY") or _secret_from_file("lookup_key")

DEBUG = os.environ.get("ZHIHUI_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ZHIHUI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ZHIHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "zhihui.core",
    "zhihui.registry",
    "zhihui.benefits",
    "zhihui.window",
    "zhihui.talent",
    "zhihui.plan",
    "zhihui.employment",
    "zhihui.regulation",
    "zhihui.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhihui.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhihui.core.middleware.CurrentRequestMiddleware",
    "zhihui.core.middleware.RejectNulMiddleware",  # NUL in any field → 400/422, never a 500
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhihui.www.nav.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zhihui.sqlite3'}",
        conn_max_age=int(os.environ.get("ZHIHUI_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the dev server read while a batch job writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["timeout"] = 30

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["zhihui.core.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Staff accounts lock after this many consecutive failed logins, for this many minutes.
LOGIN_FAILURE_LIMIT = int(os.environ.get("ZHIHUI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("ZHIHUI_LOGIN_LOCKOUT_MINUTES", "30"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zhihui" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600

# Celery: without a broker configured, tasks run in-process (eager), so a newcomer needs no
# Redis. Production sets CELERY_BROKER_URL=redis://... and runs `make worker`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)

# Outbound message adapters (SMS, e-mail): console by default.
ZHIHUI_SMS_BACKEND = os.environ.get("ZHIHUI_SMS_BACKEND", "console")
EMAIL_BACKEND = os.environ.get("ZHIHUI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The policy package this city runs (a name under zhihui/policies/ or a path).
ZHIHUI_POLICY_PACKAGE = os.environ.get("ZHIHUI_POLICY_PACKAGE", "jiyuan")
ZHIHUI_CITY_NAME = os.environ.get("ZHIHUI_CITY_NAME", "济源")
ZHIHUI_CITY_DIVISION = os.environ.get("ZHIHUI_CITY_DIVISION", "419001")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_ids": {"()": "zhihui.core.logging.MaskIdentityNumbersFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_ids"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIHUI_LOG_LEVEL", "INFO")},
}
