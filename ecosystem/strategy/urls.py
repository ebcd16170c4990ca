from django.urls import path

from . import views as strategy

app_name = "strategy"

urlpatterns = [
    path("", strategy.strategy_overview, name="overview"),
    path("<str:country>/", strategy.strategy_country, name="country"),
    path("<str:country>/new/", strategy.milestone_create, name="milestone-create"),
    path("<str:country>/<int:pk>/edit/", strategy.milestone_edit, name="milestone-edit"),
    path("<str:country>/<int:pk>/delete/", strategy.milestone_delete, name="milestone-delete"),
]
