"""Pages of a background job: the progress page (polled with HTMX) and the download.

Mounted at the root as ``jobs:*`` by ``vanphong/urls.py``.
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
