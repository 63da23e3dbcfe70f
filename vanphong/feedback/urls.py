from django.urls import path

from vanphong.feedback import views

app_name = "feedback"

urlpatterns = [
    # Public pages (no sign-in)
    path("phan-anh/", views.public_list, name="public_list"),
    path("phan-anh/gui/", views.public_submit, name="public_submit"),
    path("phan-anh/bien-nhan/", views.public_receipt, name="public_receipt"),
    path("phan-anh/tra-cuu/", views.public_lookup, name="public_lookup"),
    path("phan-anh/anh/<int:pk>/", views.public_photo, name="public_photo"),
    path("phan-anh/<str:code>/", views.public_detail, name="public_detail"),
    # Staff pages
    path("duong-day-nong/", views.queue, name="queue"),
    path("duong-day-nong/tiep-nhan/", views.intake, name="intake"),
    path("duong-day-nong/mau-tra-loi/", views.templates, name="templates"),
    path("duong-day-nong/<int:pk>/", views.detail, name="detail"),
    path("duong-day-nong/<int:pk>/lien-he/", views.contact, name="contact"),
    path("duong-day-nong/<int:pk>/anh/<int:att>/", views.staff_photo, name="staff_photo"),
    path("duong-day-nong/<int:pk>/<slug:action>/", views.action, name="action"),
]
