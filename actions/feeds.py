"""An Atom feed of the browse page: the same parameters, the newest actions first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .filters import ActionFilterSet
from .models import Action


class ActionFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        # what the browse page with these parameters shows, fallbacks included
        return ActionFilterSet.read(request.GET)

    def title(self, filterset):
        query = filterset.form.cleaned_data.get("q")
        return _("pesknow: actions matching “%(query)s”") % {"query": query} if query else _("pesknow: actions")

    def subtitle(self, filterset):
        return _("Public Employment Service cooperation actions, newest first.")

    def link(self, filterset):
        state = filterset.state.urlencode()
        return reverse("actions:list") + (f"?{state}" if state else "")

    def items(self, filterset):
        newest = filterset.qs.order_by("-updated_at", "-pk")
        return newest.select_related("country", "partner")[: settings.FEED_ITEMS]

    def item_title(self, action):
        return action.title

    def item_description(self, action):
        return Truncator(action.description).words(80)

    def item_updateddate(self, action):
        return action.updated_at

    def item_pubdate(self, action):
        return action.created_at

    def item_categories(self, action):
        return [name for name in (action.country and action.country.name, action.get_kind_display()) if name]


action_feed = ActionFeed()


def feed(request):
    """The feed, or the browse page's error page when a filter is not valid."""
    filterset = ActionFilterSet(request.GET, queryset=Action.objects.all())
    if filterset.errors:
        return render(request, "actions/bad_query.html", {"errors": filterset.errors}, status=400)
    return action_feed(request)
