"""HTTP goes to Django; WebSockets pass the Origin check, then the JWT middleware, then the
router. A path the router does not know (no trailing slash, another prefix) raises inside
Channels, and daphne answers the handshake with HTTP 500."""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatsite.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()  # sets Django up before the imports below

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import re_path  # noqa: E402

from chat.consumers import ChatConsumer  # noqa: E402
from chat.middleware import JwtAuthMiddleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            JwtAuthMiddleware(URLRouter([re_path(r"^ws/chat/(?P<room_name>[^/]+)/$", ChatConsumer.as_asgi())]))
        ),
    }
)
