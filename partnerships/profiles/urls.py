from django.urls import path

from . import views

urlpatterns = [
    path("", views.profile_list, name="profile-list"),
    path("new/", views.profile_create, name="profile-create"),
    path("review/", views.profile_review, name="profile-review"),
    path("<slug:slug>/", views.profile_detail, name="profile-detail"),
    path("<slug:slug>/edit/", views.profile_edit, name="profile-edit"),
    path("<slug:slug>/decide/", views.profile_decide, name="profile-decide"),
    path("<slug:slug>/<str:action>/", views.profile_action, name="profile-action"),
]
