from django.urls import path

from .views import editing, moderation, peers, public

app_name = "initiatives"

urlpatterns = [
    path("", public.initiative_list, name="initiative-list"),
    path("new/", editing.initiative_create, name="initiative-create"),
    path("mine/", editing.my_initiatives, name="initiative-mine"),
    path("review/", moderation.review_queue, name="review-queue"),
    path("peers/", peers.peer_status, name="peer-status"),
    path("peers/<slug:slug>/harvest/", peers.peer_harvest, name="peer-harvest"),
    path("peers/<slug:slug>/active/", peers.peer_active, name="peer-active"),
    path("export.csv", public.export_csv, name="export-csv"),
    path("export.json", public.export_json, name="export-json"),
    path("feed/", public.LatestInitiativesFeed(), name="feed"),
    path("<slug:slug>/", public.initiative_detail, name="initiative-detail"),
    path("<slug:slug>/edit/", editing.initiative_edit, name="initiative-edit"),
    path("<slug:slug>/submit/", editing.initiative_submit, name="initiative-submit"),
    path("<slug:slug>/withdraw/", editing.initiative_withdraw, name="initiative-withdraw"),
    path("<slug:slug>/archive/", editing.initiative_archive, name="initiative-archive"),
    path("<slug:slug>/confirm/", editing.initiative_confirm, name="initiative-confirm"),
    path("<slug:slug>/review/", moderation.review, name="initiative-review"),
]
