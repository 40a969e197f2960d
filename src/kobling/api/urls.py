from django.urls import path

from kobling.api import views
from kobling.api.endpoints import api
from kobling.api.v1 import api_v1

__all__ = ["api", "api_v1", "urlpatterns"]

# The token page (the API itself is mounted by kobling.urls: /api/v1/ and /api/).
urlpatterns = [
    path("", views.token_list, name="api_tokens"),
    path("<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
