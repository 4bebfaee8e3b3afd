from django.urls import path

from complaints.filings import views

app_name = "filings"
urlpatterns = [
    path("campaigns/<slug:slug>/filings/", views.filing_list, name="list"),
    path("campaigns/<slug:slug>/filings/new/", views.filing_new, name="new"),
    path("filings/review/", views.review_queue, name="queue"),
    path("filings/answers-by-email/", views.inbound_held, name="inbound_held"),
    path("filings/answers-by-email/<int:pk>/", views.inbound_decide, name="inbound_decide"),
    path("filings/<int:pk>/", views.filing_detail, name="detail"),
    path("filings/<int:pk>/progress/", views.filing_progress, name="progress"),
    path("filings/<int:pk>/regenerate/", views.filing_regenerate, name="regenerate"),
    path("filings/<int:pk>/send-for-approval/", views.filing_send_for_approval, name="send_for_approval"),
    path("filings/<int:pk>/review/", views.filing_review, name="review"),
    path("filings/<int:pk>/submit/", views.filing_submit, name="submit"),
    path("filings/<int:pk>/ask-for-evidence/", views.filing_ask_for_evidence, name="ask_for_evidence"),
    path("filings/<int:pk>/ask-to-be-named/", views.filing_ask_to_be_named, name="ask_to_be_named"),
    path("filings/<int:pk>/consent/", views.filing_consent, name="consent"),
    path("filings/<int:pk>/v<int:number>.pdf", views.version_pdf, name="pdf"),
    path("filings/<int:pk>/v<int:number>-annex.<str:kind>", views.version_annex, name="annex"),
    path(
        "filings/<int:pk>/submissions/<int:submission_id>/tracking/",
        views.submission_tracking,
        name="tracking",
    ),
    path(
        "filings/<int:pk>/submissions/<int:submission_id>/resend/",
        views.submission_resend,
        name="resend",
    ),
    path("campaigns/<slug:slug>/outcome/", views.outcome, name="outcome"),
    path("filings/respond/<str:token>/", views.respond, name="respond"),
    path("filings/verify/<str:token>/", views.verify, name="verify"),
    path("filings/verify/<str:token>/key.txt", views.verify_key, name="verify_key"),
    path(
        "filings/<int:pk>/submissions/<int:submission_id>/deadline/",
        views.submission_deadline,
        name="deadline",
    ),
    path(
        "filings/<int:pk>/submissions/<int:submission_id>/response/",
        views.response_record,
        name="response_record",
    ),
    path(
        "filings/<int:pk>/responses/<int:response_id>/", views.response_attachment, name="response_attachment"
    ),
]
