"""Partnerships' addresses at the root of the language-prefixed site (``parts.url_modules``)."""

from django.urls import include, path

urlpatterns = [path("", include("partnerships.urls"))]
