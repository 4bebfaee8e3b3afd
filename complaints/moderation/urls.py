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
    path("campaigns/<slug:slug>/platform/", views.platform_decide, name="platform_decide"),
    path("claims/<str:target_type>/<str:target_id>/claim/", views.claim, name="claim"),
    path("claims/<str:target_type>/<str:target_id>/release/", views.release, name="release"),
    path("accounts/", views.users, name="users"),
    path("accounts/<int:pk>/suspend/", views.user_suspend, name="user_suspend"),
    path("accounts/<int:pk>/restore/", views.user_restore, name="user_restore"),
    path("audit/", views.audit, name="audit"),
    path("report/<str:target_type>/<str:target_id>/", views.report, name="report_this"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_review, name="report"),
    path("reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("reports/<int:pk>/hide/", views.report_hide, name="report_hide"),
]
