from django.urls import path

from complaints.ballots import views

app_name = "ballots"
urlpatterns = [
    path("campaigns/<slug:slug>/offers/", views.offers, name="offers"),
    path("campaigns/<slug:slug>/offers/new/", views.offer_create, name="offer_create"),
    path("campaigns/<slug:slug>/offers/<int:pk>/", views.offer, name="offer"),
    path("campaigns/<slug:slug>/offers/<int:pk>/open/", views.offer_open, name="offer_open"),
    path("campaigns/<slug:slug>/offers/<int:pk>/vote/", views.offer_vote, name="offer_vote"),
    path("campaigns/<slug:slug>/offers/<int:pk>/accept/", views.offer_accept, name="offer_accept"),
    path("campaigns/<slug:slug>/offers/<int:pk>/received/", views.offer_received, name="offer_received"),
    path("campaigns/<slug:slug>/offers/<int:pk>/receipts/", views.receipts, name="receipts"),
]
