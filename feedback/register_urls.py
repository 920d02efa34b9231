from django.urls import path

from . import views

app_name = "you_said_we_did"

urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("export.csv", views.register_csv, name="export-csv"),
]
