from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from complaints.core import health


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = health.database_ok()
    broker_ok, broker_detail = health.broker_ok()
    ok = db_ok and broker_ok
    body = {"status": "ok" if ok else "error"}
    if health.may_see_details(request):  # a stranger learns up or down, not which database or broker
        body |= {
            "database": {"ok": db_ok, "detail": db_detail},
            "broker": {"ok": broker_ok, "detail": broker_detail},
        }
    return JsonResponse(body, status=200 if ok else 503)


def ping(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers through the whole middleware stack, touching neither the database nor
    the broker (a load balancer's probe; `/healthz` checks those). `make bench` compares every page to it."""
    return HttpResponse("pong", content_type="text/plain")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
