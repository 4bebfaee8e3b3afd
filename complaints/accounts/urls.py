from allauth.account import views as allauth_views
from allauth.account.decorators import reauthentication_required
from django.urls import path

from complaints.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("delete/", views.delete_account, name="delete"),
    path("deleted/", views.account_deleted, name="deleted"),
    path("restore/", views.restore_request, name="restore_request"),
    path("restore/<str:token>/", views.restore_account, name="restore"),
    path("undo/<str:token>/", views.undo_change, name="undo_change"),
    path("consent/", views.consent, name="consent"),
    path("consent/<slug:slug>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("export/", views.data_export, name="export"),
    path("export/<int:pk>/<str:token>/", views.data_export_download, name="export_download"),
    # allauth's own phone change, behind a fresh password or second factor like every sensitive change.
    path("phone/change/", reauthentication_required(allauth_views.change_phone), name="phone_change"),
]
