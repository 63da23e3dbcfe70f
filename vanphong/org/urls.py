from django.contrib.auth import views as auth_views
from django.urls import path

from vanphong.org import views

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path(
        "dang-xuat/",
        auth_views.LogoutView.as_view(template_name="org/logged_out.html"),
        name="logout",
    ),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(template_name="org/password_change_done.html"),
        name="password_change_done",
    ),
    path("xac-thuc-hai-buoc/", views.otp_verify, name="otp_verify"),
    path("xac-thuc-hai-buoc/cai-dat/", views.otp_setup, name="otp_setup"),
]
