"""Matchmaking and introductions, at ``matches/`` in the ``partnerships`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.matches, name="matches"),
    path("interest/", views.interest, name="introduction-interest"),
    path("broker/", views.broker, name="introduction-broker"),
    path("<int:pk>/", views.introduction_detail, name="introduction"),
    path("<int:pk>/stage/", views.introduction_stage, name="introduction-stage"),
    path("<int:pk>/<slug:action>/", views.introduction_action, name="introduction-action"),
]
