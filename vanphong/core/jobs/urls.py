"""Pages of a background job: the progress page (polled with HTMX) and the download.

Mounted at the root as ``jobs:*`` (``path("", include("vanphong.core.jobs.urls"))``); until the
root URL configuration includes it, the registers' URL module includes it (``registers:jobs:*``).
``links.url_for`` finds whichever is mounted.
"""

from django.urls import path

from vanphong.core.jobs import views

app_name = "jobs"

urlpatterns = [
    path("tac-vu/", views.job_list, name="list"),
    path("tac-vu/<int:pk>/", views.job_detail, name="detail"),
    path("tac-vu/<int:pk>/tien-do/", views.job_progress, name="progress"),
    path("tac-vu/<int:pk>/tai-ve/", views.job_download, name="download"),
]
