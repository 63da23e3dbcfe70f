from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from vanphong.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("vanphong.org.urls")),
    path("", include("vanphong.documents.urls")),
    path("", include("vanphong.documents.urls_registers")),
    path("", include("vanphong.core.jobs.urls")),
    path("", include("vanphong.reception.urls")),
    path("", include("vanphong.procedures.urls")),
    path("", include("vanphong.workfiles.urls")),
    path("", include("vanphong.tasks.urls")),
    path("", include("vanphong.meetings.urls")),
    path("", include("vanphong.onestop.urls")),
    path("", include("vanphong.feedback.urls")),
    path("", include("vanphong.reports.urls")),
    path("open311/v2/", include("vanphong.feedback.open311_urls")),
    path("", include("vanphong.core.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
