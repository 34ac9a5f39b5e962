"""Settings for pesknow, read from the environment; the README's table lists every variable.

With DEBUG off (the default) the settings fail closed: start-up stops unless SECRET_KEY is
set to a strong key, and cookies, HSTS and the HTTPS redirect are those of a public site.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_flag("DEBUG", False)

# The development key is public, so it is accepted only with DEBUG on; the same rule as
# Django's security check W009 decides what a strong key is.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key"
SECRET_KEY = os.environ.get("SECRET_KEY", "")


def secret_key_weakness(key: str) -> str:
    if not key:
        return "is not set"
    if key.startswith("django-insecure"):
        return "is a known, public development key"
    if len(key) < 50 or len(set(key)) < 5:
        return "is too weak (it needs at least 50 characters and 5 different ones)"
    return ""


if DEBUG:
    SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
elif weakness := secret_key_weakness(SECRET_KEY):
    raise ImproperlyConfigured(
        f"SECRET_KEY {weakness}. With DEBUG off pesknow will not start without a strong secret key: set "
        "SECRET_KEY, for example to the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`, or set DEBUG=1 for development."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # the old address of a merged partner, theme or country answers with a 301 to the new one
    "django.contrib.sites",
    "django.contrib.redirects",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "actions",
]

MIDDLEWARE = [
    "log_request_id.middleware.RequestIDMiddleware",
    "pesknow.middleware.HealthCheckMiddleware",
    "pesknow.routers.PrimaryForEditorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "pesknow.middleware.PublicCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # who made a change, for the history of every record
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # inside the header middlewares, so its 400 and 414 pages carry the same headers
    "pesknow.middleware.RequestBoundsMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # last, as django-axes asks, so it sees the outcome of every login
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pesknow.urls"
WSGI_APPLICATION = "pesknow.wsgi.application"

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
            ],
        },
    },
]

CONNECTIONS = {"conn_max_age": env_int("CONN_MAX_AGE", 60), "conn_health_checks": True}
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", **CONNECTIONS)}
# No statement of a request may run longer than this; 0 lifts the bound (migrations, bulk loads).
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 10_000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiles cost more than they save on these short statements; random_page_cost
    # near 1 (data in memory or on SSD) lets the planner use the GIN index for rare words.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS} -c jit=off -c random_page_cost=1.1"
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Readers go on while a load writes; writers queue instead of failing at once.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# Read replicas: public reads are spread over them, writes and editors' requests go to the
# primary (pesknow.routers). In tests each mirrors the primary.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS")):
    alias = f"replica_{number}"
    DATABASES[alias] = dj_database_url.parse(url, **CONNECTIONS)
    DATABASES[alias]["OPTIONS"] = DATABASES["default"].get("OPTIONS", {})
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["pesknow.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Admin login lockout: after AXES_FAILURE_LIMIT wrong passwords for one user from one
# address, that pair waits AXES_COOLOFF_TIME; a right password does not shorten the wait.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "pesknow.middleware.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("pt", _("Portuguese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# A page whose file is missing from the manifest (collectstatic not run) still renders.
WHITENOISE_MANIFEST_STRICT = False

# Security. Behind a TLS-terminating proxy (the production set-up: gunicorn on loopback)
# X-Forwarded-Proto tells Django the request came over HTTPS, and the last address of
# X-Forwarded-For (the one the proxy added) is the client's.
TRUST_PROXY_HEADERS = env_flag("TRUST_PROXY_HEADERS", True)
if TRUST_PROXY_HEADERS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
}

# Bounds on what one request may ask for (see pesknow.middleware and actions.views).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
MAX_QUERY_STRING_LENGTH = 4000
MAX_VALUES_PER_PARAMETER = 50
MAX_BROWSE_PAGE = 500
# A search matching a large share of the corpus is ranked among its newest
# RANKED_MATCHES_AT_MOST matches only, and shows the pages they fill: ranking reads each
# match's whole search document (see actions.views.counted_actions).
RANKED_MATCHES_AT_MOST = env_int("RANKED_MATCHES_AT_MOST", 2_000)
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 10_000)
# Anonymous pages may be kept this long by browsers and shared caches.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 60)
# Facet counts per filter state; any write drops them at once in a shared cache (Redis),
# within this time in the per-process default.
FACET_CACHE_SECONDS = env_int("FACET_CACHE_SECONDS", 60)
# Above this many matches (in a corpus above it too) facet counts come from a sample of
# at most FACET_SAMPLE_SIZE actions (one in a power of two from 2 to 1,024: more than half
# of it in a corpus between twice and 1,024 times its size) and are shown as "about N".
FACET_EXACT_LIMIT = env_int("FACET_EXACT_LIMIT", 5_000)
FACET_SAMPLE_SIZE = env_int("FACET_SAMPLE_SIZE", 10_000)
# The browse page shows each facet's most frequent values (and the selected ones); a
# facet's own page lists up to FACET_VALUES_LISTED, so each request stays bounded.
FACET_VALUES_SHOWN = 30
FACET_VALUES_LISTED = 1_000
# The flows view lists this many (expert origin, beneficiary) pairs and draws the first ones.
FLOW_PAIRS_LISTED = 100
FLOW_PAIRS_DRAWN = 30
# Entries in an Atom feed of the browse page.
FEED_ITEMS = 50


def cache_from_url(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url in ("", "locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    raise ImproperlyConfigured(f"CACHE_URL must be locmem:// or a redis:// address, not {url!r}.")


CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "").strip())}
# The whole corpus's counts and figures (the front page's, which every visitor who has not
# filtered yet asks for) are kept until a write changes the data version, where every
# process sees that change (a shared cache) and reads the data it was written to (no
# replica, which may not have it yet when the new version is first counted); otherwise as
# long as any filter state's.
WHOLE_CORPUS_CACHE_SECONDS = env_int(
    "WHOLE_CORPUS_CACHE_SECONDS",
    FACET_CACHE_SECONDS if CACHES["default"]["BACKEND"].endswith("LocMemCache") or DATABASE_REPLICAS else 24 * 3600,
)

SEEDS_DIR = BASE_DIR / "seeds"
SEED_FILE_MAX_BYTES = 20 * 1024 * 1024
ACTIONS_PER_PAGE = 20

# One JSON object per line, each with the request id that the X-Request-ID header returns.
LOG_REQUEST_ID_HEADER = None
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own handlers would print a second, multi-line copy of every error.
        "django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING"), "propagate": False},
    },
}
