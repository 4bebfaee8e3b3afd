from django.urls import path

from complaints.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/", views.campaign_queue, name="campaigns"),
    path("campaigns/<slug:slug>/", views.campaign_review, name="campaign"),
    path("campaigns/<slug:slug>/approve/", views.campaign_approve, name="campaign_approve"),
    path("campaigns/<slug:slug>/reject/", views.campaign_reject, name="campaign_reject"),
    path("campaigns/<slug:slug>/merge/", views.campaign_merge, name="campaign_merge"),
]
