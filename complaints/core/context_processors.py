from django.conf import settings

# How long each process keeps the site header's fixed parts (they depend only on the language and the kind of
# viewer); TONGSU_PAGE_CACHE_SECONDS=0 turns this off with every other kept piece of a page.
HEADER_SECONDS = 86400


def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_moderator": bool(user and user.is_authenticated and getattr(user, "is_moderator", False)),
        "embedded_mode": settings.TONGSU_EMBEDDED,
        "header_seconds": HEADER_SECONDS if settings.TONGSU_PAGE_CACHE_SECONDS else 0,
    }
