from django.urls import path

from complaints.rankings import views

app_name = "rankings"

urlpatterns = [
    path("rankings/", views.ranking_list, name="list"),
    path("rankings/methodology/", views.methodology, name="methodology"),
    path("data/", views.open_data, name="open_data"),
    path("data/api/", views.api_guide, name="api_guide"),
    path("data/tongsu-open-data.zip", views.open_data_download, name="open_data_download"),
]
