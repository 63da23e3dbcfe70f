from django.urls import path

from vanphong.meetings import views

app_name = "meetings"

urlpatterns = [
    path("cuoc-hop/", views.meeting_week, name="meeting_week"),
    path("cuoc-hop/tao-moi/", views.meeting_create, name="meeting_create"),
    path("cuoc-hop/lich-rieng/", views.feed_settings, name="feed_settings"),
    path("cuoc-hop/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("cuoc-hop/<int:pk>/sua/", views.meeting_edit, name="meeting_edit"),
    path("cuoc-hop/<int:pk>/tep/<int:attachment>/", views.meeting_file, name="meeting_file"),
    path(
        "cuoc-hop/<int:pk>/thanh-phan/<int:participant>/",
        views.participant_action,
        name="participant_action",
    ),
    path(
        "cuoc-hop/<int:pk>/xac-nhan/<int:participant>/",
        views.participant_respond,
        name="participant_respond",
    ),
    path("cuoc-hop/<int:pk>/<slug:action>/", views.meeting_action, name="meeting_action"),
    path("phong-hop/", views.room_list, name="room_list"),
    path("lich-hop/<str:token>.ics", views.feed, name="feed"),
    path("lich-cong-tac/", views.schedule_week, name="schedule_week"),
    path("lich-cong-tac/<int:pk>/in/", views.schedule_print, name="schedule_print"),
    path("lich-cong-tac/<slug:action>/", views.schedule_action, name="schedule_action"),
    path("cong-khai/lich-cong-tac/<int:agency>/", views.public_schedule, name="public_schedule"),
]
