"""Periodic reports (báo cáo định kỳ), included by ``vanphong/reports/urls.py`` (namespace
``reports``)."""

from django.urls import path

from vanphong.reports import periodic_views as views

urlpatterns = [
    path("bao-cao-dinh-ky/", views.periodic_index, name="periodic"),
    path("bao-cao-dinh-ky/ky/", views.periodic_period_fields, name="periodic_period_fields"),
    path("bao-cao-dinh-ky/<int:pk>/", views.periodic_detail, name="periodic_detail"),
    path("bao-cao-dinh-ky/<int:pk>/tien-do/", views.periodic_progress, name="periodic_progress"),
    path("bao-cao-dinh-ky/<int:pk>/phu-luc/", views.periodic_annex, name="periodic_annex"),
    path("bao-cao-dinh-ky/<int:pk>/trinh-ky/", views.periodic_submit, name="periodic_submit"),
]
