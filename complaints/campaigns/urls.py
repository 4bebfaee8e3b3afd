from django.urls import path

from complaints.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/join/", views.campaign_join, name="join"),
    path("campaigns/<slug:slug>/case/", views.case_edit, name="case"),
    path("campaigns/<slug:slug>/consent/", views.consent_update, name="consent"),
    path("campaigns/<slug:slug>/resolved/", views.resolved_update, name="resolved"),
    path("campaigns/<slug:slug>/leave/", views.campaign_leave, name="leave"),
    path("campaigns/<slug:slug>/members/", views.campaign_members, name="members"),
    path("campaigns/<slug:slug>/members/<int:number>/promote/", views.member_promote, name="promote"),
    path("campaigns/<slug:slug>/edit/", views.campaign_edit, name="edit"),
    path("campaigns/<slug:slug>/resubmit/", views.campaign_resubmit, name="resubmit"),
    path("campaigns/<slug:slug>/close/", views.campaign_close, name="close"),
    path("campaigns/<slug:slug>/updates/", views.campaign_updates, name="updates"),
    path("campaigns/<slug:slug>/updates/new/", views.update_create, name="update_create"),
    path("campaigns/<slug:slug>/tasks/", views.task_list, name="tasks"),
    path("campaigns/<slug:slug>/tasks/<int:task_id>/", views.task_detail, name="task"),
    path("campaigns/<slug:slug>/tasks/<int:task_id>/done/", views.task_done, name="task_done"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("what-happened/", views.intake, name="intake"),
    path("what-happened/start/", views.campaign_start, name="start"),
    path("platforms/", views.platform_list, name="platforms"),
    path("platforms/autocomplete/", views.platform_autocomplete, name="platform_autocomplete"),
    path("platforms/<slug:slug>/", views.platform_detail, name="platform"),
]
