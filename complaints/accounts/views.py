from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from complaints.accounts import lifecycle, security, selectors, services
from complaints.accounts.consent import membership_for_withdraw
from complaints.accounts.forms import DeleteAccountForm, ProfileForm, RestoreRequestForm
from complaints.accounts.models import DataExport
from complaints.core.downloads import private_file_headers


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": user.display_name, "preferred_language": user.preferred_language},
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(actor=user, user=user, **form.cleaned_data)
        language = form.cleaned_data["preferred_language"]
        if language:
            translation.activate(language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        else:  # "same as my browser": an earlier pick in the switcher must not keep overriding it
            response.delete_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
    return render(request, "accounts/profile.html", {"form": form})


def language_switch(request: HttpRequest) -> HttpResponse:
    """The header's language switcher (Django's set_language); a signed-in person's pick is also saved to
    their profile, so their next login (on any browser) opens in it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.profile_language_set(actor=request.user, user=request.user, language=language)
    return response


def _password_first(view):
    """Deleting needs the portal's own credentials: a linked outside login alone is not enough."""

    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.has_usable_password():
            messages.warning(
                request, _("Set a password for your account first; deleting it asks for that password.")
            )
            return redirect("account_set_password")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


PROVIDER_NAMES = {"github": "GitHub", "weixin": "WeChat / 微信"}


def _linked_providers(user) -> list[str]:
    if "allauth.socialaccount" not in settings.INSTALLED_APPS:
        return []
    from allauth.socialaccount.models import SocialAccount

    ids = SocialAccount.objects.filter(user=user).values_list("provider", flat=True).distinct()
    return sorted(PROVIDER_NAMES.get(p, p) for p in ids)


@login_required
@_password_first
@reauthentication_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.account_deletion_request(actor=request.user, user=request.user)
        logout(request)
        request.session["deleted_until"] = formats.date_format(user.erase_after, "DATE_FORMAT")
        return redirect("accounts:deleted")
    context = {
        "form": form,
        "impact": lifecycle.deletion_impact(request.user),
        "grace_days": lifecycle.grace_period().days,
        "linked_providers": _linked_providers(request.user),
    }
    return render(request, "accounts/delete.html", context)


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/deleted.html", {"erase_after": request.session.get("deleted_until")})


def restore_account(request: HttpRequest, token: str) -> HttpResponse:
    user = lifecycle.user_for_restore_token(token)
    if user is None:
        return render(request, "accounts/restore_invalid.html", status=404)
    if request.method == "POST":
        services.account_restore(user=user)
        messages.success(request, _("Your account is restored. You can log in again."))
        return redirect("account_login")
    return render(request, "accounts/restore.html", {"erase_after": user.erase_after})


def restore_request(request: HttpRequest) -> HttpResponse:
    """Ask for the restore link again; the answer is the same whether or not the address has an account."""
    form = RestoreRequestForm(
        request.POST or None, initial={"email": request.session.get("restore_email", "")}
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        ip = get_adapter(request).get_client_ip(request)
        limited = security.rate_limit_hit(scope="restore-ip", key=ip, limit=10, seconds=3600)
        limited = security.rate_limit_hit(scope="restore-email", key=email, limit=1, seconds=600) or limited
        if limited:
            form.add_error(None, _("Too many requests. Please wait a few minutes and try again."))
            return render(request, "accounts/restore_request.html", {"form": form}, status=429)
        services.restore_link_resend(email=email)
        return render(request, "accounts/restore_request.html", {"sent_to": email})
    return render(request, "accounts/restore_request.html", {"form": form})


def undo_change(request: HttpRequest, token: str) -> HttpResponse:
    """ "This wasn't me": put the notified address back, sign everyone out and hold the account."""
    target = security.undo_target(token)
    invalid = {"contact_email": settings.TONGSU_CONTACT_EMAIL}
    if target is None:
        return render(request, "accounts/undo_invalid.html", invalid, status=404)
    user, email, issued = target
    if request.method == "POST":
        user = security.account_change_undo(user=user, email=email, issued=issued)
        if user is None:
            return render(request, "accounts/undo_invalid.html", invalid, status=404)
        if request.user.is_authenticated:
            logout(request)
        return render(
            request,
            "accounts/undo_done.html",
            {"held_user": user, "email": email, "contact_email": settings.TONGSU_CONTACT_EMAIL},
        )
    return render(request, "accounts/undo.html", {"email": email, "hold_days": security.hold_period().days})


@login_required
@reauthentication_required
def data_export(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.export_request(actor=request.user)
        except services.ExportTooSoon as refused:
            messages.error(
                request,
                _("You asked for an export recently. You can ask again after %(time)s.")
                % {"time": formats.date_format(refused.next_allowed, "DATETIME_FORMAT")},
            )
        else:
            messages.success(request, _("Your export is being prepared. We will email you when it is ready."))
        return redirect("accounts:export")
    exports = DataExport.objects.filter(user=request.user)[:10]
    links = {e.pk: lifecycle.export_download_token(e) for e in exports if e.status == DataExport.Status.READY}
    return render(request, "accounts/export.html", {"exports": exports, "links": links})


@login_required
def data_export_download(request: HttpRequest, pk: int, token: str) -> FileResponse:
    export = lifecycle.export_for_token(request.user, pk, token)
    if export is None:
        raise Http404
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename=f"tongsu-export-{export.pk}.zip"
    )
    return private_file_headers(response)


@login_required
def consent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/consent.html", {"campaigns": selectors.consent_overview(request.user)})


@require_POST
@login_required
def consent_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for_withdraw(request.user, slug)
    campaign = membership.campaign
    if membership.is_active:
        services.consent_withdraw(actor=request.user, membership=membership)
        messages.success(
            request,
            _("Your consent in “%(campaign)s” is withdrawn for every filing not yet submitted.")
            % {"campaign": campaign.title},
        )
    return redirect("accounts:consent")
