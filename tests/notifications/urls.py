"""The project's urls plus one view that announces an event, as a campaign's "post an update" would."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from complaints.notifications.kinds import Kind
from complaints.notifications.services import notify
from portal.urls import urlpatterns as portal_urlpatterns


@login_required
@require_POST
def announce(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        notify(
            actor=request.user,
            kind=Kind.UPDATE_POSTED,
            audience="test_crowd",
            audience_args={"domain": request.POST["domain"]},
            params={"campaign": "某钱包冻结资金", "update": request.POST["update"]},
            dedupe_key=request.POST["key"],
        )
    return HttpResponse(status=204)


urlpatterns = [path("test/announce/", announce), *portal_urlpatterns]
