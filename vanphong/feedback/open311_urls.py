"""Open311 GeoReport v2 endpoints, mounted at /open311/v2/ by vanphong/urls.py."""

from django.urls import path  # noqa: F401

app_name = "open311"

urlpatterns: list = []
