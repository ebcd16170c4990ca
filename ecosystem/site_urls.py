"""The knowledge base's addresses at the root of the language-prefixed site
(``parts.url_modules``)."""

from django.urls import include, path

from .casestudies import views as casestudies

urlpatterns = [
    path("ecosystem/<slug:slug>/report.pdf", casestudies.case_study_pdf, name="casestudy-pdf"),
    # The map and the tracker come before the case studies' <slug>/.
    path("ecosystem/map/", include("ecosystem.map.urls")),
    path("ecosystem/strategy/", include("ecosystem.strategy.urls")),
    path("ecosystem/", include("ecosystem.casestudies.urls")),
    path("library/", include("ecosystem.library.urls")),
    path("my/", include("ecosystem.personal.urls")),
]
