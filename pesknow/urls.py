from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    # Without a CSRF token the language form leaves public pages free of cookies, so they
    # can be cached; the worst a forged request can do is switch someone's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("actions.urls")),
]
