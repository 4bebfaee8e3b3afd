from django.urls import path

from complaints.replies import views

app_name = "replies"
urlpatterns = [
    path("platforms/<slug:slug>/represent/", views.represent, name="represent"),
    path("represent/", views.representations, name="representations"),
    path("represent/<int:pk>/", views.representation, name="representation"),
    path("represent/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("represent/<int:pk>/resign/", views.resign, name="resign"),
    path("moderation/representatives/", views.moderation_queue, name="moderation_queue"),
    path("moderation/representatives/<int:pk>/", views.moderation_review, name="moderation_review"),
    path("moderation/representatives/<int:pk>/revoke/", views.moderation_revoke, name="moderation_revoke"),
    path("campaigns/<slug:slug>/replies/", views.thread, name="thread"),
    path("campaigns/<slug:slug>/replies/new/", views.reply_create, name="reply_create"),
    path("campaigns/<slug:slug>/replies/ask/", views.info_request_create, name="ask"),
    path("campaigns/<slug:slug>/replies/requests/", views.info_requests, name="requests"),
    path("replies/requests/<int:pk>/task/", views.info_request_task, name="request_task"),
    path("replies/<int:pk>/mark/", views.reply_mark, name="mark"),
]
