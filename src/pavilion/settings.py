"""Django settings for Pavilion. Values come from ``pavilion.config.Config`` (PAVILION_* variables)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from pavilion.config import Config, email_settings

CONFIG = Config.from_environ()
PACKAGE_DIR = Path(__file__).resolve().parent

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
PAVILION_SITE_URL = CONFIG.site_url
PAVILION_REDIS_URL = CONFIG.redis_url
PAVILION_PORT = CONFIG.port
PAVILION_LIVE_HISTORY = CONFIG.live_history
PAVILION_LIVE_THREADS = CONFIG.live_threads
PAVILION_LIVE_JOIN_WAIT = CONFIG.live_join_wait
PAVILION_LIVE_REPORT_EVERY = CONFIG.live_report_every
PAVILION_FULL_COLLECTION_EVERY = CONFIG.full_collection_every
PAVILION_VAR_DIR = CONFIG.var_dir
PAVILION_HTTP_CONCURRENCY = CONFIG.http_concurrency
PAVILION_DB_POOL_TIMEOUT = CONFIG.db_pool_timeout

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    # Only for its static files: the API docs (/api/docs) load Swagger UI from here, not from a CDN
    # (closed government networks; the Content-Security-Policy allows our own origin only).
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "pavilion.core",
    "pavilion.directory",
    "pavilion.accounts",
    "pavilion.events",
    "pavilion.accreditation",
    "pavilion.organising",
    "pavilion.programmes",
    "pavilion.chat",
    "pavilion.qa",
    "pavilion.polls",
    "pavilion.floor",
    "pavilion.captions",
    "pavilion.reactions",
    "pavilion.interpretation",
    "pavilion.exhibition",
    "pavilion.boothtalk",
    "pavilion.activity",
    "pavilion.surveys",
    "pavilion.networking",
    "pavilion.leads",
    "pavilion.live",
    "pavilion.demo",
]

MIDDLEWARE = [
    # First, so static files served by WhiteNoise get the header too.
    "pavilion.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (pages, API, static files); the policy is below.
    "csp.middleware.CSPMiddleware",
    # Outside WhiteNoise so static files served from the sources (debug) are compressed too.
    "pavilion.core.compression.TextCompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Authentication comes before the locale so a signed-in user's preferred language can count.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Role questions asked by several parts of one page view are answered once (GET and HEAD only).
    "pavilion.core.request_memo.RequestMemoMiddleware",
    "pavilion.core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pavilion.core.middleware.UnreadableRequestMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: a signed-in device's last use (throttled), then the two-factor rule.
    "pavilion.accounts.middleware.SignedInDeviceMiddleware",
    "pavilion.accounts.middleware.RequiredMFAMiddleware",
    "pavilion.core.middleware.ViewerTimezoneMiddleware",
    "pavilion.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "pavilion.urls"
ASGI_APPLICATION = "pavilion.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pavilion.core.context_processors.pavilion",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and CONFIG.db_pool_size:
    # Under ASGI every request runs in a thread of its own: persistent connections would mean one
    # PostgreSQL connection per thread ever used ("too many clients"). A bounded pool per process
    # instead; a request that cannot get a connection within the timeout is answered 503
    # (core/errors.py). Workers x PAVILION_DB_POOL_SIZE must stay below PostgreSQL's max_connections.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": 2,
            "max_size": CONFIG.db_pool_size,
            "timeout": CONFIG.db_pool_timeout,
            "max_idle": 60,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work side by side; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on busy_timeout instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if CONFIG.redis_url:
    CACHES = {
        "default": {
            "BACKEND": "pavilion.core.redis_cache.RedisCache",  # one connection pool per process
            "LOCATION": CONFIG.redis_url,
            "KEY_PREFIX": "pavilion",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "pavilion.accounts.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Pavilion] "
# Tell the account's owner of every security change (password changed, set or reset, e-mail address
# added as primary or removed, an authenticator or passkey added or removed, recovery codes made, a
# single sign-on provider linked), with the address and browser it came from (accounts/adapter.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Links in account e-mails use the scheme of the public address.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if CONFIG.site_url.startswith("https://") else "http"
# Failed sign-ins lock out an address for one account, not the account everywhere
# (accounts/adapter.py): someone guessing a delegation head's password cannot lock the head out.
ACCOUNT_ADAPTER = "pavilion.accounts.adapter.AccountAdapter"
# allauth counts attempts in the cache (Redis when configured, so all workers share the count).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}

# Two-factor authentication (allauth.mfa): an authenticator app (TOTP), security keys and passkeys
# (WebAuthn), recovery codes, and "trust this browser" for 30 days. Required for platform admins,
# organisers, focal points and secretariats (accounts/mfa.py, RequiredMFAMiddleware).
PAVILION_MFA_ENFORCED = CONFIG.mfa_enforced
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# Security keys and passkeys as a second factor, and "Sign in with a passkey" instead of the password
# for a key added as passwordless (it verifies the person itself: PIN or biometrics, so it counts as
# two factors). Sign-up with a passkey stays off: a new account must confirm its e-mail address first.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TRUST_ENABLED = True
MFA_TRUST_COOKIE_AGE = timedelta(days=30)
MFA_TOTP_ISSUER = "Pavilion"
# One period either side: a phone's clock a few seconds off still signs in.
MFA_TOTP_TOLERANCE = 1
# WebAuthn needs HTTPS, except on localhost while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Single sign-on (allauth.socialaccount, OpenID Connect): each organisation's provider is an
# allauth SocialApp plus Pavilion's IdentityProvider (accounts/sso.py, docs/security.md). An address
# the provider has verified signs in to the account that has it (linked on first use).
SOCIALACCOUNT_ADAPTER = "pavilion.accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
# SAML: allauth's provider, keeping the assertion's authentication context (a second factor at the
# provider counts, accounts/saml.py).
SOCIALACCOUNT_PROVIDERS = {"saml": {"provider_class": "pavilion.accounts.saml.AuthnContextSAMLProvider"}}

# Signed-in devices (allauth.usersessions): each session's browser, address and last use, kept up
# to date at most once a minute per session (accounts/middleware.py).
USERSESSIONS_TRACK_ACTIVITY = True

# --- Languages and time -------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# The names come from our own catalogue, not Django's (whose Vietnamese says "Tiếng Tàu" for Chinese;
# the norm is "Tiếng Trung"): events.schedule.language() shows these for the UI languages.
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
    ("vi", _("Vietnamese")),
]
LOCALE_PATHS = [
    PACKAGE_DIR / "locale",
    # Strings of libraries that lack one of our languages (django-allauth has no Vietnamese).
    PACKAGE_DIR / "locale_vendor",
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

COUNTRIES_OVERRIDE = {
    # APEC's names for its member economies; shown in the UI language from our catalogue.
    "HK": _("Hong Kong, China"),
    "TW": _("Chinese Taipei"),
    # The United Nations' spelling.
    "VN": _("Viet Nam"),
}

# --- Static files, uploads, e-mail ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = CONFIG.static_root
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = CONFIG.media_root
# Meeting documents are stored outside MEDIA_ROOT and served only after a permission check
# (programmes/downloads.py): streamed by Django, or by the proxy through X-Accel-Redirect when
# PAVILION_DOCUMENTS_ACCEL_PREFIX names nginx's internal location for this directory.
PAVILION_DOCUMENTS_ROOT = CONFIG.documents_root
PAVILION_DOCUMENTS_ACCEL_PREFIX = CONFIG.documents_accel_prefix
# Uploaded pictures and PDFs are served by core/media.py after asking the app that owns them who may
# see them (a draft booth's files only its staff and the organisers), also in production; with
# PAVILION_MEDIA_ACCEL_PREFIX (nginx's internal location for MEDIA_ROOT) nginx sends the bytes.
PAVILION_MEDIA_ACCEL_PREFIX = CONFIG.media_accel_prefix
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In debug mode WhiteNoise serves straight from the sources (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DEFAULT_FROM_EMAIL = CONFIG.default_from_email
SERVER_EMAIL = CONFIG.default_from_email
globals().update(email_settings(CONFIG.email_url))

# --- Exhibition activity log ---------------------------------------------------------------------
# Rows are written by a background thread, in batches (activity/recorder.py); tests turn it off
# and flush by hand.
PAVILION_ACTIVITY_IN_BACKGROUND = True

# --- Security ------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features no page of Pavilion uses (the 3D hall's VR and full screen stay allowed).
PAVILION_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Content-Security-Policy (django-csp; Django 5.2 has none of its own). Scripts and style sheets come
# from our own static files only: no page has an inline script, event handler attribute or style
# attribute (tests/core/test_content_security_policy.py scans the main pages). A page that ever needs
# an inline script gives it nonce="{{ request.csp_nonce }}" (the nonce is added to the header only
# when a page asks for it) and must not be a publicly cached page (core/public_cache.py), whose copies
# go out without Django. Stage streams are other sites' players (frames) or HLS/MP4/WebM addresses
# (media) given by the organisers, so those two accept any https source.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        # fetch, htmx and the live WebSocket (CSP 3's 'self' covers ws:/wss: to the same host).
        "connect-src": [SELF],
        "media-src": [SELF, "https:", "blob:"],
        "frame-src": ["https:"],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# HSTS only in production over HTTPS: in debug it would pin the developer's localhost to HTTPS.
SECURE_HSTS_SECONDS = 0
if not DEBUG:
    SESSION_COOKIE_SECURE = CONFIG.site_url.startswith("https://")
    CSRF_COOKIE_SECURE = CONFIG.site_url.startswith("https://")
    if CONFIG.site_url.startswith("https://"):
        SECURE_HSTS_SECONDS = 31_536_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO" if DEBUG else "WARNING"},
    # Written only when PAVILION_LIVE_REPORT_EVERY is set or a worker gets SIGUSR1, and then wanted in production too.
    "loggers": {"pavilion.live.tables": {"level": "INFO"}},
}
