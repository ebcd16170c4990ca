"""Partnerships' addresses, one namespace for its three parts."""

from django.urls import include, path

app_name = "partnerships"

urlpatterns = [
    # Before the profiles: "watches" is not a profile's slug.
    path("partners/watches/", include("partnerships.watch_urls")),
    path("partners/", include("partnerships.profiles.urls")),
    path("matches/", include("partnerships.introductions.urls")),
    path("scouting/", include("partnerships.scouting.urls")),
]
