from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("actions/<slug:slug>/", views.action_detail, name="detail"),
    path("filters/<slug:param>/", views.facet_values, name="facet"),
    path("export.json", views.export_json, name="export-json"),
    path("export.csv", views.export_csv, name="export-csv"),
]
