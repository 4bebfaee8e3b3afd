from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.core.pieces import scope_version
from complaints.notifications import selectors, services
from complaints.notifications.forms import NotificationPreferencesForm
from complaints.notifications.kinds import Kind
from complaints.notifications.permissions import get_notification_for_user
from complaints.notifications.services import inbox_scope

PAGE_SIZE = 25


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.htmx)


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) and url.startswith("/"):
        return url
    return reverse("notifications:list")


def _bell_oob(request: HttpRequest) -> str:
    count = selectors.notification_unread_count(request.user)
    return render_to_string("notifications/_bell.html", {"unread_count": count, "oob": True}, request)


def _notification_page(rows) -> dict:
    """One page of the list and where the next one starts; called by the template (only when it renders)."""
    found = list(rows[: PAGE_SIZE + 1])
    return {
        "notifications": found[:PAGE_SIZE],
        "next_before": found[PAGE_SIZE - 1].pk if len(found) > PAGE_SIZE else None,
    }


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    before = request.GET.get("before", "")
    unread_only = request.GET.get("unread") == "1"
    unread_count = selectors.bell_count(request.user)
    # The list is a cached fragment of the template, kept until something arrives (a newer id) or is read
    # (the inbox's version moves); see core.pieces. Its rows are read only when it is rendered.
    rows = selectors.notifications_for_user(
        request.user, before=int(before) if before.isdigit() else None, unread_only=unread_only
    )
    context = {
        "notification_page": partial(_notification_page, rows),
        "unread_only": unread_only,
        "unread_count": unread_count,
        "is_first_page": not before,
        "next": request.get_full_path(),
        "list_seconds": getattr(settings, "TONGSU_PAGE_CACHE_SECONDS", 10),
        "inbox_version": scope_version(inbox_scope(request.user.pk)),
        "newest_id": selectors.newest_id(request.user),
    }
    return render(request, "notifications/list.html", context)


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk, write=True)
    services.notification_mark_read(actor=request.user, notification=notification)
    if _is_htmx(request):
        item = render_to_string(
            "notifications/list.html#item",
            {"notification": notification, "next": _next_url(request)},
            request,
        )
        return HttpResponse(item + _bell_oob(request))
    return redirect(_next_url(request))


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open what a notification is about, marking it read on the way (a POST: reading changes state)."""
    notification = get_notification_for_user(request.user, pk, write=True)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(notification.target_url or reverse("notifications:list"))


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(actor=request.user, user=request.user)
    if _is_htmx(request):
        # The page re-renders through hx-select; the bell is swapped out of band.
        return redirect(_next_url(request))
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_next_url(request))


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = selectors.notification_preferences_for_user(request.user.pk)
    form = NotificationPreferencesForm(
        request.POST or None, initial=current, moderator=getattr(request.user, "is_moderator", False)
    )
    if request.method == "POST" and form.is_valid():
        services.notification_preferences_update(
            actor=request.user, user=request.user, modes=form.cleaned_data
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    context = {
        "form": form,
        "email_stop": selectors.email_stop_for_user(request.user),
        "digest_time": f"{settings.TONGSU_DIGEST_HOUR}:00",
        "time_zone": settings.TIME_ZONE,
    }
    return render(request, "notifications/preferences.html", context)


@login_required
@require_POST
def notification_email_resume(request: HttpRequest) -> HttpResponse:
    """The email stop notice's button: the person's emails back as they were before the report."""
    services.email_resume(actor=request.user, user=request.user)
    messages.success(request, _("Your emails are on again, as you had them before the pause."))
    return redirect("notifications:preferences")


# No session or CSRF token is involved: the signed token alone authorises this one change, and mail
# clients send RFC 8058 one-click unsubscribes as a plain POST from outside the site.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = services.unsubscribe_token_read(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    # The page speaks the language the email was written in, whoever's browser opens it.
    language = selectors.user_language(user_id) or translation.get_language()
    with translation.override(language):
        label = _("Daily digest") if kind == services.DIGEST else Kind(kind).label
        if request.method == "POST":
            services.notification_unsubscribe(token=token)
            return render(request, "notifications/unsubscribe_done.html", {"kind_label": label})
        return render(request, "notifications/unsubscribe_confirm.html", {"kind_label": label})
