from django.urls import path

from vanphong.reception import views, views_public, views_register

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
        "tiep-cong-dan/don/<int:pk>/tep/<int:att>/",
        views.petition_attachment,
        name="petition_attachment",
    ),
    path(
        "tiep-cong-dan/don/<int:pk>/<slug:action>/", views.petition_action, name="petition_action"
    ),
    path("tiep-cong-dan/so-tiep/", views_register.entry_list, name="entry_list"),
    path("tiep-cong-dan/so-tiep/ghi-so/", views_register.entry_create, name="entry_create"),
    path("tiep-cong-dan/so-tiep/xuat.<str:fmt>", views_register.entry_export, name="entry_export"),
    path("tiep-cong-dan/so-tiep/<int:pk>/", views_register.entry_detail, name="entry_detail"),
    path("tiep-cong-dan/so-tiep/<int:pk>/tra-loi/", views_register.entry_reply, name="entry_reply"),
    path("tiep-cong-dan/lich-tiep/", views_register.day_list, name="day_list"),
    path(
        "tiep-cong-dan/lich-tiep/<int:pk>/<slug:action>/",
        views_register.day_action,
        name="day_action",
    ),
    path("lich-tiep-cong-dan/", views_register.public_days, name="public_days"),
    path("gui-don/", views_public.public_petition, name="public_petition"),
    path(
        "gui-don/bien-nhan/",
        views_public.public_petition_receipt,
        name="public_petition_receipt",
    ),
    path("gui-don/tra-cuu/", views_public.public_petition_status, name="public_petition_status"),
]
