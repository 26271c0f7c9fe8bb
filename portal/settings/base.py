"""Settings shared by every environment; each value that differs between machines comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the widgets' own templates, for the TemplatesSetting form renderer (below)
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "simple_history",
    "django_celery_beat",
    "csp",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "enterprises",
    "accreditation",
    "accreditation.notices",
    "accreditation.eligibility",
    "accreditation.applications",
    "accreditation.alerts",
    "accreditation.reports",
    "accreditation.programmes",
    "accreditation.support",
    "portal.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Under /api/: every error is JSON (whatever answered it below) and every call is logged.
    "portal.api.errors.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refused requests go to the security log (it needs the user, so after authentication).
    "portal.core.security_log.SecurityLogMiddleware",
    # Faults of the request (a body that breaks off while read, ...) are a 400, not a 500.
    "portal.bad_requests.BadRequestMiddleware",
    # Which device, if any, passed the second factor in this session; then officials and administrators
    # who have not passed it yet are sent to do so before any page.
    "django_otp.middleware.OTPMiddleware",
    "portal.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refuses an oversized body before anything reads it (the CSRF check is the first); after the headers' own
    # middleware, so that its 413 page carries them.
    "portal.core.request_limits.RequestBodyLimitMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.roles",
                "portal.context_processors.second_factor",
                "accreditation.notices.context_processors.unread_notices",
            ],
        },
    }
]

# Widgets are drawn by the site's template engine, so templates/ may correct one of Django's: the admin's date
# and time boxes get labels (templates/admin/widgets/split_datetime.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- data ---------------------------------------------------------------------------------------
# With no DATABASE_URL the portal runs on SQLite under var/, so `make run` needs no server.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "portal.hashers.Argon2PasswordHasher",  # Argon2id at OWASP's parameters; verifies Django's argon2 hashes too
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-axes: five failures lock one username from one address for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # Django's sign-in form names the email field "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Reverse proxies in front of the portal: the client address comes from X-Forwarded-For through django-ipware.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "portal.core.client_address.client_ip"
# Every failed sign-in is also kept for good in AccessFailureLog (AccessAttempt is reset on success).
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# django-otp: officials and administrators confirm each sign-in with an authenticator app (TOTP) or a
# recovery code (see portal/twofactor.py). Wrong codes slow down exponentially (1, 2, 4, ... seconds).
OTP_TOTP_ISSUER = "Little Giants portal"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Administrators manage devices in the admin but never see another person's secret or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- languages and time -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files: Bootstrap, Chart.js and htmx come from npm (package.json), never a CDN -------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # pdf.js renders application documents in the page (script and worker from 'self', no plugin, no frame).
    ("vendor/pdfjs", NODE_MODULES / "pdfjs-dist" / "build"),
    # Its character maps (Chinese PDFs whose fonts are not embedded) and the standard fonts, fetched by name.
    ("vendor/pdfjs-cmaps", NODE_MODULES / "pdfjs-dist" / "cmaps"),
    ("vendor/pdfjs-fonts", NODE_MODULES / "pdfjs-dist" / "standard_fonts"),
]
# Uploaded documents are private: stored outside every served URL, read only through permission-checked views.
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": env.str("DJANGO_PRIVATE_ROOT", default=str(BASE_DIR / "var" / "private")),
        "base_url": None,
    },
}
STORAGES = {
    "default": PRIVATE_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Request bodies (portal/request_limits.py): a form's body, a page receiving files (the largest document plus
# this margin for the rest of the form), and what of a body is not a file.
REQUEST_BODY_MAX_BYTES = 1024 * 1024
UPLOAD_BODY_MARGIN_BYTES = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_HANDLERS = [
    "portal.core.request_limits.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- forms and lists ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# The responsive template wraps each table in .table-responsive: on a phone a wide table scrolls inside itself.
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# --- background work ----------------------------------------------------------------------------
# With no REDIS_URL there is no broker: Celery runs every task eagerly, in the caller's process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A broker outage must not hold up a page or a submission. Sending a task gives up after one quick
# retry (the retry is what reconnects once Redis is back) and never raises into the caller (portal.celery.Task):
# what was not sent is on record, and a sweeper of portal/schedules.py sends it again once the broker is back.
# The timeouts bound a broker that stops answering without closing its connections, which would otherwise hold
# the request for good (kombu's default is to wait forever).
# Redis answers within milliseconds on the park's network, so half a second means it is not answering.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
# Tasks running when the worker loses the broker finish their work (each is one transaction and idempotent;
# Celery 6 would cancel them by default). A task whose pool process dies is not requeued at once
# (task_reject_on_worker_lost stays off: a chunk that kills its process would kill the next one); the sweepers
# send it again after their grace.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Heavy work (a large export, a chunk of the nightly re-evaluation, the daily alert pass over every enterprise) has
# a queue of its own, so that it can run on a host of its own, or at least one worker process at a time and at a
# lower CPU priority than the pages (portal/celery.py), and never queue the short tasks of a page behind it. A
# worker started without -Q consumes both queues, as before; README "Deployment" says how to split them.
HEAVY_QUEUE = "heavy"
HEAVY_TASKS = (
    "accreditation.tasks.run_export_task",
    "accreditation.tasks.reevaluate_chunk_task",
    "accreditation.tasks.refresh_all_alerts",
)
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {CELERY_TASK_DEFAULT_QUEUE: {}, HEAVY_QUEUE: {}}
CELERY_TASK_ROUTES = {name: {"queue": HEAVY_QUEUE} for name in HEAVY_TASKS}
# The nice value (0-19) a worker that consumes the heavy queue alone runs at: on a machine it shares with the web
# processes, the pages' requests get the CPU first and the export takes what is left.
HEAVY_WORKER_NICENESS = env.int("CELERY_HEAVY_NICENESS", default=10)

# --- email ----------------------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Little Giants portal <noreply@localhost>")

# --- security headers on every environment --------------------------------------------------------
# No inline script or style anywhere, so the policy never needs 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Celery logs every task it runs at INFO: in eager mode (no broker) that is every request's side effect.
    "loggers": {
        "axes": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        # Failed sign-ins, lockouts, refused permissions and second factors (portal.core.security_log): always kept,
        # whatever the root level; the console handler writes to stderr, which the process manager collects.
        "portal.security": {"level": "INFO"},
    },
}

# --- the API (/api/v1/, portal/api) ---------------------------------------------------------------
# Tokens only (never the session: no CSRF question, and a half-signed-in session opens nothing); JSON only (the
# browsable API's pages carry inline script, which the CSP forbids; the docs page is the portal's own page around
# Swagger UI from the sidecar, templates/api/docs.html).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.authentication.TokenScopes"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.authentication.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_RATE_PER_TOKEN", default="120/min")},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.ApiCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Little Giants portal API",
    "DESCRIPTION": "Enterprises, yearly figures and eligibility, with the same permissions as the portal's pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package, served by the portal: no CDN, no inline script.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI draws each operation's link inside the button that opens it, a link in a button
    # that a screen reader and the keyboard cannot tell apart (WCAG 2.1 4.1.2, axe's nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
}
