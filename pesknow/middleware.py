"""What every request goes through before and after the app: health, bounds, caching."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _


def client_address(request) -> str:
    """The client's address: behind the trusted proxy, the last one of X-Forwarded-For (the
    proxy appends the address it saw; earlier ones were written by the client), else the
    connection's. Used to lock out admin logins per client, not per proxy."""
    if settings.TRUST_PROXY_HEADERS:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded[:45]
    return request.META.get("REMOTE_ADDR", "")


class HealthCheckMiddleware:
    """`/healthz` answers before anything else runs (no host check, no HTTPS redirect, no
    session), so a load balancer can ask over plain HTTP by address: 200 while the database
    answers, 503 when it does not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            response = HttpResponse("ok\n", content_type="text/plain")
        except DatabaseError:
            response = HttpResponse("database unreachable\n", content_type="text/plain", status=503)
        response["Cache-Control"] = "no-store"
        return response


class RequestBoundsMiddleware:
    """Refuses addresses no page needs: an overlong query string (414) and a parameter
    repeated more often than any filter could use (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            message = _("This address is too long (at most %(limit)d characters after “?”).") % {
                "limit": settings.MAX_QUERY_STRING_LENGTH
            }
            return render(request, "400.html", {"message": message}, status=414)
        for name, values in request.GET.lists():
            if len(values) > settings.MAX_VALUES_PER_PARAMETER:
                message = _("The parameter “%(name)s” is given %(count)d times; at most %(limit)d are allowed.") % {
                    "name": name[:40],
                    "count": len(values),
                    "limit": settings.MAX_VALUES_PER_PARAMETER,
                }
                return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class PublicCacheMiddleware:
    """Lets browsers and shared caches keep anonymous pages for PUBLIC_CACHE_SECONDS.

    Only GET and HEAD responses that set no cookie and say nothing of caching themselves
    (the admin says never_cache) qualify. Public pages show the same content to everyone
    but for the language, which comes from the Accept-Language header or a cookie, hence
    Vary on both."""

    CACHEABLE_STATUSES = {200, 301, 404}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code in self.CACHEABLE_STATUSES
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            patch_vary_headers(response, ("Cookie",))
        return response
