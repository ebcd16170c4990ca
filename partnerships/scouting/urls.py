from django.urls import path

from . import views

urlpatterns = [
    path("", views.board, name="scouting-board"),
    path("new/", views.create, name="scouting-create"),
    path("<int:pk>/", views.card_detail, name="scouting-card"),
    path("<int:pk>/move/", views.move, name="scouting-move"),
    path("<int:pk>/hand-over/", views.hand_over, name="scouting-hand-over"),
    path("<int:pk>/adopters/", views.adopter_add, name="scouting-adopter-add"),
    path(
        "<int:pk>/adopters/<int:adopter_pk>/remove/",
        views.adopter_remove,
        name="scouting-adopter-remove",
    ),
    path("<int:pk>/passport-request/", views.passport_request, name="scouting-passport-request"),
    path("<int:pk>/notes/", views.note_add, name="scouting-note"),
    path("<int:pk>/dossier/", views.dossier, name="scouting-dossier"),
]
