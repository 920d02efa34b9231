from django.urls import path

from . import serving

urlpatterns = [
    path("<path:path>", serving.serve, name="filer-file"),
]
