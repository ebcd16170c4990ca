from django.urls import path

from . import watch_views

urlpatterns = [
    path("", watch_views.watch_list, name="watch-list"),
    path("new/", watch_views.watch_create, name="watch-create"),
    path("<int:pk>/emails/", watch_views.watch_toggle, name="watch-toggle"),
    path("<int:pk>/delete/", watch_views.watch_delete, name="watch-delete"),
    path("unsubscribe/<str:token>/", watch_views.watch_unsubscribe, name="watch-unsubscribe"),
]
