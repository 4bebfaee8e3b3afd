from django.urls import path

from complaints.mandates import views

app_name = "mandates"
urlpatterns = [
    path("campaigns/<slug:slug>/mandate/", views.mandate_text, name="text"),
    path("campaigns/<slug:slug>/mandate/publish/", views.mandate_publish, name="publish"),
    path("campaigns/<slug:slug>/mandate/sign/", views.mandate_sign, name="sign"),
    path("mandates/<int:pk>/pdf/", views.mandate_pdf, name="pdf"),
    path("mandates/<int:pk>/revoke/", views.mandate_revoke, name="revoke"),
]
