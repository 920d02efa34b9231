from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/<str:name>", views.download, name="document-download"),
]
