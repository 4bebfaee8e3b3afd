from django.urls import path

from complaints.evidence import views

app_name = "evidence"
urlpatterns = [
    path("campaigns/<slug:slug>/", views.pooled_index, name="index"),
    path("campaigns/<slug:slug>/mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/details/", views.details, name="details"),
    path("<int:pk>/review/boxes/", views.box_add, name="box_add"),
    path("<int:pk>/review/boxes/<str:box_id>/remove/", views.box_remove, name="box_remove"),
    path("<int:pk>/review/text/", views.text_mark, name="text_mark"),
    path("<int:pk>/review/approve/", views.approve, name="approve"),
    path("<int:pk>/review/reject/", views.reject, name="reject"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/original/", views.original, name="original"),
    path("<int:pk>/normalized/", views.normalized, name="normalized"),
    path("<int:pk>/redacted/", views.redacted, name="redacted"),
    path("<int:pk>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<int:pk>/pages/<str:version>/<int:number>/", views.page_image, name="page"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("moderation/<int:pk>/decide/", views.moderate_decide, name="moderate_decide"),
    path("moderation/<int:pk>/original/", views.moderate_original, name="moderate_original"),
    path("original/<str:token>/", views.original_link, name="original_link"),
]
