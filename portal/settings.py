"""Settings for the partnership-programme portal, read from the environment.

Every value that differs between a laptop, CI and production comes from an environment
variable (or a `.env` file beside manage.py). The defaults give a zero-setup local run:
SQLite under var/, Celery tasks in-process, mail written to files under var/mail/.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, []),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
    CACHE_URL=(str, "locmemcache://"),
    CELERY_BROKER_URL=(str, ""),
    SMTP_HOST=(str, ""),
    SMTP_PORT=(int, 25),
    SMTP_USER=(str, ""),
    SMTP_PASSWORD=(str, ""),
    SMTP_USE_TLS=(bool, False),
    SMTP_TIMEOUT=(int, 10),
    MAIL_FILE_PATH=(str, str(VAR_DIR / "mail")),
    DEFAULT_FROM_EMAIL=(str, "kumppanuusohjelma@example.fi"),
    FEEDBACK_EMAIL=(str, "kumppanuusohjelma@example.fi"),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    SECURE_PROXY_SSL_HEADER=(bool, False),
    SECURE_SSL_REDIRECT=(bool, True),
    HSTS_SECONDS=(int, 31_536_000),
    LOG_LEVEL=(str, "INFO"),
)
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env("DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # Production must never run on a guessable key: refuse to start.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env("ALLOWED_HOSTS") or (["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
# Absolute links in mail, feeds and canonical URLs are built from this.
SITE_URL = env("SITE_URL").rstrip("/")

# The project's own apps (others walk them: cache invalidation, the admin checks).
PROJECT_APPS = [
    # The ground floor every app uses (docs/architecture.md).
    "core",
    "portal",
    # Below the content apps: they register their sources into it (search.registry).
    "search",
    "themes",
    "programmes",
    "news",
    "pledges",
    "events",
    "mailings",
    "privacy",
    # The one audit log, below the apps that write it (docs/architecture.md).
    "audit",
    "assessments",
    # The partnership barometer (above pledges: it reuses the organisation types).
    "barometer",
    # The read-only open data API and its bulk dumps (reads every public app; below the shell).
    "api",
]
INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    # The admin site requires a second factor (TOTP) for every staff login.
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Search vector fields (search.SearchEntry); harmless on SQLite.
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # The open data API (api/): its OpenAPI schema and CORS for GET. REST framework itself
    # is deliberately not an installed app: its fi/sv catalogues would replace Django's own
    # form messages on every page, and the API needs none of its templates or models.
    "drf_spectacular",
    "corsheaders",
    *PROJECT_APPS,
]

MIDDLEWARE = [
    # First, so that WhiteNoise's static files and every error page carry the header too.
    "portal.middleware.CrossOriginResourcePolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the shared cache, before sessions, templates
    # and queries; also gzips what holds no secret (portal/page_cache.py).
    "portal.page_cache.PageCacheMiddleware",
    # CORS for the open data API: any origin, GET/HEAD/OPTIONS only (api/middleware.py).
    "api.middleware.ReadOnlyCorsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Refuses form bodies that are not UTF-8 with a 400 page (in the language just chosen)
    # before CSRF or any view reads request.POST.
    "portal.middleware.FormEncodingMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns django-ratelimit's refusal into a 429 page in the visitor's language.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "portal.middleware.PermissionFailureLogMiddleware",
    # A query cancelled by the web statement timeout answers 503, not 500.
    "portal.statement_timeout.QueryTimeoutMiddleware",
    # Last, as django-axes requires: answers locked-out logins with its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out username and address combination.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out after repeated failed logins, per username and address, for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# The lock-out, the rate limits and the security log all key on one client address.
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
# Staff sessions end after this much inactivity (each request extends the session).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
OTP_TOTP_ISSUER = "Kumppanuusohjelma"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database (the default) and the cache is configurable, so web
# processes keep nothing on local disk and any number of them can run side by side.
CACHES = {"default": env.cache_url("CACHE_URL")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, keeping one Redis client per connection pool (portal/redis_cache.py).
    CACHES["default"]["BACKEND"] = "portal.redis_cache.RedisCache"
# Seconds an anonymous visitor's public page stays in the page cache (0: off). Content
# changes invalidate it at once (portal/cache_invalidation.py); this bounds only how long
# a page can lag behind the clock (an event that has just passed).
# Off by default in a DEBUG (make run) site, so an edited template shows at once.
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=0 if DEBUG else 600)
# Web processes cancel any PostgreSQL statement running longer than this (0: no limit),
# well inside gunicorn's 30 s worker timeout; workers and commands run without it
# (portal/statement_timeout.py).
DB_STATEMENT_TIMEOUT_MS = env.int("DB_STATEMENT_TIMEOUT_MS", default=5000)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages are fixed in code: the portal is bilingual by law, not by configuration.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
# Finnish and Finland-Swedish write times "13.00" (Django's sv locale follows Sweden).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fi", "sv"), "fi": ("sv",), "sv": ("fi",)}
# modeltranslation's tabbed admin would load jQuery UI from a CDN; serve our own copy
# (npm jquery-ui, collected from node_modules). The name is modeltranslation's.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/jquery-ui", BASE_DIR / "node_modules" / "jquery-ui" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail: SMTP when a host is configured, otherwise files under var/mail/ for local runs.
if env("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("SMTP_HOST"),
                "port": env("SMTP_PORT"),
                "username": env("SMTP_USER"),
                "password": env("SMTP_PASSWORD"),
                "use_tls": env("SMTP_USE_TLS"),
                "timeout": env("SMTP_TIMEOUT"),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("MAIL_FILE_PATH")},
        }
    }
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
# Where the public sends accessibility and privacy feedback (shown on those pages).
FEEDBACK_EMAIL = env("FEEDBACK_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Forms are rate-limited per client address (django-ratelimit) in the shared cache, so
# the limit holds across web processes when CACHE_URL points to Redis.
RATELIMIT_VIEW = "portal.views.ratelimited"
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_IP_META_KEY = "portal.security.client_ip"
# How many proxies of our own (load balancer, TLS terminator) stand in front of the web
# processes and append the address they saw to X-Forwarded-For. 0: the header is never
# trusted and REMOTE_ADDR is the client. See portal.security.client_ip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Mailings: one sending rate for all workers together (mails per second, 0 = unlimited),
# counted in the broker's Redis; bulk deliveries are claimed in batches of this size by
# this many parallel batch tasks per mailing.
MAILINGS_RATE_LIMIT_PER_SECOND = env.int("MAILINGS_RATE_LIMIT_PER_SECOND", default=50)
MAILINGS_BATCH_SIZE = env.int("MAILINGS_BATCH_SIZE", default=50)
MAILINGS_PARALLEL_BATCHES = env.int("MAILINGS_PARALLEL_BATCHES", default=4)

# Partner invitations (mails the public can cause to a third party) to any one address in
# 24 hours, across all submissions; counted in the database. Default 3.
PLEDGES_INVITATIONS_PER_ADDRESS_PER_DAY = env.int(
    "PLEDGES_INVITATIONS_PER_ADDRESS_PER_DAY", default=3
)

# Contact details of rejected and withdrawn submissions are anonymised after this many days.
PRIVACY_ANONYMISE_AFTER_DAYS = env.int("PRIVACY_ANONYMISE_AFTER_DAYS", default=365)

# Celery: with no broker configured, tasks run in-process so a laptop needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only after it ran, and re-queued if its worker dies, so a crash
# never loses work; tasks are written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# Redis re-delivers unacknowledged tasks after this; it must exceed the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Confirmations go to their own queue so a newsletter of thousands never delays them.
CELERY_TASK_DEFAULT_QUEUE = "default"
# A request that queues a task must not hang when the broker is down: fail fast, and the
# outbox's re-queue job sends the mail later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

# Security. The CSP is enforced on every response; scripts only from our own origin
# (or carrying the per-request nonce that Django's admin uses), never inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Other sites may not embed our pages, images, styles or scripts (nothing needs it today).
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A refused form gets a page in the visitor's language (Django's own is English only).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
    # The load balancer's health probe speaks plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env("HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env("SECURE_PROXY_SSL_HEADER"):
        # Only behind a proxy that sets this header itself and strips it from clients.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The open data API (api/, /api/v1/): JSON only, read-only, anonymous, errors as problem
# details (RFC 9457) in the request's language, a per-address rate limit.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.conventions.JsonFallbackNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["api.conventions.AddressRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.conventions.StableCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    # The address behind the load balancer (as portal.security.client_ip counts it).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="600/min")
# How long public caches may keep an API answer (conditional GET revalidates it after).
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)
SPECTACULAR_SETTINGS = {
    "TITLE": "Kumppanuusohjelma – avoin data / Partnerskapsprogrammet – öppna data",
    "DESCRIPTION": (
        "Read-only open data of the partnership programme for integration promotion. "
        "Licence: CC BY 4.0. Translated fields are objects with a value per language "
        "(fi, sv). Errors are problem details (RFC 9457)."
    ),
    "VERSION": "v1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
}
# CORS only on the API's paths; api.middleware.ReadOnlyCorsMiddleware adds the methods rule.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After")
# Nightly CSV and JSON dumps of the public collections (api/dumps.py), served by api.
OPEN_DATA_DIR = Path(env.str("OPEN_DATA_DIR", default=str(VAR_DIR / "open-data")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    # Logins, failed logins, lock-outs and permission failures of staff.
    "loggers": {"portal.security": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
