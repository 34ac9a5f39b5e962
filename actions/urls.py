from django.urls import path

from . import feeds, views
from .explore import views as explore

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("actions/<slug:slug>/", views.action_detail, name="detail"),
    path("filters/<slug:param>/", views.facet_values, name="facet"),
    path("export.json", views.export_json, name="export-json"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("feed.atom", feeds.feed, name="feed"),
    path("countries/", explore.country_list, name="countries"),
    path("countries/<slug:code>/", explore.country_detail, name="country"),
    path("partners/", explore.partner_list, name="partners"),
    path("partners/<slug:slug>/", explore.partner_detail, name="partner"),
    path("themes/", explore.theme_list, name="themes"),
    path("themes/<slug:slug>/", explore.theme_detail, name="theme"),
    path("map/", explore.world_map, name="map"),
    path("flows/", explore.flow_view, name="flows"),
]
