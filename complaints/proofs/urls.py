from django.urls import path

from complaints.proofs import views

app_name = "proofs"
urlpatterns = [
    path("proofs/duplicates/", views.duplicates, name="duplicates"),
    path("proofs/duplicates/<int:pk>/", views.duplicate_review, name="duplicate"),
]
