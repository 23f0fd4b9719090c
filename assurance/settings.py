"""Settings for the Safeguarding Assurance Tracker.

Everything an operator may change is read from the environment with the strict
helpers below, so that a typo ("ture", "1 ") stops the start-up instead of
silently meaning something else. SQLite is the default so that the demo needs no
server; production and CI set ``DATABASE_URL``.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from whitenoise.compress import Compressor

from assurance import oidc_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}.")
    return value == "True"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    # Only a developer's machine runs with DEBUG on; never reuse this key.
    SECRET_KEY = SECRET_KEY or "insecure-development-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is off "
            "(or set DEBUG=True on a development machine)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set in the environment (comma-separated) when DEBUG is off."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "agencies",
    "recommendations",
    # django-ninja ships the Swagger UI files the API docs page serves (no CDN).
    "ninja",
    "api",
    "notifications",
]

MIDDLEWARE = [
    # First, so that nothing below (sessions, hosts, HTTPS redirect) can stand between
    # a load balancer and the database check.
    "assurance.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, except that the API leaves sessions alone.
    "assurance.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "assurance.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After it, so that it answers first: organisations' sign-in addresses in form-action.
    "assurance.middleware.SignInProvidersPolicyMiddleware",
    "assurance.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out username and address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in with an organisation's own account (OpenID Connect): see agencies/sso.py.
    "agencies.sso.OrganisationBackend",
]

ROOT_URLCONF = "assurance.urls"
# Widgets render with the project's templates too (the GOV.UK date input lives in
# templates/includes/); "django.forms" above supplies Django's own widget templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "assurance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "assurance.context_processors.navigation",
            ],
        },
    },
]

# An empty-but-set DATABASE_URL would give dj-database-url an empty config.
if not env_str("DATABASE_URL").strip():
    os.environ.pop("DATABASE_URL", None)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent half of each dashboard query compiling it
    # (measured: 443 ms of 906 ms at national scale); these queries are short.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so the
    # read-compare-write of an action's version cannot interleave (PostgreSQL gets
    # the same from SELECT ... FOR UPDATE); wait for the lock rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"

# Sign-in hardening: lock a username at an address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The lock lasts the cool-off from the last counted failure; trying again while locked
# does not restart it (so the page's "locked for 15 minutes" stays true).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
# django-ipware is not installed, so axes would read REMOTE_ADDR (the proxy's address)
# whatever the count: this honours AXES_PROXY_COUNT. The evidence audit uses it too.
AXES_CLIENT_IP_CALLABLE = "assurance.network.client_ip"

# Sessions end after inactivity (every request renews them) and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# History pages in the admin are for reading: "Revert" would write an old row back with no
# timeline entry (issue 11). recommendations.admin.HistoryReadOnlyMixin also refuses the POST.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Two-factor authentication (TOTP, with backup codes) for oversight and administrators.
OTP_TOTP_ISSUER = "GM Safeguarding Assurance Tracker"
# Demo accounts (made by load_demo) may skip it, but only on a development machine.
TWO_FACTOR_EXEMPT_DEMO_ACCOUNTS = DEBUG
TWO_FACTOR_REQUIRED = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in with the partner organisations' own accounts (OpenID Connect, mozilla-django-oidc):
# the providers are read and checked here, so a mistake stops the start-up
# (assurance/oidc_config.py says how to write them; docs/deployment.md how to register).
OIDC_PROVIDERS = oidc_config.from_environment()
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# The providers' addresses and keys are fetched at most this often.
OIDC_DISCOVERY_SECONDS = env_int("OIDC_DISCOVERY_SECONDS", 60 * 60)

# Argon2 first: memory-hard (100 MB a hash), and about half the CPU per sign-in of
# PBKDF2's 1.5 million iterations (measured on these machines: 0.2 s against 0.4 s). The
# others still verify older hashes, which are re-hashed with Argon2 at the next sign-in
# (``agencies.models.User.check_password`` keeps that person's API tokens working).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Shown in Europe/London, stored in UTC.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# static_build/ is produced by `npm run build` (GOV.UK Frontend compiled with Arial) and
# is not in git; static/ holds the project's own files.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "static_build"]
# whitenoise compresses what it serves, once, at collectstatic. Source maps (22 MB of
# them come with the API's documentation pages) are fetched only by a browser's
# developer tools, and every page names its static files through {% static %}, so by
# their hashed names only: collectstatic took 24 s compressing all of it, now 9 s.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Evidence files live outside every URL space: only a permission-checking view serves
# them. The file name on disk is generated; the original name is kept in the database.
EVIDENCE_ROOT = Path(env_str("EVIDENCE_ROOT", str(BASE_DIR / "evidence")))
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# The largest recommendations file an administrator may import (CSV or .xlsx).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# Uploads. The first handler stops keeping a file once it passes the larger of the two
# limits above, so an oversized file never reaches disk whole (assurance/uploads.py);
# the form then refuses it by its size. The web server in front should refuse bodies
# much larger still (nginx client_max_body_size) so they are not even read.
FILE_UPLOAD_HANDLERS = [
    "assurance.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A request whose files together are up to this size is kept in memory; larger ones go
# to a temporary file (Django's default, stated here so that it is a decision).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB
# Everything in a request other than files (the text of the forms, a JSON body) may be
# at most this size, or Django answers 400. The longest form field is 10,000 characters.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Any Django storage: the local folder by default, object storage in a multi-server
    # deployment (e.g. EVIDENCE_STORAGE_BACKEND=storages.backends.s3.S3Storage with
    # EVIDENCE_STORAGE_OPTIONS='{"bucket_name": "...", "default_acl": "private"}').
    "evidence": {
        "BACKEND": env_str("EVIDENCE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": (
            json.loads(env_str("EVIDENCE_STORAGE_OPTIONS"))
            if env_str("EVIDENCE_STORAGE_OPTIONS")
            else {"location": EVIDENCE_ROOT, "base_url": None}
        ),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Content Security Policy: no inline script or style; the two inline snippets the
# GOV.UK template needs carry the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

CSRF_FAILURE_VIEW = "assurance.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), payment=(), usb=()"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SITE_NAME = "Safeguarding Assurance Tracker"

# The database cache is shared by every app server and needs no other service;
# a migration creates its table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "figures_cache",
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Mail: printed to the console unless an SMTP server is configured (EMAIL_HOST).
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "safeguarding-assurance@example.org")
# Links in e-mails start with this address (the service's public URL).
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
# How many days late send_reminders still sends an overdue notice or an event's e-mail
# that was missed (cron did not run, the mail server was down).
NOTIFICATIONS_CATCH_UP_DAYS = env_int("NOTIFICATIONS_CATCH_UP_DAYS", 7)
PASSWORD_RESET_TIMEOUT = 60 * 60  # an hour

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # WeasyPrint warns about every screen-only CSS property in GOV.UK Frontend.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
