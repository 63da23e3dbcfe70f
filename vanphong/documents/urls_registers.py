"""URLs of the document registers (Phụ lục IV) and their exports."""

from django.urls import path  # noqa: F401

app_name = "registers"

urlpatterns: list = []
