"""The API token page, among the account's pages (mounted at /accounts/api-tokens/)."""

from django.urls import path

from . import token_views

urlpatterns = [
    path("", token_views.api_tokens, name="api_tokens"),
    path("<int:pk>/revoke/", token_views.api_token_revoke_view, name="api_token_revoke"),
]
