from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/withdraw/", views.profile_withdraw, name="profile-withdraw"),
    path("request/", views.request_create, name="request-create"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    path("requests/<int:pk>/propose/", views.propose, name="request-propose"),
    path("requests/<int:pk>/meetings/", views.meeting_create, name="meeting-create"),
    path("requests/<int:pk>/feedback/", views.feedback_create, name="feedback-create"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="request-action"),
    path("coordinate/", views.coordinate, name="coordinate"),
    path("mentors/<int:pk>/decide/", views.mentor_decide, name="mentor-decide"),
]
