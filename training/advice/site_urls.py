"""The advice desk's addresses at the root of the language-prefixed site (``parts.url_modules``)."""

from django.urls import include, path

urlpatterns = [path("advice/", include("training.advice.urls"))]
