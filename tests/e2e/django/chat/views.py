"""The history endpoint: GET /api/rooms/<room>/messages/?before=<id>&limit=<n> with a simplejwt
Bearer token answers the newest <n> messages of the room before message <id> (without before: the
newest), oldest first, as the socket sends them (the same as_frame() objects), paginated the way DRF
pages a list: {"next", "previous", "results"}. 401 without a good access token, 404 for a room that
has no messages, 400 for a before or limit that is no number; limit is capped at PAGE_CAP."""
from django.conf import settings
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

from .models import Message

PAGE_CAP = 100


def number(params, name, default):
    text = params.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise ValidationError({name: ["A whole number is required."]})


class RoomMessages(APIView):
    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request, room_name):
        before = number(request.query_params, "before", None)
        limit = number(request.query_params, "limit", 50)
        if limit <= 0:
            raise ValidationError({"limit": ["Must be at least 1."]})
        messages = Message.objects.filter(room=room_name)
        if not messages.exists():
            raise NotFound()
        if before is not None:
            messages = messages.filter(id__lt=before)
        newest = messages.select_related("user").order_by("-id")[: min(limit, PAGE_CAP)]
        frames = [m.as_frame() for m in reversed(newest)]
        if not settings.CHAT_HISTORY_EXTRAS:  # as the socket replays them
            frames = [{key: f[key] for key in ("message", "user", "created_at", "id")} for f in frames]
        return Response({"next": None, "previous": None, "results": frames})
