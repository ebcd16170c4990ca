from django.urls import path

from .views import manage, participation, public

app_name = "training"

urlpatterns = [
    path("", public.offer_list, name="list"),
    path("archive/", public.offer_archive, name="archive"),
    path("mine/", participation.my_training, name="mine"),
    path("mine/certificates/<int:pk>/", participation.certificate_pdf, name="certificate"),
    path("calendar/", participation.calendar_feed, name="calendar-feed"),
    path("calendar/<str:token>.ics", participation.calendar_feed_ics, name="calendar-feed-ics"),
    path("seat/<str:token>/", participation.seat_offer, name="seat-offer"),
    path("manage/", manage.offer_manage_list, name="manage"),
    path("check-in/<str:code>/", manage.check_in, name="check-in"),
    path("new/", manage.offer_create, name="offer-create"),
    path("sessions/<int:pk>/", public.session_detail, name="session-detail"),
    path("sessions/<int:pk>/calendar.ics", public.session_ics, name="session-ics"),
    path("sessions/<int:pk>/register/", participation.register, name="session-register"),
    path("sessions/<int:pk>/cancel/", participation.cancel, name="registration-cancel"),
    path("sessions/<int:pk>/feedback/", participation.feedback, name="feedback"),
    path("sessions/<int:pk>/edit/", manage.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel-session/", manage.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/participants/", manage.participants, name="participants"),
    path("sessions/<int:pk>/participants.csv", manage.participants_csv, name="participants-csv"),
    path(
        "registrations/<int:pk>/<str:action>/",
        manage.registration_action,
        name="registration-action",
    ),
    path("<slug:slug>/", public.offer_detail, name="offer-detail"),
    path("<slug:slug>/edit/", manage.offer_edit, name="offer-edit"),
    path("<slug:slug>/publish/", manage.offer_publish, name="offer-publish"),
    path("<slug:slug>/withdraw/", manage.offer_withdraw, name="offer-withdraw"),
    path("<slug:slug>/sessions/new/", manage.session_create, name="session-create"),
]
