from django.urls import path

from complaints.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/read/", views.notification_mark_read, name="mark_read"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read-all/", views.notification_mark_all_read, name="mark_all_read"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path("preferences/resume/", views.notification_email_resume, name="email_resume"),
    path("unsubscribe/<str:token>/", views.notification_unsubscribe, name="unsubscribe"),
]
