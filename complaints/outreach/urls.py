from django.urls import path

from complaints.outreach import views

app_name = "outreach"
urlpatterns = [
    path("following/", views.following, name="following"),
    path("following/<int:pk>/stop/", views.unfollow, name="unfollow"),
    path("campaigns/<slug:slug>/follow/", views.follow_campaign, name="follow_campaign"),
    path("platforms/<slug:slug>/follow/", views.follow_platform, name="follow_platform"),
]
