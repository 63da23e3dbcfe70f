"""Django settings for VănPhòng. Every deployment knob comes from the environment (see README)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from vanphong.env import ConfigError, Env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded database, test databases, demo files

env = Env()

try:
    DEBUG = env.bool("DEBUG", False)
    SECRET_KEY = env.str("SECRET_KEY", required=not DEBUG)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
    CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])
    DATABASES = {
        "default": env.database("DATABASE_URL", "sqlite:///var/vanphong.sqlite3", BASE_DIR)
    }
    EMAIL_URL = env.url(
        "EMAIL_URL",
        "console://" if DEBUG else "smtp://localhost:25",
        schemes=("console", "smtp", "smtps", "locmem"),
    )
    DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "vanphong@localhost")
    STORAGE_URL = env.url("STORAGE_URL", "file:var/media", schemes=("file", "s3"))
    EVENTLOG_ANCHOR_KEY = env.str("EVENTLOG_ANCHOR_KEY", "" if not DEBUG else "dev-only-anchor-key")
    # Signed checkpoints of the event log, kept outside the database (copy them off-host).
    EVENTLOG_CHECKPOINT_DIR = BASE_DIR / env.str(
        "EVENTLOG_CHECKPOINT_DIR", "var/eventlog-checkpoints"
    )
    UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
    DEADLINE_SOON_WORKING_DAYS = env.int("DEADLINE_SOON_WORKING_DAYS", 2, minimum=0)
    LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", 5, minimum=1)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", not DEBUG)
    # Fernet keys (comma-separated, newest first) encrypting protected identities (denouncers).
    FIELD_ENCRYPTION_KEY = env.fernet_keys("FIELD_ENCRYPTION_KEY", required=not DEBUG)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Video-conference rooms of online meetings: base URL + an unguessable room name (Jitsi-style).
    MEETING_ROOM_BASE_URL = env.url(
        "MEETING_ROOM_BASE_URL", "https://meet.jit.si/", schemes=("https", "http")
    )
    # Hotline feedback: the citizen may reopen an answered item once within this many working days.
    FEEDBACK_REOPEN_WORKING_DAYS = env.int("FEEDBACK_REOPEN_WORKING_DAYS", 10, minimum=1)
    # Open311 GeoReport v2: POST needs an api_key (manage.py open311_key NAME) unless turned off.
    FEEDBACK_OPEN311_REQUIRE_KEY = env.bool("FEEDBACK_OPEN311_REQUIRE_KEY", True)
    FEEDBACK_OPEN311_CONTACT = env.str("FEEDBACK_OPEN311_CONTACT", "")
    # The province whose communes locate feedback (code of the `vietnam-provinces` package).
    FEEDBACK_PROVINCE_CODE = env.int("FEEDBACK_PROVINCE_CODE", 33, minimum=1)
except ConfigError as exc:  # one line naming the variable, no traceback
    sys.stderr.write(f"VănPhòng: cấu hình sai — biến {exc.name}: {exc.reason}\n")
    raise SystemExit(2) from None

if not SECRET_KEY:
    # DEBUG only (required otherwise): a per-checkout key kept in var/ so sessions survive restarts.
    VAR_DIR.mkdir(exist_ok=True)
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

if not FIELD_ENCRYPTION_KEY:
    # DEBUG only (required otherwise): a per-checkout key kept in var/, like the secret key.
    field_key_file = VAR_DIR / "dev-field-encryption-key"
    if not field_key_file.exists():
        from cryptography.fernet import Fernet

        field_key_file.write_text(Fernet.generate_key().decode())
    FIELD_ENCRYPTION_KEY = [field_key_file.read_text().strip()]

if not EVENTLOG_ANCHOR_KEY:
    # Production without an anchor key: derive from SECRET_KEY, which is kept outside the database.
    EVENTLOG_ANCHOR_KEY = SECRET_KEY

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "vanphong.core",
    "vanphong.core.calendar",
    "vanphong.core.numbering",
    "vanphong.core.eventlog",
    "vanphong.core.attachments",
    "vanphong.core.search",
    "vanphong.core.refdata",
    "vanphong.core.assignments",
    "vanphong.core.jobs",
    "vanphong.org",
    "vanphong.procedures",
    "vanphong.documents",
    "vanphong.reception",
    "vanphong.workfiles",
    "vanphong.tasks",
    "vanphong.meetings",
    "vanphong.onestop",
    "vanphong.feedback",
    "vanphong.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vanphong.core.locale.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vanphong.org.rolecache.RoleCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vanphong.org.middleware.AdminSecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vanphong.urls"
WSGI_APPLICATION = "vanphong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "vanphong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "vanphong.core.context_processors.shell",
            ],
        },
    }
]

AUTH_USER_MODEL = "org.Official"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes): per user name and address.
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "vanphong.org.lockout.lockout_response"  # JSON under /api/, page else

# Second factor (django-otp TOTP) and REST API tokens.
OTP_TOTP_ISSUER = "VănPhòng"
API_TOKEN_TTL_DAYS = 30

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "vanphong" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
FORMAT_MODULE_PATH = ["vanphong.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "vanphong" / "static"]
MEDIA_URL = "media/"

_storage_options: dict = {}
if STORAGE_URL.startswith("file:"):
    # file:var/media (relative to the checkout) or file:///srv/vanphong/media (absolute)
    _path = STORAGE_URL[len("file:") :]
    _path = "/" + _path.lstrip("/") if _path.startswith("///") else _path.lstrip("/")
    MEDIA_ROOT = Path(_path) if _path.startswith("/") else BASE_DIR / _path
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:  # s3://bucket — django-storages, installed in production images
    MEDIA_ROOT = VAR_DIR / "media"
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": STORAGE_URL[len("s3://") :].strip("/")},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

if EMAIL_URL.startswith("console"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_AGE = 8 * 60 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
