from django.urls import path
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from chat.views import RoomMessages

urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view()),
    path("api/token/refresh/", TokenRefreshView.as_view()),
    path("api/rooms/<str:room_name>/messages/", RoomMessages.as_view()),
]
