from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("vanphong.reports.urls_periodic")),
]
