from django.urls import path

from vanphong.reception import views

app_name = "reception"

urlpatterns = [
    path("tiep-cong-dan/don/", views.petition_list, name="petition_list"),
    path("tiep-cong-dan/don/tiep-nhan/", views.petition_create, name="petition_create"),
    path("tiep-cong-dan/don/<int:pk>/", views.petition_detail, name="petition_detail"),
    path(
        "tiep-cong-dan/don/<int:pk>/nguoi-to-cao/<int:person>/",
        views.petition_identity,
        name="petition_identity",
    ),
    path(
        "tiep-cong-dan/don/<int:pk>/<slug:action>/", views.petition_action, name="petition_action"
    ),
]
