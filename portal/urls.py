from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from complaints.accounts.views import language_switch
from complaints.filings.webhooks import inbound_urlpatterns
from complaints.notifications.bounces import tracking_urlpatterns
from complaints.rankings.api import api as opendata_api
from complaints.rankings.api import not_found as api_not_found

# The admin's own login form would skip allauth's rate limits and two-factor step: send it through allauth.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "同诉 Tongsu"

urlpatterns = [
    path("", include("complaints.core.urls")),
    path("", include("complaints.campaigns.urls")),
    path("", include("complaints.filings.urls")),
    path("", include("complaints.outreach.urls")),
    path("", include("complaints.mandates.urls")),
    path("", include("complaints.replies.urls")),
    path("", include("complaints.transparency.urls")),
    path("", include("complaints.rankings.urls")),
    # The read-only open-data API (django-ninja; OpenAPI description and docs at /api/v1/docs).
    # The API's root has no page; ninja's own root view (which it needs for reversing its paths) answers with
    # the site's HTML 404, so this one, matched first, answers as every other address under /api/ does.
    path("api/v1/", api_not_found, name="api_root"),
    path("api/v1/", opendata_api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api_not_found"),  # a program reads JSON there
    path("", include("complaints.proofs.urls")),
    path("", include("complaints.ballots.urls")),
    path("moderation/", include("complaints.moderation.urls")),
    path("evidence/", include("complaints.evidence.urls")),
    path("notifications/", include("complaints.notifications.urls")),
    path("accounts/", include("complaints.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Django's set_language, which also saves a signed-in person's pick to their profile.
    path("i18n/setlang/", language_switch, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # The mail provider reports bounces and complaints here and posts replies to filings (anymail, basic auth:
    # ANYMAIL_WEBHOOK_SECRET).
    path("mail/webhooks/", include((tracking_urlpatterns + inbound_urlpatterns, "anymail"))),
]

handler404 = "complaints.core.views.page_not_found"
handler403 = "complaints.core.views.permission_denied"
handler500 = "complaints.core.views.server_error"
