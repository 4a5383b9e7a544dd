from django.conf import settings
from django.db import models


class Message(models.Model):
    room = models.CharField(max_length=200, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    text = models.TextField()
    # The sender's id for the message: a resend with the same id is the same message. Empty when
    # the site runs without de-duplication (CHAT_DEDUP_CLIENT_IDS=0).
    client_id = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["room", "user", "client_id"],
                condition=~models.Q(client_id=""),
                name="one_message_per_client_id",
            )
        ]

    def as_frame(self):
        return {
            "message": self.text,
            "user": self.user.username,
            "created_at": self.created_at.isoformat(),
            "id": self.pk,
            "client_id": self.client_id,
        }
