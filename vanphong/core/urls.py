from django.urls import path

from vanphong.core import views

urlpatterns = [
    path("", views.home, name="home"),
]
