from django.urls import path

from . import views as casestudies

app_name = "ecosystem"

urlpatterns = [
    path("", casestudies.casestudy_list, name="casestudy-list"),
    path("new/", casestudies.casestudy_create, name="casestudy-create"),
    path("compare/", casestudies.casestudy_compare, name="casestudy-compare"),
    path("<slug:slug>/", casestudies.casestudy_detail, name="casestudy-detail"),
    path("<slug:slug>/edit/", casestudies.casestudy_edit, name="casestudy-edit"),
    path(
        "<slug:slug>/request-publication/",
        casestudies.casestudy_request_publication,
        name="casestudy-request-publication",
    ),
    path("<slug:slug>/publish/", casestudies.casestudy_publish, name="casestudy-publish"),
    path("<slug:slug>/archive/", casestudies.casestudy_archive, name="casestudy-archive"),
    path("<slug:slug>/unpublish/", casestudies.casestudy_unpublish, name="casestudy-unpublish"),
]
