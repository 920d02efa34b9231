from django.urls import path

from . import exports, views

app_name = "units"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="list"),
    path("export.csv", exports.CsvExportView.as_view(), name="export-csv"),
    path("export.json", exports.JsonExportView.as_view(), name="export-json"),
    path("<slug:slug>/", views.UnitDetailView.as_view(), name="detail"),
]
