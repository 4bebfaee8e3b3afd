from django.urls import path

from complaints.transparency import views

app_name = "transparency"
urlpatterns = [
    path("campaigns/<slug:slug>/status/", views.campaign_status, name="status"),
    path("statistics/", views.statistics, name="statistics"),
]
