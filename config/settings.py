"""Zhihui settings: one module, driven by environment variables.

Defaults give a newcomer a working system with no server: SQLite under var/, Celery tasks run
in-process. Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis) and the keys.
See docs/operations.md for every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

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

# Off unless asked for: `make run` sets ZHIHUI_DEBUG=1 for a developer's machine.
DEBUG = os.environ.get("ZHIHUI_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ZHIHUI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ZHIHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

from zhihui.domains import APPS as DOMAIN_APPS  # noqa: E402

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Security I (docs/security.md): second factor for staff, login throttling.
    "django_otp",
    # …under Chinese names in the admin (zhihui/core/thirdparty.py)
    "zhihui.core.thirdparty.TOTPConfig",
    "zhihui.core.thirdparty.StaticConfig",
    "zhihui.core.thirdparty.AxesConfig",
    "ninja",  # serves its own Swagger UI files from static/ (no CDN): /api/v1/docs
    *DOMAIN_APPS,  # zhihui/domains.py: the one list of domains
    "zhihui.www",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhihui.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhihui.www.errors.PlainNotFoundMiddleware",  # DEBUG's English 404 page → the Chinese one
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhihui.core.middleware.CurrentRequestMiddleware",
    "zhihui.core.middleware.RejectNulMiddleware",  # NUL in any field → 400/422, never a 500
    # Security I: staff second factor, forced password change; rate limits (429); login lockout.
    "zhihui.core.security.StaffSecurityMiddleware",
    "zhihui.core.ratelimits.RateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
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
# django-axes first: it refuses an account (known or not: same answer) after too many failures.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "zhihui.core.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Level-3 password rules (docs/security.md), checked by every path that sets a password
# (zhihui.core.actions.set_password / create_user, the change-password page, the CLI).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "zhihui.core.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name", "first_name", "last_name", "email")}},
    {"NAME": "zhihui.core.passwords.PersonalDataValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "zhihui.core.passwords.HistoryValidator"},
]
# Staff passwords expire after this many days (0: never); the last N are not reused.
ZHIHUI_STAFF_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ZHIHUI_STAFF_PASSWORD_MAX_AGE_DAYS", "90"))
ZHIHUI_PASSWORD_HISTORY = int(os.environ.get("ZHIHUI_PASSWORD_HISTORY", "5"))
# Demo accounts (`zhihui setup`) exist and may log in only on a development install.
ZHIHUI_DEMO_ACCOUNTS = os.environ.get("ZHIHUI_DEMO_ACCOUNTS", "1" if DEBUG else "0") == "1"
OTP_TOTP_ISSUER = "智汇 Zhihui"
# Staff accounts lock after this many consecutive failed logins, for this many minutes.
LOGIN_FAILURE_LIMIT = int(os.environ.get("ZHIHUI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("ZHIHUI_LOGIN_LOCKOUT_MINUTES", "30"))
# django-axes: the same limits for every account (citizens and employers too, and names that do
# not exist, so the answer never tells whether an account exists); 429 with one message.
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = __import__("datetime").timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "zhihui.www.views.login_throttled"
AXES_VERBOSE = False

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

# Uploads (zhihui/core/files.py): caps per file, per request, per application and per person.
ZHIHUI_UPLOAD_MAX_BYTES = int(os.environ.get("ZHIHUI_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
ZHIHUI_UPLOAD_MAX_FILES_PER_REQUEST = int(os.environ.get("ZHIHUI_UPLOAD_MAX_FILES_PER_REQUEST", "5"))
ZHIHUI_UPLOAD_MAX_FILES_PER_APPLICATION = int(os.environ.get("ZHIHUI_UPLOAD_MAX_FILES_PER_APPLICATION", "15"))
ZHIHUI_UPLOAD_MAX_BYTES_PER_APPLICATION = int(os.environ.get("ZHIHUI_UPLOAD_MAX_BYTES_PER_APPLICATION", str(12 * 1024 * 1024)))
ZHIHUI_UPLOAD_MAX_BYTES_PER_PERSON = int(os.environ.get("ZHIHUI_UPLOAD_MAX_BYTES_PER_PERSON", str(60 * 1024 * 1024)))
ZHIHUI_UPLOAD_MAX_IMAGE_PIXELS = int(os.environ.get("ZHIHUI_UPLOAD_MAX_IMAGE_PIXELS", str(40_000_000)))
# ClamAV daemon for the scanning hook: "unix:/run/clamav/clamd.ctl" or "tcp:127.0.0.1:3310"; empty = not scanned.
ZHIHUI_CLAMD = os.environ.get("ZHIHUI_CLAMD", "")
ZHIHUI_CLAMD_TIMEOUT = float(os.environ.get("ZHIHUI_CLAMD_TIMEOUT", "30"))
# Spreadsheet imports: refused before parsing when the archive inflates past this.
ZHIHUI_XLSX_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("ZHIHUI_XLSX_MAX_UNCOMPRESSED_BYTES", str(20 * 1024 * 1024)))
# Django refuses (400) a request with more files than this before any view runs.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * ZHIHUI_UPLOAD_MAX_FILES_PER_REQUEST

# Content-Security-Policy (django-csp): scripts only from this origin's static files, never
# inline; <style> blocks carry the per-request nonce; no framing, no plug-ins, no other origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sessions end after 30 minutes without a request (idle timeout: the expiry moves with each
# request). Cookies: HttpOnly session, SameSite=Lax, Secure and `__Host-` prefixed in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("ZHIHUI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Logins per address are limited by zhihui.core.ratelimits ("login"); axes counts per account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Cache: rate-limit counters. Production sets ZHIHUI_CACHE_URL=redis://… (shared by every
# worker); a development install counts per process in memory.
if os.environ.get("ZHIHUI_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["ZHIHUI_CACHE_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# HTTPS: production sets ZHIHUI_HTTPS=1 (config/production.env.example; docs/operations.md
# "Deployment"). TLS is terminated by the bureau's reverse proxy, which sets X-Forwarded-Proto.
HTTPS = os.environ.get("ZHIHUI_HTTPS", "0") == "1"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHIHUI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("ZHIHUI_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("ZHIHUI_HSTS_PRELOAD", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx and the API clients read the token from the page or the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Deployment checks of our own (zhihui/core/checks.py, `make check-deploy`): the database over
# TLS as a role that is not a superuser, Redis with a password.
ZHIHUI_DB_SUPERUSERS = ["postgres"]

# Celery: without a broker configured, tasks run in-process (eager), so a newcomer needs no
# Redis. Production sets CELERY_BROKER_URL=redis://... and runs `make worker`.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
# Scheduled jobs (`make beat` runs the scheduler beside the workers).
CELERY_BEAT_SCHEDULE = {
    # retention periods (zhihui/privacy/data/retention.yaml): delete or anonymise what is due
    "privacy-purge": {"task": "privacy.purge", "schedule": 24 * 3600.0},
    # dishonesty-list entries past their period leave the list; collective contracts past their
    # review period with no objection take effect (zhihui/regulation/tasks.py)
    "regulation-expire-lists": {"task": "regulation.expire_lists", "schedule": 24 * 3600.0},
    "regulation-collective-lapse": {"task": "regulation.lapse_collective_contracts", "schedule": 24 * 3600.0},
}

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
    # Django's own loggers do not propagate to root through a filter: each is given the masking
    # handler itself (the access log of `runserver` printed full numbers from query strings).
    "loggers": {
        name: {"handlers": ["console"], "level": "INFO", "propagate": False}
        for name in ("django.server", "django.request", "django.security", "zhihui.security")
    }
    | {"axes": {"level": "WARNING"}},  # its INFO lines (every login) are noise; lockouts are WARNING
}
