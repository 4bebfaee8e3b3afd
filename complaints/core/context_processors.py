from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_moderator": bool(user and user.is_authenticated and getattr(user, "is_moderator", False)),
        "embedded_mode": settings.TONGSU_EMBEDDED,
    }
