"""KotaLive settings: everything comes from environment variables (see `.env.example`).

Profiles: `dev` (default; SQLite, in-process cache and tasks) and `prod` (refuses to start without
the secrets it needs; HSTS, secure cookies, strict hosts).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kotalive.config.env import env_bool, env_int, env_list, env_str

# Lets admin.ModelAdmin[Model] and similar generics work at run time, as the type stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(env_str("KOTALIVE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PROFILE = env_str("KOTALIVE_PROFILE", "dev")
if PROFILE not in {"dev", "prod"}:
    raise ImproperlyConfigured(f"KOTALIVE_PROFILE must be 'dev' or 'prod', not {PROFILE!r}.")
PROD = PROFILE == "prod"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PROD:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. The prod profile refuses to start without it: set SECRET_KEY "
            "to a long random value (for example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "dev-only-insecure-key-kotalive-do-not-use-in-production-0123456789abcdef"

# Keys for personal data (NIK/KK): AES-GCM encryption and a keyed blind index. Separate from
# SECRET_KEY so that rotating sessions does not make stored NIKs unreadable.
PII_ENCRYPTION_KEY = env_str("PII_ENCRYPTION_KEY")
PII_INDEX_KEY = env_str("PII_INDEX_KEY")
if PROD and not (PII_ENCRYPTION_KEY and PII_INDEX_KEY):
    raise ImproperlyConfigured(
        "PII_ENCRYPTION_KEY and PII_INDEX_KEY must be set in the prod profile (32+ random bytes, "
        "base64 or any long string)."
    )

DEBUG = env_bool("DEBUG", default=not PROD)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PROD else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PROD and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in the prod profile.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Serves the API docs' Swagger UI from our own static files: the CDN and inline script that
    # Ninja falls back to without it are blocked by the CSP.
    "ninja",
    "kotalive.core",
    "kotalive.regions",
    "kotalive.accounts",
    "kotalive.backoffice",
    "kotalive.resident",
    "kotalive.civil_registry",
    "kotalive.catalog",
    "kotalive.notifications",
    "kotalive.complaints",
    "kotalive.documents",
    "kotalive.applications",
    "kotalive.civil_registration",
]

MIDDLEWARE = [
    "kotalive.core.middleware.RequestIdMiddleware",
    "kotalive.core.metrics.MetricsMiddleware",
    "kotalive.core.middleware.ApiProblemMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kotalive.core.middleware.PageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kotalive.backoffice.middleware.StaffSessionLimitMiddleware",
    "kotalive.accounts.middleware.ResidentSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kotalive.core.idempotency.IdempotencyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "kotalive.config.urls"
WSGI_APPLICATION = "kotalive.config.wsgi.application"
ASGI_APPLICATION = "kotalive.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "src" / "kotalive" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kotalive.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PROD else 0),
        conn_health_checks=True,
    )
}
# PostgreSQL through Django's own backend with a cheaper health check (core/postgresql/base.py).
PG_ENGINE = "kotalive.core.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = PG_ENGINE
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL and a busy timeout let the dev server and a background task write at the same time;
    # IMMEDIATE takes the write lock at BEGIN, so a transaction never fails upgrading a read. They
    # answer "database is locked" (SQLITE_BUSY). "database table is locked" is SQLITE_LOCKED, which
    # no timeout waits out: a shared-cache database (Django's in-memory test database) or one
    # connection's own pending statement, never two connections to this file.
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Read replicas: each URL becomes `replicaN`; the router sends reads there and writes to default.
# In tests a replica mirrors default (same test database), as a streaming replica would.
DATABASE_REPLICAS: list[str] = []
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASES[f"replica{_index}"] = {
        **dj_database_url.parse(
            _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES[f"replica{_index}"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[f"replica{_index}"]["ENGINE"] = PG_ENGINE
    DATABASE_REPLICAS.append(f"replica{_index}")
DATABASE_ROUTERS = ["kotalive.config.db_router.ReplicaRouter"] if DATABASE_REPLICAS else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kotalive.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kotalive"),
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Real-time events (kotalive.core.events, docs/realtime.md): Redis streams + pub/sub when Redis is
# configured, else an in-process fan-out that only reaches SSE clients of the same process (dev).
EVENT_BUS_BACKEND = env_str("EVENT_BUS_BACKEND", "redis" if REDIS_URL else "memory")
EVENT_BUS_REDIS_URL = env_str("EVENT_BUS_REDIS_URL", REDIS_URL)
EVENT_REPLAY_MAXLEN = env_int("EVENT_REPLAY_MAXLEN", 1000)
EVENT_REPLAY_SECONDS = env_int("EVENT_REPLAY_SECONDS", 3600)
SSE_HEARTBEAT_SECONDS = env_int("SSE_HEARTBEAT_SECONDS", 15)
SSE_RETRY_MS = env_int("SSE_RETRY_MS", 3000)
# A stream ends after this long so access is checked again (revoked memberships stop listening).
SSE_MAX_SECONDS = env_int("SSE_MAX_SECONDS", 3600)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["kotalive.accounts.backends.StaffBackend"]
LOGIN_URL = "accounts:signin"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "src" / "kotalive" / "locale"]
# English dates written day-month-year with a 24-hour clock (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["kotalive.config.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise looks here at start-up; before the first collectstatic (dev, tests) it is empty.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "src" / "kotalive" / "static", BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media: local files, or any S3-compatible store (MinIO, Ceph, AWS...) with MEDIA_STORAGE=s3.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}."
    )
MEDIA_STORAGE_BACKEND: dict[str, object] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Media can hold residents' documents: private objects, served by short signed URLs.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if MEDIA_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
if MEDIA_STORAGE == "s3" and not env_str("AWS_STORAGE_BUCKET_NAME"):
    raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
# Residents' application documents: never under MEDIA_URL (which DEBUG serves to anyone), only
# through a view that checks who asks. On S3 the same private bucket, under its own prefix.
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(VAR_DIR / "private")))
PRIVATE_STORAGE_BACKEND: dict[str, object] = (
    {
        **MEDIA_STORAGE_BACKEND,
        "OPTIONS": {**MEDIA_STORAGE_BACKEND["OPTIONS"], "location": "private"},  # type: ignore[dict-item]
    }
    if MEDIA_STORAGE == "s3"
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": "/-/private/"},
    }
)
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "private": PRIVATE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PROD
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Map tiles for LAKSA maps (an enhancement: the pages work without them). Their origin is
# allowed for images in the CSP below; a city may point this at its own tile server.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
_tiles = urlsplit(MAP_TILE_URL)
MAP_TILE_ORIGIN = f"{_tiles.scheme}://{_tiles.netloc}" if _tiles.netloc else ""

# Security headers. The CSP is strict: scripts only from our origin or with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
# Staff sessions end after a working day and after idling (ASVS 3.3; backoffice/session.py);
# residents keep SESSION_COOKIE_AGE.
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 10 * 60 * 60)
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60)
CSRF_COOKIE_HTTPONLY = False
if PROD:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_HOST = None
SILENCED_SYSTEM_CHECKS: list[str] = []

# Background work: Celery with a broker in prod; in dev the tasks run in-process (eager).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not PROD)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
# The beat schedule is built in config/celery.py from every app's `beat.py`.

# Ports to systems the city does not own (see docs/architecture.md).
SMS_BACKEND = env_str(
    "SMS_BACKEND",
    "kotalive.accounts.sms.HttpSmsGateway" if PROD else "kotalive.accounts.sms.FileSmsGateway",
)
SMS_FILE_PATH = Path(env_str("SMS_FILE_PATH", str(VAR_DIR / "sms.log")))
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN")

# Email (notifications): the console in dev, SMTP in prod; Django 6.1's MAILERS setting.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PROD
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tangerang LIVE <no-reply@localhost>")
# The city's name for the app, as residents know it: what an SMS or email signs with.
SITE_NAME = env_str("SITE_NAME") or "Tangerang LIVE"
# The site's own address, for absolute links in SMS and email. Unset, the local server's: on the
# port `make run` and `make prod` serve (PORT), so a link in an SMS opens the server that sent it.
SITE_URL = env_str("SITE_URL") or f"http://127.0.0.1:{env_int('PORT', 8000)}"
POPULATION_REGISTRY = env_str(
    "POPULATION_REGISTRY", "kotalive.civil_registry.registry.LocalPopulationRegistry"
)

# Rate limits: "count/seconds".
RATE_LIMITS = {
    "otp_request_phone": env_str("RATE_OTP_PHONE", "3/600"),
    # And per day: without it 3 per 10 minutes is 432 SMS a day to one number.
    "otp_request_phone_day": env_str("RATE_OTP_PHONE_DAY", "10/86400"),
    "otp_request_ip": env_str("RATE_OTP_IP", "20/3600"),
    "otp_verify_ip": env_str("RATE_OTP_VERIFY_IP", "30/600"),
    # Staff sign-in failures (backoffice/services.py, docs/backoffice.md): per address, per address
    # and account, per account (not on a device the account signed in on before), codes per account.
    "staff_login_ip": env_str("RATE_STAFF_LOGIN_IP", "10/900"),
    "staff_login_ip_account": env_str("RATE_STAFF_LOGIN_IP_ACCOUNT", "5/900"),
    "staff_login_account": env_str("RATE_STAFF_LOGIN_ACCOUNT", "100/3600"),
    "staff_totp": env_str("RATE_STAFF_TOTP", "10/900"),
    "nik_verify": env_str("RATE_NIK_VERIFY", "5/3600"),
    # LAKSA reports per resident account (staff entering calls are not limited).
    "complaint_submit": env_str("RATE_COMPLAINT_SUBMIT", "10/3600"),
    # Open311 POST requests per client key.
    "open311_post": env_str("RATE_OPEN311_POST", "60/60"),
}

# Open311 GeoReport v2 (docs/open311.md).
OPEN311_JURISDICTION = env_str("OPEN311_JURISDICTION", "tangerangkota.go.id")
OPEN311_CONTACT = env_str("OPEN311_CONTACT", "Diskominfo Kota Tangerang")
OPEN311_KEY_SERVICE = env_str("OPEN311_KEY_SERVICE", "Ask Diskominfo Kota Tangerang for a key.")
# Lets Open311 media_url point at private addresses (never in production: SSRF).
OPEN311_MEDIA_ALLOW_PRIVATE = env_bool("OPEN311_MEDIA_ALLOW_PRIVATE", False)
# Seconds a public Open311 read (GET requests, requests/{id}) is kept in the shared cache; every
# change to a case through the services makes the kept answers stale at once
# (complaints/open311/cache.py). Off in the dev profile: its per-process cache would not see a
# change made by another process (a worker, a shell).
OPEN311_READ_CACHE_SECONDS = env_int("OPEN311_READ_CACHE_SECONDS", 5 if PROD else 0)

NINJA_PAGINATION_MAX_LIMIT = 100
NINJA_PAGINATION_PER_PAGE = 20
# Bounds the offset too (an unbounded one overflowed the database's integer: a 500).
NINJA_PAGINATION_CLASS = "kotalive.core.pagination.LimitOffset"

# Proxies whose X-Forwarded-For is believed for the client address (nginx in front, in prod).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Who may scrape /metrics: addresses or networks (CIDR) of the direct peer (REMOTE_ADDR).
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kotalive.core.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "kotalive.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
    },
}
