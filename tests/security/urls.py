"""The portal's URLs plus one page that fails, to see the 500 page as a visitor would."""

from django.urls import path

from portal.urls import handler403, handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a bug, on purpose")


urlpatterns = [path("__broken__/", broken), *portal_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
