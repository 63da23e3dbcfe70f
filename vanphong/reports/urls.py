from django.urls import include, path

from vanphong.reports import views

app_name = "reports"

urlpatterns = [
    path("tong-hop/", views.dashboard, name="dashboard"),
    path("tong-hop/chi-tiet/<str:key>/", views.drill, name="drill"),
    path("", include("vanphong.reports.urls_periodic")),
]
