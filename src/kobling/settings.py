"""Kobling's settings, read from environment variables by strict helpers.

A bad value stops start-up with ImproperlyConfigured naming the variable, so a typo in a
deployment never turns into a silently different configuration.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false/1/0), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.")
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_oidc_provider(prefix: str) -> dict | None:
    """An OpenID Connect provider from PREFIX_ISSUER, PREFIX_CLIENT_ID and PREFIX_CLIENT_SECRET: None
    when none is set, and an error naming the variable when only some are or the issuer is no URL."""
    names = [f"{prefix}_{key}" for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET")]
    values = [(os.environ.get(name) or "").strip() for name in names]
    if not any(values):
        return None
    for name, value in zip(names, values, strict=True):
        if not value:
            raise ImproperlyConfigured(f"{name} must be set when any of {', '.join(names)} is.")
    if not values[0].startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"{names[0]} must be an https:// URL, not {values[0]!r}.")
    return {"issuer": values[0], "client_id": values[1], "client_secret": values[2]}


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name) or default
    if not raw.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:///path or postgres://user@host:port/db URL, not {raw!r}."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0))
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}")
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        config["CONN_MAX_AGE"] = 0
    return config


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
# Earlier keys, while changing SECRET_KEY: they still open sessions, signed links and sealed secrets
# (core.sealed), which are sealed again under the new key as they are saved.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "kobling.core",
    "kobling.accounts",
    "kobling.people",
    "kobling.programmes",
    "kobling.notifications",
    "kobling.webhooks",
    "kobling.mentoring",
    "kobling.network",
    "kobling.mentorspace",
    "kobling.events",
    "kobling.recruitment",
    "kobling.reports",
    "kobling.privacy",
    "kobling.api",
    "kobling.demo",
    "kobling.exchange",
    "kobling.insights",
]

MIDDLEWARE = [
    "kobling.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kobling.core.middleware.SessionTimeoutMiddleware",
    "kobling.core.middleware.MfaMiddleware",
    "kobling.core.middleware.NoStoreMiddleware",
    "kobling.core.middleware.UserLanguageMiddleware",
    "axes.middleware.AxesMiddleware",
    "kobling.api.middleware.ProblemMiddleware",
]

ROOT_URLCONF = "kobling.urls"
WSGI_APPLICATION = "kobling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kobling.portal.menu.navigation",
            ],
        },
    }
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'kobling.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)

# The client's address: REMOTE_ADDR, or behind N reverse proxies that each append to X-Forwarded-For,
# the Nth address from the right of that header (core.throttle.client_ip). Never the left-most value,
# which the client writes itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# Repeated failed logins (django-axes, counted in the database): LOGIN_FAILURE_LIMIT failures for one
# account and address, or for one account from any number of addresses, pause logging in to that
# account for LOGIN_COOLOFF_MINUTES.
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_CLIENT_IP_CALLABLE = "kobling.core.throttle.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor login (core/mfa.py, django-otp): required for the roles in core.roles.MFA_REQUIRED_ROLES
# whenever MFA_ENFORCED is on, which is always unless DEBUG is on (so `make run`'s demo logins work
# with the password alone). MFA_FAILURE_LIMIT wrong codes pause the code step for LOGIN_COOLOFF_MINUTES.
MFA_ENFORCED = env_bool("MFA_ENFORCED", not DEBUG)
MFA_FAILURE_LIMIT = env_int("MFA_FAILURE_LIMIT", 5, minimum=1)
OTP_TOTP_ISSUER = "Kobling"

# Single sign-on (accounts/sso/). Each organisation's staff identity provider is set on the web;
# ID-porten for participants is platform-wide and off until all three variables are set. An ID token
# counts as a second factor when its `amr` names one or its `acr` is one of OIDC_MFA_ACR_VALUES.
OIDC_IDPORTEN = env_oidc_provider("OIDC_IDPORTEN")
OIDC_MFA_ACR_VALUES = env_list(
    "OIDC_MFA_ACR_VALUES",
    ["idporten-loa-high", "Level4", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"],
)
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10, minimum=1)

# Password reset: at most this many requests an hour from one address and for one e-mail address;
# past either the answer stays the same and no e-mail is sent.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 5, minimum=1)
PASSWORD_RESET_LIMIT_PER_ACCOUNT = env_int("PASSWORD_RESET_LIMIT_PER_ACCOUNT", 3, minimum=1)

# Rate limits and the two-factor failure count live in a cache every web process shares: Redis when
# REDIS_URL is set, otherwise the database (its table is made by core migration 0005).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
    if env_str("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kobling_cache"}
}

# Public application form: at most this many submissions per address per hour.
APPLICATION_RATE_LIMIT = env_int("APPLICATION_RATE_LIMIT", 10, minimum=1)

# The token API (/api/v1, kobling.api): at most this many requests a minute per token (then 429 with
# Retry-After); a new token lasts API_TOKEN_DAYS unless its maker chooses, and never over the maximum.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120, minimum=1)
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90, minimum=1)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365, minimum=1)

# Retention periods (kobling.privacy.processing, which the daily retention task and the records of
# processing page both read; docs/operations.md lists them). Participants are anonymised this many
# years after their last enrolment ended; sent e-mails lose their text after this many days; login
# attempts (django-axes) are deleted after this many days.
PRIVACY_RETENTION = {
    "participant_years": env_int("RETENTION_PARTICIPANT_YEARS", 5, minimum=1),
    "outbox_body_days": env_int("RETENTION_OUTBOX_BODY_DAYS", 90, minimum=1),
    "webhook_delivery_days": env_int("RETENTION_WEBHOOK_DELIVERY_DAYS", 90, minimum=1),
    "login_throttle_days": env_int("RETENTION_LOGIN_ATTEMPT_DAYS", 30, minimum=1),
}

LANGUAGE_CODE = "nb"
# dd.mm.yyyy and the 24-hour clock in every language (kobling/formats).
FORMAT_MODULE_PATH = ["kobling.formats"]
LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
# Files coordinators upload as mentor resources: never served as static files, only through a view
# that checks access.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(PROJECT_DIR / "media-private")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The console backend prints mail into the log; that is for development only. With DEBUG off the
# default is SMTP, and printing to the console needs EMAIL_BACKEND set to it on purpose (start-up
# refuses any other way to it: kobling.notifications.checks).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kobling <noreply@kobling.invalid>")
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5, minimum=1)
# Webhooks (kobling.webhooks): attempts before a delivery is failed, the seconds one attempt may take in
# all, and whether plain http to this machine (loopback) may be subscribed: off but for tests and trials.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOKS_ALLOW_LOOPBACK = env_bool("WEBHOOKS_ALLOW_LOOPBACK", False)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Sessions end after a time idle (shorter for those who can read sensitive data) and, whatever the
# activity, at most SESSION_ABSOLUTE_HOURS after logging in (core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES_SENSITIVE = env_int("SESSION_IDLE_MINUTES_SENSITIVE", 30, minimum=1)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
if SESSION_ABSOLUTE_HOURS > 12:
    raise ImproperlyConfigured("SESSION_ABSOLUTE_HOURS must be 12 or less.")
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# Transport. With DEBUG off every request is redirected to HTTPS and HSTS tells browsers to stay
# there. Behind a proxy that ends TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https so
# Django knows the original request was secure (only when the proxy always sets that header).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER", [])
if _proxy_header and len(_proxy_header) != 2:
    raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must be two values: HEADER,value.")
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if _proxy_header else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): only our own scripts, styles and images run; no inline script
# or style anywhere (tests/core/test_csp.py scans every template). htmx is told not to eval or add its
# own <style> (the htmx-config meta tag in base.html); /api/docs loads a vendored Swagger UI.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
