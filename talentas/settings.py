"""Talentas settings: read from environment variables only.

A `.env` file in the repository root (made by `make`, never committed) supplies
development defaults; real environment variables always win over it. With no
environment at all the settings are production-safe: DEBUG off, a SECRET_KEY
required, secure cookies and HSTS on.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# `make run` and `make screenshots` serve the demo: its footer says the firms, people and events are made up.
DEMO_MODE = env.bool("DEMO_MODE", default=False)
# The name the site signs with: e-mails (allauth's too, through the sites framework), report PDFs.
SITE_NAME = env.str("SITE_NAME", default="Talentas")

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
# The talent match index file the queue worker writes and every web worker memory-maps (talent/match_index.py).
MATCH_INDEX_DIR = Path(env.str("MATCH_INDEX_DIR", default=str(VAR_DIR / "match-index")))


def _city_in_plan_file(path: Path) -> str:
    """The `city` a plan file names (its English text when it gives one per language), or "" without a file."""
    import yaml

    try:
        city = yaml.safe_load(path.read_text(encoding="utf-8"))["city"]
    except (OSError, KeyError, TypeError):
        return ""
    return str(city.get("en") or next(iter(city.values()), "")) if isinstance(city, dict) else str(city)


# The city is data: its name comes from the plan file the deployment loads (CITY_PLAN_FILE), unless CITY_NAME says
# otherwise; new opportunities default to CITY_DEFAULT_LOCATION; DATA_CONTROLLER is named in the consent texts.
CITY_PLAN_FILE = Path(env.str("CITY_PLAN_FILE", default=str(BASE_DIR / "plans" / "alytus-iap.yaml")))
CITY_NAME = env.str("CITY_NAME", default="") or _city_in_plan_file(CITY_PLAN_FILE)
CITY_DEFAULT_LOCATION = env.str("CITY_DEFAULT_LOCATION", default=CITY_NAME)
CITY_COUNTRY = env.str("CITY_COUNTRY", default="LT")  # ISO 3166-1 alpha-2, for job postings' places
DATA_CONTROLLER = env.str("DATA_CONTROLLER", default=CITY_NAME)
# A new version asks everyone for consent again; change it with the text (DATA_CONTROLLER or a new translation).
TALENT_CONSENT_VERSION = env.str("TALENT_CONSENT_VERSION", default="2025-1")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to translate its forms
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    # Before allauth, so that its templates in talentas/accounts/templates/account/ override allauth's.
    "talentas.accounts",
    "allauth",
    "allauth.account",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "huey.contrib.djhuey",
    "ninja",
    "talentas.core",
    "talentas.organisations",
    "talentas.plans",
    "talentas.monitoring",
    "talentas.governance",
    "talentas.events",
    "talentas.talent",
    "talentas.hiring",
    "talentas.forms",
    "talentas.calls",
    "talentas.review",
    "talentas.pitches",
    "talentas.cohorts",
    "talentas.notices",
    "talentas.audit",
    "talentas.api",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "talentas.core.middleware.RequestIdMiddleware",
    "talentas.core.queue.QueueWritesMiddleware",  # inside the request id, which its log lines carry
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "talentas.core.middleware.DomainErrorMiddleware",
    "talentas.core.middleware.DatabaseTroubleMiddleware",
]

ROOT_URLCONF = "talentas.urls"
WSGI_APPLICATION = "talentas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "talentas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "talentas.core.city.city_context",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'talentas.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the task queue writes; the timeout rides out short write locks.
    # IMMEDIATE transactions take the write lock when they begin, so two writers (a web request and a
    # queue worker) wait for each other instead of failing with "database is locked" on lock upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests on a file, not in memory: threads with their own connections (the concurrency tests) then wait for
    # the write lock like real requests instead of failing with "table is locked" in shared-cache memory.
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", str(VAR_DIR / "test.sqlite3"))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A bounded pool per process: workers x threads never open more than DB_POOL_MAX_SIZE connections each, and
    # a request that finds the pool empty for DB_POOL_TIMEOUT seconds gets a 503 with Retry-After, not a 500
    # (see README, "Database connections"). Django requires CONN_MAX_AGE 0 with its pool.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DB_POOL_MAX_SIZE", default=10),
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
# Seconds a client is asked to wait when the database has no free connection.
DATABASE_BUSY_RETRY_AFTER = env.int("DATABASE_BUSY_RETRY_AFTER", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Degrades to no cache while Redis is unreachable, so pages still answer (talentas/core/cache.py).
    CACHES = {"default": {"BACKEND": "talentas.core.cache.RedisCacheThatDegrades", "LOCATION": REDIS_URL}}
else:
    # In the database, not per process: login throttling and other counters hold across every worker.
    # The table is made by core's migration. CACHE_URL may name another cache (the tests use locmemcache://).
    CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://talentas_cache")}

# Task queue: SQLite-backed next to the database by default (no extra service),
# Redis when REDIS_URL is set. TASKS_IMMEDIATE runs tasks inline (tests).
HUEY = {
    "name": "talentas",
    "immediate": env.bool("TASKS_IMMEDIATE", default=False),
    "results": False,
    "consumer": {"workers": env.int("TASK_WORKERS", default=2), "worker_type": "thread"},
}
if REDIS_URL:
    # A task that cannot reach Redis waits in the database; a request's tasks leave in one round trip.
    HUEY.update({"huey_class": "talentas.core.queue.TalentasHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "tasks.sqlite3")})

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "home"  # the home page opens with the person's own next steps
LOGIN_URL = "account_login"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "talentas.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "talentas.accounts.forms.LoginForm",
    "signup": "talentas.accounts.forms.SignupForm",
    "reset_password": "talentas.accounts.forms.ResetPasswordForm",
}
# Login throttling: allauth counts failed logins per account and per IP.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Every e-mail goes through the task queue; the real transport is EMAIL_CONFIG's backend. In development without
# EMAIL_URL, messages go to .eml files in var/outbox/ (and the /dev/outbox/ page), not to the console.
EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or str(VAR_DIR / "outbox")
if DEBUG and "EMAIL_URL" not in env.ENVIRON:
    EMAIL_DELIVERY_BACKEND = "talentas.core.email.OutboxFileBackend"
EMAIL_BACKEND = "talentas.core.email.QueuedEmailBackend"
# A delivery still unfinished after this many seconds was cut short (a worker died): the message is queued again.
EMAIL_CLAIM_SECONDS = env.int("EMAIL_CLAIM_SECONDS", default=600)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Talentas <no-reply@talentas.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = env.str("DEFAULT_LANGUAGE", default="lt")
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "talentas" / "locale"]
FORMAT_MODULE_PATH = ["talentas.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Vilnius")
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "lt"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("lt", "en")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "talentas" / "static"]
# Every uploaded or generated file (CVs, evidence, reports) is private: stored under random names outside any URL
# and served only by views that check the right to it. There is no MEDIA_URL on purpose. The folder keeps its old
# name so that existing installs find their files.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Development serves files straight from the app folders; production from collectstatic's output.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "talentas.core.storage.PrivateFileStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or not env.bool("STATIC_MANIFEST", default=True)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Production safety: all on unless DEBUG.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own scripts, styles and images; no inline script and no eval (htmx runs with allowEval off).
# Views that may be framed (the embeddable dashboard) replace frame-ancestors with csp_replace.
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
SESSION_COOKIE_HTTPONLY = True

LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "talentas.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        },
        "console": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stderr"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a report PDF at INFO; its warnings (an unknown CSS property) stay.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
API_TOKEN_PREFIX = "tal_"  # noqa: S105 (a public prefix, not a secret)
