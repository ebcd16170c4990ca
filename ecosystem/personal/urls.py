from django.urls import path

from . import views as personal

app_name = "personal"

urlpatterns = [
    path("lists/", personal.list_index, name="list-index"),
    path("lists/new/", personal.list_create, name="list-create"),
    path("lists/<int:pk>/", personal.list_detail, name="list-detail"),
    path("lists/<int:pk>/edit/", personal.list_edit, name="list-edit"),
    path("lists/<int:pk>/delete/", personal.list_delete, name="list-delete"),
    path("bookmarks/add/", personal.bookmark_add, name="bookmark-add"),
    path("bookmarks/<int:pk>/remove/", personal.bookmark_remove, name="bookmark-remove"),
    path("searches/", personal.search_index, name="search-index"),
    path("searches/save/", personal.search_save, name="search-save"),
    path("searches/<int:pk>/delete/", personal.search_delete, name="search-delete"),
    path("searches/<int:pk>/emails/", personal.search_emails, name="search-emails"),
    path("searches/unsubscribe/<str:token>/", personal.unsubscribe, name="unsubscribe"),
]
