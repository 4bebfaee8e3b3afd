from django.urls import path

from complaints.outreach import views

app_name = "outreach"
urlpatterns = [
    path("following/", views.following, name="following"),
    path("following/<int:pk>/stop/", views.unfollow, name="unfollow"),
    path("campaigns/<slug:slug>/follow/", views.follow_campaign, name="follow_campaign"),
    path("campaigns/<slug:slug>/invite/", views.invite_create, name="invite_create"),
    path("campaigns/<slug:slug>/goal/", views.goal_set, name="goal_set"),
    path("campaigns/<slug:slug>/qr.<str:kind>", views.campaign_qr, name="qr"),
    path("campaigns/<slug:slug>/poster/", views.campaign_poster, name="poster"),
    path("campaigns/<slug:slug>/card-<str:lang>.png", views.campaign_share_card, name="campaign_card"),
    path("platforms/<slug:slug>/card-<str:lang>.png", views.platform_share_card, name="platform_card"),
    path("platforms/<slug:slug>/follow/", views.follow_platform, name="follow_platform"),
    path("i/<slug:token>/", views.invite_open, name="invite_open"),  # tokens are URL-safe base64
]
