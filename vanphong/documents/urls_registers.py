"""URLs of the document registers (Phụ lục IV) and their exports."""

from django.urls import path

from vanphong.documents import views_registers

app_name = "registers"

urlpatterns = [
    path("so-dang-ky/", views_registers.register_form, name="form"),
]
