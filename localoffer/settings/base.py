"""Settings shared by every environment. Everything deployment-specific is read from the environment."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-only-for-local-use")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_ID = 1
# The public host name, used for absolute links outside a request (sitemap, feeds, emails).
SITE_DOMAIN = env("SITE_DOMAIN", default="127.0.0.1:8000")
# The scheme of those links: https in production (prod.py); http on a developer's machine.
SITE_SCHEME = env("SITE_SCHEME", default="https")
SITE_NAME = "Lancashire SEND Partnership Local Offer"
SITE_CONTACT_EMAIL = "SENDPartnership@lancashire.gov.uk"
SECURITY_CONTACT = env("SECURITY_CONTACT", default=f"mailto:{SITE_CONTACT_EMAIL}")

INSTALLED_APPS = [
    "accounts.apps.TwoFactorAdminConfig",  # django.contrib.admin; its site asks for the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "cms",
    "menus",
    "treebeard",
    "sekizai",
    "djangocms_versioning",
    "djangocms_text",
    "djangocms_link",
    "filer",
    "easy_thumbnails",
    "axes",
    "csp",
    "django_filters",
    "import_export",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "localoffer",
    "units",
    "news",
    "feedback",
    "documents",
    "search",
    "audit",
    "freshness",
    "accounts",
    "django_tasks",
    "django_tasks_db",
    "jobs",  # after django_tasks_db: its admin replaces theirs
    "alerts",
]

MIDDLEWARE = [
    "localoffer.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "localoffer.pagecache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "localoffer.middleware.NulPathMiddleware",
    "cms.middleware.utils.ApphookReloadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "localoffer.middleware.EmptyVaryHeaderMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "localoffer.middleware.StaffContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.user.CurrentUserMiddleware",
    "cms.middleware.page.CurrentPageMiddleware",
    "cms.middleware.toolbar.ToolbarMiddleware",
    "localoffer.middleware.SingleLanguageCookieMiddleware",
    "cms.middleware.language.LanguageCookieMiddleware",
    "axes.middleware.AxesMiddleware",
    "audit.middleware.AuditActorMiddleware",
]

ROOT_URLCONF = "localoffer.urls"
WSGI_APPLICATION = "localoffer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sekizai.context_processors.sekizai",
                "cms.context_processors.cms_settings",
                "localoffer.context_processors.site",
                "search.context_processors.canonical_url",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Reuse connections between requests, but check them first so a restarted database server costs
    # one failed request at most instead of a broken worker.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "localoffer",
            "OPTIONS": {
                # Fail safe: a Redis outage makes the site slower, never broken.
                "IGNORE_EXCEPTIONS": True,
                # Short: Redis answers a LAN request in well under a millisecond; a dead or hung Redis must
                # not hold a request (a page makes several cache calls) for long.
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.25),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Its own logger, so an outage is logged once rather than on every request (LOGGING below).
    DJANGO_REDIS_LOGGER = "localoffer.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account out from one address after repeated failed staff logins.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# Reverse proxies in front of gunicorn: lockouts and rate limits then use the client's address from
# X-Forwarded-For rather than the proxy's (localoffer/clientip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "localoffer.clientip.client_ip"

# Staff sign-in (accounts app): password, then a code from an authenticator app (django-two-factor-auth on
# django-otp). django-axes counts failed codes like failed passwords (accounts/lockout.py).
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "/"
# Staff sessions: 8 hours from sign-in at most (accounts.middleware ends older ones), and none past the browser.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Changing users or groups in the admin asks for the password and a code again after this long.
REAUTHENTICATE_AFTER_SECONDS = 15 * 60
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the device admin never shows keys or recovery codes
# Never in effect without DEBUG; only dev.py reads it from the environment (README "Signing in").
TWO_FACTOR_DEV_BYPASS = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Shared media for several web containers: any S3-compatible store (AWS, MinIO, Ceph...).
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 itself.
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    MEDIA_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers that apply everywhere. prod.py adds HSTS and secure cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # the CMS sideframe and modals frame our own admin pages
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# Strict policy for the public; StaffContentSecurityPolicyMiddleware relaxes it for logged-in staff only,
# because the CMS toolbar and text editor rely on inline scripts and styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
STAFF_CSP_UPDATE = {
    "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}

# django CMS
CMS_CONFIRM_VERSION4 = True
CMS_TEMPLATES = [
    ("page.html", "Standard page"),
    ("home.html", "Home page"),
    ("strategy.html", "Strategy or plan"),
]
# Page permissions on: advanced settings, move, delete and publish each need their own flag, not just
# "change page". localoffer/seed/groups.py gives each group its global page permission row.
CMS_PERMISSION = True
CMS_PLACEHOLDER_CONF = {
    # A news article's body (news/article_detail.html): the blocks of an article, named as staff see them.
    "body": {
        "name": "Body",
        "plugins": ["TextPlugin", "LinkPlugin", "DocumentPlugin", "ImageBlockPlugin"],
    },
}
DJANGOCMS_VERSIONING_ALLOW_DELETING_VERSIONS = False
TEXT_INLINE_EDITING = True
THUMBNAIL_PROCESSORS = (
    "easy_thumbnails.processors.colorspace",
    "easy_thumbnails.processors.autocrop",
    "filer.thumbnail_processors.scale_and_crop_with_subject_location",
    "easy_thumbnails.processors.filters",
)

# Import files wait between preview and confirm in media storage, which every web container shares.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# Import and export need the model's change permission (Publishers for unit records), not just staff status.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "change"

# "Have your say" (feedback app). Staff addresses told of each new comment; FEEDBACK_RETENTION_DAYS after a
# comment arrives, and once it is closed, `manage.py purge_feedback_personal_data` deletes its name and email.
FEEDBACK_NOTIFY_EMAILS = env.list("FEEDBACK_NOTIFY_EMAILS", default=[SITE_CONTACT_EMAIL])
FEEDBACK_RETENTION_DAYS = env.int("FEEDBACK_RETENTION_DAYS", default=365)
FEEDBACK_RATE_LIMIT = env("FEEDBACK_RATE_LIMIT", default="5/10m")  # comments per client address (django-ratelimit)
RATELIMIT_IP_META_KEY = "feedback.ratelimit.client_ip"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not stop people commenting
# django-ratelimit only reads the cache; its app (with a check that refuses LocMemCache) is not installed.

# Background jobs (jobs app, README "Background jobs and email"): django-tasks with its database backend, run by
# `manage.py run_worker`; periodic jobs are enqueued by `manage.py run_scheduler`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# (dotted path of a task, every so many seconds). Apps append theirs.
PERIODIC_JOBS = [
    ("jobs.tasks.prune_finished_jobs", 6 * 60 * 60),
]
# Retries with exponential backoff (jobs/retry.py): wait base, 2 x base, 4 x base... up to max between tries.
JOBS_RETRY = {
    "default": {"max_attempts": 5, "base_seconds": 10, "max_seconds": 600},
    # Email waits out a mail server outage like a mail server's own queue would: 30 s, 1 min, 2 min... then
    # hourly, for about five days (125 tries), before staff see it as failed (and can retry it in the admin).
    "email": {
        "max_attempts": env.int("EMAIL_RETRY_MAX_ATTEMPTS", default=125),
        "base_seconds": env.float("EMAIL_RETRY_BASE_SECONDS", default=30),
        "max_seconds": env.float("EMAIL_RETRY_MAX_SECONDS", default=60 * 60),
    },
}
# A worker that has not written its heartbeat for this long is dead: its running job is run again.
JOBS_WORKER_TIMEOUT = env.int("JOBS_WORKER_TIMEOUT", default=30)
# Touched on every heartbeat when set, for the worker container's health check (docker/healthcheck.py).
JOBS_HEARTBEAT_FILE = env("JOBS_HEARTBEAT_FILE", default="")
# Successful jobs (with the emails they sent) are deleted after this many days; failed ones after the second
# number (staff see and retry them in the admin meanwhile).
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=7)
JOBS_KEEP_FAILED_DAYS = env.int("JOBS_KEEP_FAILED_DAYS", default=30)
# /readyz reports the queue as "degraded" when a job has waited longer than this.
JOBS_BACKLOG_SECONDS = env.int("JOBS_BACKLOG_SECONDS", default=15 * 60)

# Every email the site sends goes through the queue: EMAIL_BACKEND only enqueues it, and the worker delivers it
# with EMAIL_DELIVERY_BACKEND (SMTP in production), waiting at most EMAIL_TIMEOUT seconds for the mail server.
EMAIL_BACKEND = "jobs.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=15)

# Email alerts, the subscriber side (alerts app; README "Email alerts"). Confirmation links last this many days;
# unconfirmed subscribers are deleted after it. The subscribe form takes ALERTS_RATE_LIMIT requests per client.
ALERTS_CONFIRM_DAYS = 7
ALERTS_RATE_LIMIT = env("ALERTS_RATE_LIMIT", default="5/10m")
# Deletes unconfirmed subscribers and the form's day-old one-email-a-day records (alerts/cleanup.py).
PERIODIC_JOBS += [("alerts.cleanup.delete_unconfirmed", 60 * 60)]

# Email alerts, the sending side (alerts/dispatch.py; README "Email alerts"): weekly digests of a week (Monday to
# Sunday, local time) go out from this hour on the Monday after it.
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=8)
PERIODIC_JOBS += [
    ("alerts.tasks.send_immediate_alerts", 60),  # what became public, to "straight away" subscribers
    ("alerts.tasks.send_weekly_digests", 60 * 60),  # sends only from the Monday after each week
]

# Each app contributes a step to `manage.py seed_site`; they run in this order.
SEED_STEPS = [
    "localoffer.seed.site.seed",
    "localoffer.seed.groups.seed",
    "localoffer.seed.pages.seed",
    "news.seed.seed",
    "units.seed.seed",
    "feedback.seed.seed",
    "documents.seed.seed",
    "freshness.seed.seed",  # after the content seeds: review dates for content published before this app
    "search.seed.seed",  # after every content seed: builds the search index
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"once_per_outage": {"()": "localoffer.logfilters.OncePerOutage"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "localoffer.cache": {"filters": ["once_per_outage"]},
    },
}

# Documents (documents app): uploads are checked by their content, in the plugin form and in filer's own
# upload path (admin and clipboard). Only these types may be uploaded at all; each also gets the content check.
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20)
FILER_MIME_TYPE_WHITELIST = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/csv",
    "text/plain",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
]
FILER_ADD_FILE_VALIDATORS = {
    mime_type: ["documents.validation.filer_validator"] for mime_type in FILER_MIME_TYPE_WHITELIST
}
FILER_UPLOADER_MAX_FILE_SIZE = DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024
# Files follow what is published (documents/visibility.py, README "Files and who can see them"): no filer file
# or thumbnail is served straight from storage. They are kept where nothing publishes them (MEDIA_ROOT, which
# no route serves, or a private bucket) and their URLs lead to documents.serving, which streams a file to the
# public only while published content uses it or a Publisher marked it public ("is_public", off for new uploads).
FILES_URL = "/files/"
FILER_IS_PUBLIC_DEFAULT = False
FILER_STORAGE_ENGINE = (
    "documents.storage_s3.CheckedS3Storage" if AWS_STORAGE_BUCKET_NAME else "documents.storage.CheckedFileSystemStorage"
)
FILER_STORAGES = {
    scope: {
        "main": {
            "ENGINE": FILER_STORAGE_ENGINE,
            "OPTIONS": {},
            "UPLOAD_TO": "filer.utils.generate_filename.randomized",
            "UPLOAD_TO_PREFIX": f"filer_{scope}",
        },
        "thumbnails": {
            "ENGINE": FILER_STORAGE_ENGINE,
            "OPTIONS": {},
            "THUMBNAIL_OPTIONS": {"base_dir": f"filer_{scope}_thumbnails"},
        },
    }
    for scope in ("public", "private")
}
# Full-page cache for anonymous visitors (localoffer/pagecache.py, README "Caching"). It sits in front of the
# CMS's own page, placeholder and menu caches, which stay on: the CMS marks a page it must not cache (a plugin
# with cache = False) as never_cache, which this cache respects; every change that bumps this cache's
# generation also invalidates the CMS page cache, and the CMS invalidates its placeholder and menu caches on
# publish itself.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)
# Upper bound only, to free memory: correctness comes from the content generation, not from expiry.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=24 * 60 * 60)
# The API serves machines that poll it; its clients get fresh data straight from the database.
# Alerts pages carry a visitor's address and signed links: never stored, whatever their headers say.
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/api/", "/healthz", "/readyz", "/alerts/"]
PAGE_CACHE_BYPASS_PARAMETERS = ["edit", "structure", "preview", "toolbar_on", "toolbar_off", "language"]
# Functions returning the next moment content is scheduled to appear by itself (or None).
PAGE_CACHE_EXPIRY_HOOKS = ["news.cms_plugins.next_publication"]
# Saving or deleting any of these changes what the public sees: every cached page is dropped. Publishing and
# unpublishing versioned content (CMS pages, articles) is caught by djangocms-versioning's signal.
CACHE_INVALIDATING_MODELS = [
    "cms.Page",
    "cms.PageContent",
    "cms.PageUrl",
    "cms.PagePermission",  # with CMS_PERMISSION on, a "view" row hides a page from the public
    "sites.Site",
    "units.SendUnit",
    "units.District",
    "units.Need",
    "units.Figure",
    "news.Article",
    "news.ArticleContent",
    "news.Category",
    "feedback.Submission",
    "feedback.Theme",
    "filer.File",
    "filer.Image",
    "filer.Folder",
    "documents.StrategyDetails",
    "documents.FileFacts",
    "documents.Document",
    "freshness.PageReview",  # "Last reviewed" on public pages
]
# Models whose newly created rows are not public unless (field, value): creating one does not drop the cache.
PAGE_CACHE_HIDDEN_WHEN_CREATED = {"feedback.Submission": ("status", "published")}

# Change log (audit app, django-auditlog; README "Change log (audit)"). Which models and fields are logged is in
# audit/registry.py. Values of foreign keys are kept as their names, so an entry still reads right after the
# related row is renamed or deleted. The log is not in CACHE_INVALIDATING_MODELS: writing it never drops pages.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
