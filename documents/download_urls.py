from django.urls import path

from . import serving

urlpatterns = [
    path("<int:pk>/<str:name>", serving.download, name="document-download"),
]
