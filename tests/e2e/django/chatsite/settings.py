"""Settings of the e2e chat site: a small Django REST Framework + simplejwt + Channels site that
speaks DESIGN.md's contract the way real sites do. Everything a test varies comes from the
environment, set by ../run_server.py:
  CHAT_DB_PATH           the SQLite file (in a temporary folder)
  CHAT_SECRET_KEY        signs the JWTs; shared by every daphne process of one run
  CHAT_ACCESS_SECONDS    access token lifetime (default 300; tests use 3)
  CHAT_TOKEN_TRANSPORTS  where the WebSocket middleware looks for the token, comma-separated:
                         subprotocol, subprotocol-pair, header, query (default: the first two)
  CHAT_REDIS_URL         redis://... for a shared channel layer; unset: in-memory (one process)
  CHAT_HISTORY_SIZE      messages replayed to a joining client (default 50)
A site that does not help the client deliver exactly once, as most do not:
  CHAT_DEDUP_CLIENT_IDS  0: every frame is a new message, a resent client_id too (default 1)
  CHAT_HISTORY_EXTRAS    0: history frames carry no client_id (default 1)
  CHAT_BROADCAST_DELAY_MS  a message is stored at once and broadcast this much later (default 0)
"""
import os
from datetime import timedelta

SECRET_KEY = os.environ.get("CHAT_SECRET_KEY", "e2e-only-not-secret")
DEBUG = False
# Channels' AllowedHostsOriginValidator compares the Origin header with these: without
# 127.0.0.1 every WebSocket handshake from the client is refused with HTTP 403.
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "channels",
    "chat",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # APPEND_SLASH: GET /api/token gets a 301 to /api/token/; a POST without the slash is a 500.
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "chatsite.urls"
ASGI_APPLICATION = "chatsite.asgi.application"
USE_TZ = True

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("CHAT_DB_PATH", "/tmp/qtchat-e2e.sqlite3"),
        # Two daphne processes may share the file: wait for the lock instead of failing.
        "OPTIONS": {"timeout": 20},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}
SIMPLE_JWT = {
    # simplejwt writes exp and iat as whole seconds.
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("CHAT_ACCESS_SECONDS", "300"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    # Every refresh answers a new refresh token and blacklists the old one: reuse gives 401.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "SIGNING_KEY": SECRET_KEY,
}

CHAT_TOKEN_TRANSPORTS = [
    t.strip()
    for t in os.environ.get("CHAT_TOKEN_TRANSPORTS", "subprotocol,subprotocol-pair").split(",")
    if t.strip()
]
CHAT_HISTORY_SIZE = int(os.environ.get("CHAT_HISTORY_SIZE", "50"))
CHAT_DEDUP_CLIENT_IDS = os.environ.get("CHAT_DEDUP_CLIENT_IDS", "1") != "0"
CHAT_HISTORY_EXTRAS = os.environ.get("CHAT_HISTORY_EXTRAS", "1") != "0"
CHAT_BROADCAST_DELAY_MS = int(os.environ.get("CHAT_BROADCAST_DELAY_MS", "0"))

if os.environ.get("CHAT_REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["CHAT_REDIS_URL"]]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Errors to stderr, never request bodies or tokens (daphne's access log stays off: it would
# print ?token= query strings).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"chat": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}
