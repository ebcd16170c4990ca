from django.urls import path

from . import views as library

app_name = "library"

urlpatterns = [
    path("", library.resource_list, name="resource-list"),
    path("new/", library.resource_create, name="resource-create"),
    path("export.csv", library.export_csv, name="export-csv"),
    path("collections/", library.collection_list, name="collection-list"),
    path("collections/new/", library.collection_create, name="collection-create"),
    path("collections/<slug:slug>/", library.collection_detail, name="collection-detail"),
    path("collections/<slug:slug>/edit/", library.collection_edit, name="collection-edit"),
    path("<slug:slug>/", library.resource_detail, name="resource-detail"),
    path("<slug:slug>/edit/", library.resource_edit, name="resource-edit"),
    path("<slug:slug>/publish/", library.resource_publish, name="resource-publish"),
    path("<slug:slug>/archive/", library.resource_archive, name="resource-archive"),
    path("<slug:slug>/files/new/", library.resource_file_upload, name="resource-file-upload"),
    path("<slug:slug>/files/<int:pk>/", library.resource_file, name="resource-file"),
    path(
        "<slug:slug>/files/<int:pk>/delete/",
        library.resource_file_delete,
        name="resource-file-delete",
    ),
]
