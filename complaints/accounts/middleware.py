from allauth.core.exceptions import RateLimited
from django.conf import settings
from django.shortcuts import render
from django.utils import translation


class PreferredLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's, unless they just picked one with the switcher."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.preferred_language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class RateLimitedMiddleware:
    """allauth raises RateLimited from some flows (sign-up's phone verification among them) instead of
    answering 429 itself: turn it into the "too many attempts" page rather than a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return render(request, "errors/429.html", status=429)
        return None
