from django.urls import path

from . import views

app_name = "advice"

urlpatterns = [
    path("", views.advice_home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("queue/settings/", views.desk_settings, name="desk-settings"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.question_detail, name="question-detail"),
    path("<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("<int:pk>/reply/", views.question_reply, name="question-reply"),
    path("<int:pk>/note/", views.question_note, name="question-note"),
    path("<int:pk>/assign/", views.question_assign, name="question-assign"),
    path("<int:pk>/faq/", views.question_faq, name="question-faq"),
    path("<int:pk>/<slug:action>/", views.question_action, name="question-action"),
]
