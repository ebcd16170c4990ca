from django.urls import path

from . import views as map_views

app_name = "ecosystem-map"

urlpatterns = [
    path("", map_views.ecosystem_map, name="map"),
]
