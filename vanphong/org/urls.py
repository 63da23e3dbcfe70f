from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("xac-thuc-hai-buoc/", auth_views.LoginView.as_view(), name="otp_verify"),
    path("xac-thuc-hai-buoc/cai-dat/", auth_views.LoginView.as_view(), name="otp_setup"),
]
